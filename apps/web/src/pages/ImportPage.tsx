import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, call, type Schemas } from '../api/client';
import { useApi } from '../lib/useApi';
import { useSession } from '../shell/session';

/** What the server takes (apps/api/src/drafts: MAX_DOCUMENT_BYTES; a plan file 2 MiB), said before the upload. */
export const MAX_DOCUMENT_MB = 10;
export const MAX_PLAN_FILE_MB = 2;
const ACCEPT = '.docx,.doc,.txt,.yaml,.yml';

/** Why a file is refused before it is sent (its kind, its size), or null. The server checks again and says why in its own words. */
export function refusalOf(file: { name: string; size: number }): string | null {
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  if (!['docx', 'doc', 'txt', 'yaml', 'yml'].includes(ext))
    return `Tệp «${file.name}» không phải văn bản kế hoạch (.docx, .doc, .txt) hay tệp kế hoạch (.yaml); chưa tải lên.`;
  const max = ext === 'yaml' || ext === 'yml' ? MAX_PLAN_FILE_MB : MAX_DOCUMENT_MB;
  if (file.size > max * 1024 * 1024) return `Tệp «${file.name}» lớn hơn ${max} MB; chưa tải lên.`;
  if (file.size === 0) return `Tệp «${file.name}» trống; chưa tải lên.`;
  return null;
}

const SOURCE: Record<string, string> = { document: 'Văn bản', plan_file: 'Tệp kế hoạch', next_year: 'Năm sau' };

/** /app/nhap-ke-hoach — upload a signed plan document or a plan file, the drafts, next year's draft of a plan. */
export function ImportPage() {
  const navigate = useNavigate();
  const { me } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const drafts = useApi('drafts', () => call(api.GET('/api/v1/plan-drafts')));

  const upload = async (file: File) => {
    setError(null);
    setBusy(true);
    try {
      const form = new FormData();
      form.set('file', file, file.name);
      const draft = await call(api.POST('/api/v1/plan-drafts', { body: form as unknown as { file: string } }));
      void navigate(`/nhap-ke-hoach/${draft.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        Nhập kế hoạch
      </Typography.Title>
      <Card size="small" title="Từ văn bản kế hoạch đã ký">
        <Upload.Dragger
          accept={ACCEPT}
          multiple={false}
          showUploadList={false}
          disabled={busy}
          beforeUpload={(file) => {
            const why = refusalOf(file);
            if (why) setError(why);
            else void upload(file);
            return false;
          }}
          data-upload
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">Kéo thả tệp vào đây, hoặc bấm để chọn tệp</p>
          <p className="ant-upload-hint">
            Văn bản kế hoạch đã ký (.docx, .doc, .txt) tối đa {MAX_DOCUMENT_MB} MB, hoặc tệp kế hoạch (.yaml) tối đa {MAX_PLAN_FILE_MB} MB.
            Những gì văn bản chưa nói sẽ được liệt kê để điền.
          </p>
        </Upload.Dragger>
        {busy && <Alert style={{ marginTop: 12 }} type="info" showIcon title="Đang đọc tệp…" />}
        {error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} data-upload-error />}
      </Card>
      <NextYear plans={me?.roles ?? []} />
      <Card size="small" title="Bản nháp của tôi">
        {drafts.error ? (
          <Alert type="error" showIcon title={drafts.error.message} />
        ) : (
          <Table<Schemas['DraftSummary']>
            size="small"
            rowKey="id"
            loading={drafts.loading}
            dataSource={drafts.data ?? []}
            scroll={{ x: 640 }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              {
                title: 'Kế hoạch',
                render: (_, d) => (
                  <Link to={`/nhap-ke-hoach/${d.id}`} data-draft-link={d.id}>
                    {d.title}
                  </Link>
                ),
              },
              { title: 'Nguồn', render: (_, d) => `${SOURCE[d.source.kind] ?? d.source.kind}: ${d.source.name}` },
              { title: 'Sửa lần cuối', render: (_, d) => `${d.updatedAtVi} – ${d.updatedBy.name}` },
              {
                title: 'Trạng thái',
                render: (_, d) => (d.startedPlanId ? <Tag>Đã bắt đầu</Tag> : <Tag>Bản nháp, phiên bản {d.version}</Tag>),
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}

/** "Lập kế hoạch năm sau": a plan the person holds a role in, cloned to the next year, opened in the editor. */
function NextYear({ plans }: { plans: Schemas['Me']['roles'] }) {
  const navigate = useNavigate();
  const options = [
    ...new Map(
      plans.filter((r) => !r.monitor).map((r) => [r.planId, { value: r.planId, label: `${r.planNumber} – ${r.planTitle}` }]),
    ).values(),
  ];
  const [planId, setPlanId] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!options.length) return null;
  const make = async () => {
    if (!planId) return;
    setBusy(true);
    setError(null);
    try {
      const d = await call(api.POST('/api/v1/plans/{planId}/next-year-draft', { params: { path: { planId } } }));
      void navigate(`/nhap-ke-hoach/${d.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title="Lập kế hoạch năm sau">
      <Space wrap style={{ width: '100%' }}>
        <Select
          aria-label="Kế hoạch năm nay"
          style={{ minWidth: 260, maxWidth: '100%' }}
          placeholder="Chọn kế hoạch năm nay"
          options={options}
          value={planId}
          onChange={setPlanId}
          data-next-year-plan
        />
        <Button type="primary" disabled={!planId} loading={busy} onClick={() => void make()} data-next-year>
          Lập kế hoạch năm sau
        </Button>
      </Space>
      {error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} />}
    </Card>
  );
}
