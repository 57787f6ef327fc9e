import {
  AuditOutlined,
  BankOutlined,
  CheckSquareOutlined,
  ImportOutlined,
  LogoutOutlined,
  MenuOutlined,
  ProjectOutlined,
  SettingOutlined,
  SmileOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Badge, Button, Drawer, Grid, Layout, Menu, Space, Spin, Typography } from 'antd';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import type { Me } from '../api/client';
// The error pages (Ant Design's Result, with its illustrations) load only when one is shown.
const ErrorPage = lazy(() => import('../pages/ErrorPage').then((m) => ({ default: m.ErrorPage })));
import { useSession } from './session';

const ICONS: Record<string, ReactNode> = {
  'my-work': <UnorderedListOutlined />,
  approvals: <CheckSquareOutlined />,
  plans: <ProjectOutlined />,
  monitoring: <AuditOutlined />,
  assessments: <SmileOutlined />,
  import: <ImportOutlined />,
  admin: <SettingOutlined />,
};

/** The router's path of a menu entry (`/app/phe-duyet` → `/phe-duyet`). */
const routeOf = (path: string) => path.replace(/^\/app/, '') || '/';

/** Signs out through the server's form route with the app's CSRF token, then back to the sign-in page. */
async function signOut(me: Me) {
  await fetch('/dang-xuat', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ csrf: me.csrfToken }),
  });
  location.assign('/app/dang-nhap');
}

function SideMenu({ me, onPick }: { me: Me; onPick: () => void }) {
  const location = useLocation();
  const navigate = useNavigate();
  const count = (key: string) => (key === 'my-work' ? me.counters.myWork : key === 'approvals' ? me.counters.approvals : 0);
  const selected = me.menu
    .filter((m) => (routeOf(m.path) === '/' ? location.pathname === '/' : location.pathname.startsWith(routeOf(m.path))))
    .map((m) => m.key);
  const items = [
    ...me.menu.map((m) => ({
      key: m.key,
      icon: ICONS[m.key],
      label: (
        <span data-menu={m.key}>
          {m.label}
          {count(m.key) > 0 && <Badge count={count(m.key)} overflowCount={999} style={{ marginInlineStart: 8 }} data-counter={m.key} />}
        </span>
      ),
    })),
    ...(me.dev.mailbox
      ? [
          {
            key: 'dev-mailbox',
            icon: <BankOutlined />,
            label: <a href="/mailbox">Hộp thư thử nghiệm</a>,
          },
        ]
      : []),
    ...(me.dev.apiDocs
      ? [
          {
            key: 'dev-docs',
            icon: <BankOutlined />,
            label: <a href="/api/docs">Tài liệu API (phát triển)</a>,
          },
        ]
      : []),
  ];
  return (
    <Menu
      mode="inline"
      selectedKeys={selected}
      items={items}
      onClick={({ key }) => {
        const entry = me.menu.find((m) => m.key === key);
        if (entry) {
          void navigate(routeOf(entry.path));
          onPick();
        }
      }}
    />
  );
}

/**
 * The app's frame: a header with the commune, the signed-in person and sign-out; a side menu of what the person may
 * open, with the counters (a drawer on a phone); the page in the middle. Nobody signed in: the 401 page.
 */
export function AppShell() {
  const { me, error, loading } = useSession();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [open, setOpen] = useState(false);
  if (loading) return <Spin fullscreen description="Đang tải…" />;
  if (error?.status === 401 || (me && !me.user))
    return (
      <Suspense fallback={null}>
        <ErrorPage status={401} />
      </Suspense>
    );
  if (error || !me?.user)
    return (
      <Suspense fallback={null}>
        <ErrorPage status={403} message={error?.message} />
      </Suspense>
    );
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          paddingInline: phone ? 12 : 24,
          background: '#0b4a8b',
        }}
      >
        {phone && (
          <Button type="text" aria-label="Mở trình đơn" icon={<MenuOutlined style={{ color: '#fff' }} />} onClick={() => setOpen(true)} />
        )}
        <div style={{ color: '#fff', lineHeight: 1.2, flex: 1, minWidth: 0 }}>
          <div
            style={{
              fontWeight: 600,
              whiteSpace: 'nowrap',
              overflow: 'hidden',
              textOverflow: 'ellipsis',
            }}
            data-commune
          >
            {me.commune ?? 'Đôn đốc'}
          </div>
          {!phone && <div style={{ fontSize: 12, opacity: 0.85 }}>Hệ thống đôn đốc thực hiện kế hoạch</div>}
        </div>
        <Space size={phone ? 4 : 12}>
          <Typography.Text style={{ color: '#fff' }} data-user>
            {me.user.name}
          </Typography.Text>
          <Button size="small" icon={<LogoutOutlined />} onClick={() => void signOut(me)} aria-label="Đăng xuất">
            {phone ? '' : 'Đăng xuất'}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        {phone ? (
          <Drawer
            placement="left"
            open={open}
            onClose={() => setOpen(false)}
            title="Trình đơn"
            size={280}
            styles={{ body: { padding: 0 } }}
          >
            <SideMenu me={me} onPick={() => setOpen(false)} />
          </Drawer>
        ) : (
          <Layout.Sider width={248} theme="light" style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
            <nav aria-label="Trình đơn chính">
              <SideMenu me={me} onPick={() => undefined} />
            </nav>
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: phone ? 12 : 24, minWidth: 0 }}>
          <main>
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
