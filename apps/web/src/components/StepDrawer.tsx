import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Divider,
  Drawer,
  Form,
  Grid,
  Input,
  Select,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useApi } from '../lib/useApi';
import { api, ApiError, call, type Schemas, type WorkItem } from '../api/client';
import { BUCKET_HEX, daysLeftText, EVENT_KINDS, viDate } from '../lib/format';
import { BucketTag } from './BucketTag';

type Role = Schemas['Role'];
type Action = 'submit' | 'approve' | 'reject' | 'reassign' | 'extend' | 'cancel';

const MAX_FILES = 20;
const MAX_LINKS = 20;

/** The per-field Vietnamese messages of a refusal, for a Form. */
const fieldErrors = (e: unknown): { name: string; errors: string[] }[] =>
  e instanceof ApiError && e.body.errors ? Object.entries(e.body.errors).map(([name, msg]) => ({ name, errors: [msg] })) : [];

/** Uploads one evidence file (multipart) to the step; its id goes in the submission. */
async function upload(planId: string, stepId: string, file: File): Promise<string> {
  const body = new FormData();
  body.append('file', file, file.name);
  const r = await call(
    api.POST('/api/v1/plans/{planId}/steps/{stepId}/files', {
      params: { path: { planId, stepId } },
      body: body as never,
      bodySerializer: (b: unknown) => b as FormData,
    }),
  );
  return r.id;
}

/**
 * A step in a drawer: plan, item, step, who does it (title and name), village, due date, what was submitted (files,
 * links, note), its history as a timeline, and the actions the person's roles allow — submit with evidence, approve,
 * return with a reason, reassign, ask for more time, cancel — each through the step endpoints of /api/v1. The server
 * decides in the end; a refusal shows its Vietnamese message and changes nothing.
 */
