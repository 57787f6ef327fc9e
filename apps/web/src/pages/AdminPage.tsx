import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Form, Input, Modal, Popconfirm, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, ApiError, call, type Schemas } from '../api/client';
import { useApi } from '../lib/useApi';
import { viDateTime } from '../lib/format';
import { useSession } from '../shell/session';
import { ErrorPage } from './ErrorPage';

type Token = Schemas['ApiToken'];
type Created = Schemas['ApiTokenCreated'];
type User = Schemas['AdminUsers']['users'][number];

const STATE_STATUS: Record<Token['state'], 'success' | 'default' | 'warning'> = {
  active: 'success',
  revoked: 'default',
  expired: 'warning',
};
const at = (iso: string | null) => (iso ? viDateTime(iso) : '—');

/** The API tokens: the list, a new one (shown once, with a copy button), revoking with a confirmation. */
function Tokens() {
  const { message } = App.useApp();
  const { data, error, loading, reload } = useApi('admin/tokens', () => call(api.GET('/api/v1/admin/tokens')));
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ name: string; unitId: string; planId?: string; expires?: string }>();

  const create = async (v: { name: string; unitId: string; planId?: string; expires?: string }) => {
    setBusy(true);
    try {
      const body = {
        name: v.name.trim(),
        unitId: v.unitId.trim(),
        ...(v.planId?.trim() ? { planId: v.planId.trim() } : {}),
        ...(v.expires?.trim() ? { expires: v.expires.trim() } : {}),
      };
      const made = await call(api.POST('/api/v1/admin/tokens', { body }));
      setCreating(false);
      form.resetFields();
      setCreated(made);
      reload();
    } catch (e) {
      if (e instanceof ApiError && e.body.errors)
        form.setFields(Object.entries(e.body.errors).map(([name, msg]) => ({ name, errors: [msg] })) as never);
      else message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (t: Token) => {
    try {
      await call(api.DELETE('/api/v1/admin/tokens/{id}', { params: { path: { id: t.id } } }));
      message.success(`Đã thu hồi mã "${t.name}".`);
      reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  const columns: ColumnsType<Token> = [
    { title: 'Tên (nơi dùng)', key: 'name', dataIndex: 'name' },
    { title: 'Đơn vị được đọc', key: 'unit', render: (_, t) => t.unit.name },
    { title: 'Kế hoạch', key: 'plan', render: (_, t) => (t.plan ? `${t.plan.number} – ${t.plan.title}` : 'Mọi kế hoạch của đơn vị') },
    {
      title: 'Trạng thái',
      key: 'state',
      render: (_, t) => (
        <span data-token-state={t.state}>
          <Badge status={STATE_STATUS[t.state]} text={t.stateLabel} />
        </span>
      ),
    },
    { title: 'Tạo lúc', key: 'created', render: (_, t) => at(t.createdAt) },
    { title: 'Hết hạn', key: 'expires', render: (_, t) => at(t.expiresAt) },
    { title: 'Dùng lần cuối', key: 'used', render: (_, t) => at(t.lastUsedAt) },
    {
      title: '',
      key: 'revoke',
      render: (_, t) =>
        t.state === 'active' && (
          <Popconfirm
            title={`Thu hồi mã "${t.name}"?`}
            description="Hệ thống dùng mã này sẽ không đọc được nữa."
            okText="Thu hồi"
            cancelText="Không"
            okButtonProps={{ danger: true }}
            onConfirm={() => revoke(t)}
          >
            <Button danger size="small" data-revoke>
              Thu hồi
            </Button>
          </Popconfirm>
        ),
    },
  ];
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} style={{ marginBottom: 12 }} data-new-token>
        Tạo mã truy cập
      </Button>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
      <Table<Token>
        rowKey="id"
        loading={loading}
        columns={columns}
        dataSource={data ?? []}
        scroll={{ x: 900 }}
        onRow={(t) => ({ 'data-token': t.name }) as React.HTMLAttributes<HTMLElement>}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
      />
      <Modal
        open={creating}
        title="Tạo mã truy cập API (chỉ đọc)"
        okText="Tạo mã"
        cancelText="Hủy"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        rootClassName="dd-token-form"
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => void create(v)} requiredMark="optional">
          <Form.Item
            name="name"
            label="Tên (hệ thống nào dùng mã)"
            rules={[
              { required: true, whitespace: true, message: 'Cần nhập tên.' },
              { max: 100, message: 'Tối đa 100 ký tự.' },
            ]}
          >
            <Input placeholder="VD: Cổng dữ liệu huyện" maxLength={100} />
          </Form.Item>
          <Form.Item
            name="unitId"
            label="Mã đơn vị được đọc (xã, huyện, tỉnh)"
            extra="Mã đơn vị trong tệp kế hoạch, VD: huyen_ha_trung."
            rules={[
              { required: true, whitespace: true, message: 'Cần nhập mã đơn vị.' },
              { pattern: /^\s*[A-Za-z0-9_.-]+\s*$/, message: 'Chỉ gồm chữ không dấu, số, _ . -' },
            ]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="planId" label="Chỉ kế hoạch (mã kế hoạch, để trống: mọi kế hoạch của đơn vị)">
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="expires"
            label="Hết hạn (ngày YYYY-MM-DD hoặc số ngày như 90d; để trống: đến khi thu hồi)"
            rules={[{ pattern: /^\s*(\d{4}-\d{2}-\d{2}|[1-9]\d{0,4}d)?\s*$/, message: 'Nhập một ngày YYYY-MM-DD hoặc số ngày như 90d.' }]}
          >
            <Input maxLength={10} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!created}
        title="Mã truy cập mới"
        okText="Tôi đã lưu mã"
        cancelButtonProps={{ style: { display: 'none' } }}
        onOk={() => setCreated(null)}
        onCancel={() => setCreated(null)}
        rootClassName="dd-token-created"
      >
        {created && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Alert
              type="warning"
              showIcon
              title="Mã chỉ hiện một lần này. Hãy sao chép và lưu ở nơi an toàn; hệ thống chỉ giữ dấu băm của mã."
            />
            <Typography.Paragraph
              copyable={{ text: created.token, tooltips: ['Sao chép', 'Đã sao chép'] }}
              code
              data-token-value
              style={{ wordBreak: 'break-all' }}
            >
              {created.token}
            </Typography.Paragraph>
            <span>Đọc được: {created.reads.length ? created.reads.map((p) => p.number).join(', ') : 'chưa có kế hoạch nào'}</span>
          </Space>
        )}
      </Modal>
    </>
  );
}

