import { Alert, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useApi } from '../../lib/useApi';

type Row = Schemas['DraftPreview']['items'][number];
const PAGE_SIZE = 20;

const who = (r: { title: string; person?: string | null }) => (r.person ? `${r.title} – ${r.person}` : r.title);

/** The reminder and escalation calendar of the saved draft, a page at a time, as `plan preview` shows it. */
export function PreviewTable({ draftId, version }: { draftId: string; version: number }) {
  const [page, setPage] = useState(1);
  const { data, error, loading } = useApi(`preview:${draftId}:${version}:${page}`, () =>
    call(api.GET('/api/v1/plan-drafts/{draftId}/preview', { params: { path: { draftId }, query: { page, pageSize: PAGE_SIZE } } })),
  );
  if (error) return <Alert type="error" showIcon title={error.message} />;
  return (
    <div data-preview>
      <Typography.Paragraph type="secondary">
        Mỗi việc theo ngày, với các lần nhắc việc và báo cáo cấp trên sẽ gửi (trước khi có thư nào được gửi)
        {data ? `: ${data.total} việc` : ''}.
      </Typography.Paragraph>
      {/* The wrapper scrolls on a phone, and takes the keyboard focus so it can be scrolled without a mouse. */}
      <div tabIndex={0} role="region" aria-label="Lịch nhắc việc" style={{ overflowX: 'auto' }}>
        <Table<Row>
          size="small"
          loading={loading}
          rowKey={(r) => `${r.stepId}:${r.unitId ?? ''}:${r.period ?? ''}:${r.due}`}
          dataSource={data?.items ?? []}
          style={{ minWidth: 760 }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
          columns={[
            { title: 'Hạn', dataIndex: 'dueVi', width: 110, render: (v: string) => <span data-due>{v}</span> },
            {
              title: 'Việc',
              render: (_, r) => (
                <span>
                  {r.title}
                  {r.unitName ? ` (${r.unitName})` : ''}
                </span>
              ),
            },
            { title: 'Người thực hiện', render: (_, r) => who(r.assignee) },
            {
              title: 'Nhắc việc, báo cáo cấp trên',
              render: (_, r) =>
                r.events.length ? (
                  <ul style={{ margin: 0, paddingLeft: 16 }}>
                    {r.events.map((e, i) => (
                      <li key={i} data-event={e.kind}>
                        {e.dateVi}: {e.kindLabel} → {who(e.to)}
                      </li>
                    ))}
                  </ul>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </div>
    </div>
  );
}
