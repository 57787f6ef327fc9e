import { Alert, Card, Empty, Grid, Input, List, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { api, call, type WorkItem } from '../api/client';
import { useApi } from '../lib/useApi';
import { BUCKETS, daysLeftText, viDate, type Bucket } from '../lib/format';
import { BucketTag } from './BucketTag';
// The drawer (forms, upload, date picker, timeline) loads when a step is first opened: not on the first page.
const StepDrawer = lazy(() => import('./StepDrawer').then((m) => ({ default: m.StepDrawer })));

export interface Filters {
  q?: string;
  plan?: string;
  item?: string;
  village?: string;
  bucket?: Exclude<Bucket, 'cancelled'>;
  page: number;
}

const who = (s: { title: string; holders: string[] }) => (s.holders.length ? `${s.title} – ${s.holders.join(', ')}` : s.title);

/** The table's columns; exported for the component tests. */
export function workColumns(open: (w: WorkItem) => void): ColumnsType<WorkItem> {
  return [
    {
      title: 'Kế hoạch',
      key: 'plan',
      render: (_, w) => (
        <Link to={`/ke-hoach/${encodeURIComponent(w.planId)}`} title={w.planTitle}>
          {w.planNumber}
        </Link>
      ),
    },
    {
      title: 'Nội dung',
      key: 'item',
      render: (_, w) => `${w.itemId}. ${w.itemTitle}`,
      ellipsis: true,
    },
    {
      title: 'Việc cần làm',
      key: 'step',
      render: (_, w) => (
        <Space orientation="vertical" size={0}>
          <Typography.Link onClick={() => open(w)} data-open-step>
            {w.title}
          </Typography.Link>
          {w.unitName && <Typography.Text type="secondary">{w.unitName}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: 'Người thực hiện',
      key: 'assignee',
      render: (_, w) => who(w.assignee),
    },
    {
      title: 'Hạn',
      key: 'due',
      render: (_, w) => <span data-due>{viDate(w.dueDate)}</span>,
      width: 110,
    },
    {
      title: 'Thời gian còn lại',
      key: 'left',
      render: (_, w) => <span data-left>{daysLeftText(w.workingDaysLeft)}</span>,
    },
    {
      title: 'Trạng thái',
      key: 'bucket',
      render: (_, w) => <BucketTag bucket={w.bucket} />,
    },
  ];
}

/** One step as a card, for a phone. */
function WorkCard({ w, open }: { w: WorkItem; open: (w: WorkItem) => void }) {
  return (
    <Card
      size="small"
      data-step={w.stepId}
      data-plan={w.planId}
      onClick={() => open(w)}
      hoverable
      title={w.title}
      extra={<BucketTag bucket={w.bucket} />}
    >
      <div>
        <Typography.Text type="secondary">{w.planNumber}</Typography.Text> · {w.itemId}. {w.itemTitle}
      </div>
      {w.unitName && <div>{w.unitName}</div>}
      <div>{who(w.assignee)}</div>
      <div>
        Hạn <b data-due>{viDate(w.dueDate)}</b> {w.workingDaysLeft !== null && <span data-left>({daysLeftText(w.workingDaysLeft)})</span>}
      </div>
      {w.returnReason && <Alert type="warning" showIcon title={`Lý do trả lại: ${w.returnReason}`} style={{ marginTop: 8 }} />}
    </Card>
  );
}

/** The filters chosen from the answer's own options (`options.plans`, `options.items`, `options.villages`). */
const OPTION_FILTERS = [
  { key: 'plan', name: 'Kế hoạch', width: 180 },
  { key: 'item', name: 'Nội dung', width: 180 },
  { key: 'village', name: 'Thôn', width: 140 },
] as const;

/**
 * A list of the person's steps (`my-work`) or approvals: search and filters by plan, item, village and status; a
 * table on a desktop, cards on a phone; a step opens in a drawer. Filtering and paging are the API's.
 */
export function WorkList({ source, onChanged }: { source: 'my-work' | 'approvals'; onChanged?: () => void }) {
  const phone = Grid.useBreakpoint().md === false;
  const [filters, setFilters] = useState<Filters>({ page: 1 });
  const [opened, setOpened] = useState<WorkItem | null>(null);
  const [search, setSearch] = useState('');
  const { data, error, loading, reload } = useApi(JSON.stringify([source, filters]), () => {
    const query = { ...filters, pageSize: 20 };
    return source === 'my-work'
      ? call(api.GET('/api/v1/my-work', { params: { query } }))
      : call(api.GET('/api/v1/approvals', { params: { query } }));
  });

  // The opened step as the latest answer has it (its state and actions after an action), else as it was opened.
  const shown = opened && (data?.items.find((w) => w.planId === opened.planId && w.stepId === opened.stepId) ?? opened);
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch, page: patch.page ?? 1 }));
  const rehearsal = data?.items.find((w) => w.rehearsal);
  const bucketOptions = (
    source === 'my-work' ? (['open_on_time', 'open_overdue', 'returned', 'awaiting'] as const) : (['awaiting'] as const)
  ).map((b) => ({
    value: b,
    label: BUCKETS[b].label,
  }));
  const open = (w: WorkItem) => setOpened(w);

  return (
    <>
      <Space wrap style={{ marginBottom: 12, width: '100%' }} data-filters>
        <Input.Search
          placeholder="Tìm theo tên việc, nội dung, số kế hoạch"
          aria-label="Tìm kiếm"
          allowClear
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => set({ q: v || undefined })}
          style={{ width: phone ? '100%' : 320 }}
        />
        {OPTION_FILTERS.map(({ key, name, width }) => (
          <Select
            key={key}
            allowClear
            placeholder={name}
            aria-label={`Lọc theo ${name.toLowerCase()}`}
            style={{ minWidth: width }}
            options={data?.options[`${key}s`].map((o) => ({ value: o.id, label: o.label }))}
            value={filters[key]}
            onChange={(v) => set({ [key]: v })}
          />
        ))}
        <Select
          allowClear
          placeholder="Trạng thái"
          aria-label="Lọc theo trạng thái"
          style={{ minWidth: 200 }}
          options={bucketOptions}
          value={filters.bucket}
          onChange={(v) => set({ bucket: v })}
        />
      </Space>
      {rehearsal && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`Kế hoạch ${rehearsal.planNumber} đang chạy diễn tập theo thời gian của kế hoạch: hôm nay là ngày ${viDate(rehearsal.planDate)}; mọi hạn và số ngày trên trang này tính theo ngày đó.`}
          data-rehearsal
        />
      )}
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
      {phone ? (
        <List
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{
            emptyText: (
              <Empty
                description={source === 'my-work' ? 'Không có việc nào đang chờ đồng chí.' : 'Không có việc nào chờ đồng chí phê duyệt.'}
              />
            ),
          }}
          renderItem={(w) => (
            <List.Item style={{ display: 'block' }}>
              <WorkCard w={w} open={open} />
            </List.Item>
          )}
          pagination={
            data && data.pages > 1
              ? {
                  current: data.page,
                  total: data.total,
                  pageSize: data.pageSize,
                  onChange: (page) => set({ page }),
                }
              : false
          }
        />
      ) : (
        <Table<WorkItem>
          rowKey={(w) => `${w.planId}/${w.stepId}`}
          loading={loading}
          columns={workColumns(open)}
          dataSource={data?.items ?? []}
          onRow={(w) =>
            ({
              'data-step': w.stepId,
              'data-plan': w.planId,
            }) as React.HTMLAttributes<HTMLElement>
          }
          locale={{
            emptyText: (
              <Empty
                description={source === 'my-work' ? 'Không có việc nào đang chờ đồng chí.' : 'Không có việc nào chờ đồng chí phê duyệt.'}
              />
            ),
          }}
          pagination={{
            current: data?.page ?? 1,
            total: data?.total ?? 0,
            pageSize: data?.pageSize ?? 20,
            onChange: (page) => set({ page }),
            hideOnSinglePage: true,
          }}
          scroll={{ x: 900 }}
        />
      )}
      {shown && (
        <Suspense fallback={null}>
          <StepDrawer
            item={shown}
            onClose={() => setOpened(null)}
            onChanged={() => {
              reload();
              onChanged?.();
            }}
          />
        </Suspense>
      )}
    </>
  );
}