/** The people: their roles in the plans and the delegations they gave or received. */
function Users() {
  const { data, error, loading } = useApi('admin/users', () => call(api.GET('/api/v1/admin/users')));
  const columns: ColumnsType<User> = [
    {
      title: 'Người dùng',
      key: 'name',
      render: (_, u) => (
        <Space orientation="vertical" size={0}>
          <b>{u.name}</b>
          <Typography.Text type="secondary">{u.email}</Typography.Text>
          <Space size={4}>
            {u.admin && <Tag color="blue">Quản trị viên</Tag>}
            {!u.active && <Tag>Đã khóa</Tag>}
          </Space>
        </Space>
      ),
    },
    {
      title: 'Vai trò',
      key: 'roles',
      render: (_, u) =>
        u.roles.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 16 }}>
            {u.roles.map((r) => (
              <li key={`${r.plan.id}/${r.roleKey}/${r.village?.id ?? ''}`}>
                {r.title}
                {r.village ? ` (${r.village.name})` : ''} – {r.plan.number}
              </li>
            ))}
          </ul>
        ) : (
          '—'
        ),
    },
    {
      title: 'Ủy quyền',
      key: 'delegations',
      render: (_, u) =>
        u.delegations.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 16 }}>
            {u.delegations.map((d) => (
              <li key={d.id}>
                {d.direction === 'given' ? `Ủy quyền cho ${d.to.name}` : `Được ${d.from.name} ủy quyền`}: {d.title} – {d.plan.number},{' '}
                {d.validFromVi}–{d.validToVi}
                {d.reason ? ` (${d.reason})` : ''}
                {d.revoked ? ' – đã thu hồi' : ''}
              </li>
            ))}
          </ul>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
      {data && <Typography.Paragraph type="secondary">{data.total} người dùng</Typography.Paragraph>}
      <Table<User>
        rowKey="id"
        loading={loading}
        columns={columns}
        dataSource={data?.users ?? []}
        scroll={{ x: 800 }}
        onRow={(u) => ({ 'data-user-row': u.email }) as React.HTMLAttributes<HTMLElement>}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      />
    </>
  );
}

/** Quản trị (administrators only): API tokens and the people with their roles and delegations; the development links when on. */
export function AdminPage() {
  const { me } = useSession();
  if (!me?.menu.some((m) => m.key === 'admin')) return <ErrorPage status={403} message="Chỉ quản trị viên được mở trang Quản trị." />;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        Quản trị
      </Typography.Title>
      {(me.dev.mailbox || me.dev.apiDocs) && (
        <Space wrap style={{ marginBottom: 12 }} data-dev-links>
          <Typography.Text type="secondary">Môi trường phát triển:</Typography.Text>
          {me.dev.mailbox && <a href="/mailbox">Hộp thư thử nghiệm</a>}
          {me.dev.apiDocs && <a href="/api/docs">Tài liệu API</a>}
        </Space>
      )}
      <Tabs
        items={[
          { key: 'tokens', label: 'Mã truy cập API', children: <Tokens /> },
          { key: 'users', label: 'Người dùng', children: <Users /> },
        ]}
      />
    </>
  );
}