export function StepDrawer({ item, onClose, onChanged }: { item: WorkItem; onClose: () => void; onChanged: () => void }) {
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const [action, setAction] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [form] = Form.useForm();
  const path = { planId: item.planId, stepId: item.stepId };

  const {
    data,
    error: loadError,
    reload,
  } = useApi(`${item.planId}/${item.stepId}`, () =>
    Promise.all([
      call(api.GET('/api/v1/plans/{planId}/steps/{stepId}', { params: { path } })),
      call(api.GET('/api/v1/plans/{planId}/roles', { params: { path: { planId: item.planId } } })),
      call(api.GET('/api/v1/plans/{planId}/steps/{stepId}/audit', { params: { path } })),
    ]),
  );
  const [step, roles, audit] = data ?? [null, [] as Role[], null];
  const error = loadError?.message ?? null;

  const title = (key: string | null | undefined) => (key ? (roles.find((r) => r.key === key)?.title ?? key) : '');
  const state = step?.state ?? item.state;
  const open = state === 'assigned' || state === 'returned';
  // Who may do what comes from the API (WorkItem.actions); an answer older than the step's state offers nothing.
  const allowed = new Set(step && step.state === item.state ? item.actions : []);
  const mayDo: Record<Action, boolean> = {
    submit: allowed.has('submit'),
    extend: allowed.has('extend'),
    approve: allowed.has('approve'),
    reject: allowed.has('reject'),
    reassign: allowed.has('reassign'),
    cancel: allowed.has('cancel'),
  };
  const lastSubmission = step?.events.filter((e) => e.kind === 'submitted').pop();

  const done = (text: string) => {
    message.success(text);
    setAction(null);
    setFiles([]);
    form.resetFields();
    reload();
    onChanged();
  };

  async function send(values: Record<string, unknown>) {
    if (!action) return;
    setBusy(true);
    try {
      switch (action) {
        case 'submit': {
          const links = String(values.links ?? '')
            .split(/\s+/)
            .filter(Boolean);
          const ids: string[] = [];
          for (const f of files) ids.push(await upload(item.planId, item.stepId, f.originFileObj as File));
          await call(
            api.POST('/api/v1/plans/{planId}/steps/{stepId}/submission', {
              params: { path },
              body: { note: String(values.note).trim(), links, fileIds: ids },
            }),
          );
          done('Đã gửi báo cáo kết quả.');
          break;
        }
        case 'approve':
          await call(
            api.POST('/api/v1/plans/{planId}/steps/{stepId}/approval', {
              params: { path },
              body: values.note ? { note: String(values.note) } : {},
            }),
          );
          done('Đã phê duyệt.');
          break;
        case 'reject':
          await call(
            api.POST('/api/v1/plans/{planId}/steps/{stepId}/rejection', {
              params: { path },
              body: { reason: String(values.reason).trim() },
            }),
          );
          done('Đã trả lại để làm lại.');
          break;
        case 'reassign':
          await call(
            api.POST('/api/v1/plans/{planId}/steps/{stepId}/reassignment', {
              params: { path },
              body: { to: String(values.to), reason: String(values.reason).trim() },
            }),
          );
          done('Đã giao lại.');
          break;
        case 'extend':
          await call(
            api.POST('/api/v1/plans/{planId}/steps/{stepId}/extension-request', {
              params: { path },
              body: { until: (values.until as Dayjs).format('YYYY-MM-DD'), reason: String(values.reason).trim() },
            }),
          );
          done('Đã gửi đề nghị gia hạn.');
          break;
        case 'cancel':
          await call(
            api.POST('/api/v1/plans/{planId}/steps/{stepId}/cancellation', {
              params: { path },
              body: { reason: String(values.reason).trim() },
            }),
          );
          done('Đã hủy việc này.');
          break;
      }
    } catch (e) {
      const fields = fieldErrors(e).filter((f) => form.getFieldInstance(f.name) !== undefined);
      if (fields.length) form.setFields(fields);
      message.error(e instanceof ApiError ? e.message : 'Không thực hiện được; chưa có gì thay đổi.');
    } finally {
      setBusy(false);
    }
  }

  const required = (text: string) => [{ required: true, whitespace: true, message: text }];
  const reason = (label: string, text: string) => (
    <Form.Item name="reason" label={label} rules={required(text)}>
      <Input.TextArea rows={3} maxLength={4000} />
    </Form.Item>
  );

  return (
    <Drawer
      open
      onClose={onClose}
      size={phone ? '100%' : 640}
      title={`${item.planNumber} · ${item.title}`}
      destroyOnHidden
      rootClassName="dd-step-drawer"
    >
      {error && <Alert type="error" showIcon title={error} />}
      {!step && !error && <Spin />}
      {step && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="Kế hoạch">
              <a href={`/app/ke-hoach/${encodeURIComponent(item.planId)}`}>{item.planNumber}</a> – {item.planTitle}
            </Descriptions.Item>
            <Descriptions.Item label="Nội dung">
              {item.itemId}. {item.itemTitle}
            </Descriptions.Item>
            <Descriptions.Item label="Việc">{step.title}</Descriptions.Item>
            <Descriptions.Item label="Người thực hiện">
              {item.assignee.holders.length ? `${item.assignee.title} – ${item.assignee.holders.join(', ')}` : item.assignee.title}
            </Descriptions.Item>
            {item.approver && (
              <Descriptions.Item label="Người phê duyệt">
                {item.approver.holders.length ? `${item.approver.title} – ${item.approver.holders.join(', ')}` : item.approver.title}
              </Descriptions.Item>
            )}
            {item.unitName && <Descriptions.Item label="Thôn">{item.unitName}</Descriptions.Item>}
            <Descriptions.Item label="Hạn">
              <span data-due>{viDate(step.extendedDueDate ?? step.dueDate)}</span>{' '}
              {item.workingDaysLeft !== null && open && (
                <Typography.Text type="secondary">({daysLeftText(item.workingDaysLeft)})</Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="Trạng thái">
              <span data-drawer-bucket>
                <BucketTag bucket={step.state === 'submitted' ? 'awaiting' : step.state === 'returned' ? 'returned' : step.bucket} />
              </span>
            </Descriptions.Item>
          </Descriptions>

          {lastSubmission && (
            <>
              <Divider titlePlacement="start">Kết quả đã báo cáo (lần {lastSubmission.evidence?.version ?? 1})</Divider>
              <Typography.Paragraph data-note>{lastSubmission.note}</Typography.Paragraph>
              {lastSubmission.evidence?.links.map((l) => (
                <div key={l}>
                  <a href={l} target="_blank" rel="noreferrer noopener" data-link>
                    {l}
                  </a>
                </div>
              ))}
              {lastSubmission.evidence?.files.map((f) => (
                <div key={f.id}>
                  <PaperClipOutlined />{' '}
                  <a
                    href={`/api/v1/plans/${encodeURIComponent(item.planId)}/steps/${encodeURIComponent(item.stepId)}/files/${f.id}`}
                    data-file
                  >
                    {f.name}
                  </a>{' '}
                  <Typography.Text type="secondary">({Math.ceil(f.size / 1024)} KB)</Typography.Text>
                </div>
              ))}
            </>
          )}

          {Object.values(mayDo).some(Boolean) && (
            <>
              <Divider titlePlacement="start">Thao tác</Divider>
              <Space wrap data-actions>
                {mayDo.submit && (
                  <Button type={action === 'submit' ? 'primary' : 'default'} onClick={() => setAction('submit')} data-action="submit">
                    Báo cáo kết quả
                  </Button>
                )}
                {mayDo.approve && (
                  <Button type={action === 'approve' ? 'primary' : 'default'} onClick={() => setAction('approve')} data-action="approve">
                    Phê duyệt
                  </Button>
                )}
                {mayDo.reject && (
                  <Button danger={action === 'reject'} onClick={() => setAction('reject')} data-action="reject">
                    Trả lại
                  </Button>
                )}
                {mayDo.extend && (
                  <Button onClick={() => setAction('extend')} data-action="extend">
                    Xin gia hạn
                  </Button>
                )}
                {mayDo.reassign && (
                  <Button onClick={() => setAction('reassign')} data-action="reassign">
                    Giao lại
                  </Button>
                )}
                {mayDo.cancel && (
                  <Button onClick={() => setAction('cancel')} data-action="cancel">
                    Hủy việc
                  </Button>
                )}
              </Space>
              {action && (
                <Form
                  form={form}
                  layout="vertical"
                  onFinish={(v) => void send(v as Record<string, unknown>)}
                  style={{ marginTop: 16 }}
                  data-form={action}
                  key={action}
                >
                  {action === 'submit' && (
                    <>
                      <Form.Item
                        name="note"
                        label="Nội dung báo cáo"
                        rules={required('Cần nhập nội dung báo cáo: đã làm gì, minh chứng ở đâu.')}
                      >
                        <Input.TextArea rows={3} maxLength={4000} />
                      </Form.Item>
                      <Form.Item
                        name="links"
                        label="Đường dẫn minh chứng (mỗi dòng một địa chỉ http/https)"
                        rules={[
                          {
                            validator: async (_, v: string | undefined) => {
                              const links = (v ?? '').split(/\s+/).filter(Boolean);
                              if (links.length > MAX_LINKS) throw new Error(`Tối đa ${MAX_LINKS} đường dẫn.`);
                              if (links.some((l) => !/^https?:\/\/\S+$/i.test(l)))
                                throw new Error('Mỗi đường dẫn phải bắt đầu bằng http:// hoặc https://.');
                            },
                          },
                        ]}
                      >
                        <Input.TextArea rows={2} />
                      </Form.Item>
                      <Form.Item label="Tệp minh chứng">
                        <Upload
                          multiple
                          fileList={files}
                          beforeUpload={(f) => {
                            setFiles((xs) =>
                              xs.length >= MAX_FILES
                                ? xs
                                : [...xs, { uid: f.uid, name: f.name, size: f.size, originFileObj: f, status: 'done' }],
                            );
                            return false;
                          }}
                          onRemove={(f) => setFiles((xs) => xs.filter((x) => x.uid !== f.uid))}
                        >
                          <Button icon={<UploadOutlined />}>Chọn tệp</Button>
                        </Upload>
                      </Form.Item>
                    </>
                  )}
                  {action === 'approve' && (
                    <Form.Item name="note" label="Ý kiến (không bắt buộc)">
                      <Input.TextArea rows={2} maxLength={4000} />
                    </Form.Item>
                  )}
                  {action === 'reject' && reason('Lý do trả lại', 'Cần nhập lý do trả lại. Chưa có gì thay đổi.')}
                  {action === 'reassign' && (
                    <>
                      <Form.Item name="to" label="Giao cho" rules={[{ required: true, message: 'Cần chọn người nhận việc.' }]}>
                        <Select
                          showSearch={{ optionFilterProp: 'label' }}
                          options={roles
                            .filter((r) => r.key !== step.assignee)
                            .map((r) => ({ value: r.key, label: `${r.title} – ${r.person}` }))}
                        />
                      </Form.Item>
                      {reason('Lý do giao lại', 'Cần nhập lý do giao lại.')}
                    </>
                  )}
                  {action === 'extend' && (
                    <>
                      <Form.Item name="until" label="Xin gia hạn đến ngày" rules={[{ required: true, message: 'Cần chọn ngày.' }]}>
                        <DatePicker format="DD/MM/YYYY" />
                      </Form.Item>
                      {reason('Lý do xin gia hạn', 'Cần nhập lý do xin gia hạn.')}
                    </>
                  )}
                  {action === 'cancel' && reason('Lý do hủy', 'Cần nhập lý do hủy.')}
                  <Space>
                    <Button type="primary" htmlType="submit" loading={busy} danger={action === 'reject' || action === 'cancel'} data-send>
                      Gửi
                    </Button>
                    <Button onClick={() => setAction(null)}>Thôi</Button>
                  </Space>
                </Form>
              )}
            </>
          )}

          <Divider titlePlacement="start">
            Lịch sử{' '}
            {audit &&
              (audit.valid ? (
                // Text darker than Ant Design's tag colours: a contrast of 4.5:1 on the tag (axe, WCAG AA).
                <Tag color="green" style={{ color: BUCKET_HEX.completed_on_time }} data-audit="valid">
                  Toàn vẹn ({audit.events} sự kiện)
                </Tag>
              ) : (
                <Tag color="red" style={{ color: '#a8071a' }} data-audit="broken">
                  Lịch sử đã bị sửa từ sự kiện {audit.brokenAtSeq}
                </Tag>
              ))}
          </Divider>
          <Timeline
            data-history
            items={step.events.map((e) => ({
              key: e.seq,
              content: (
                <>
                  <b>{EVENT_KINDS[e.kind] ?? e.kind}</b> · {item.rehearsal ? e.atPlanVi : e.atVi}
                  {e.actor && <div>{title(e.actor)}</div>}
                  {e.note && <div>{e.note}</div>}
                </>
              ),
            }))}
          />
          {item.rehearsal && (
            <Typography.Text type="secondary">Thời điểm trong lịch sử tính theo thời gian của kế hoạch diễn tập.</Typography.Text>
          )}
        </>
      )}
    </Drawer>
  );
}
