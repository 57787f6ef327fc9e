import { App as AntApp, ConfigProvider } from 'antd';
import viVN from 'antd/locale/vi_VN';
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router';
import { AppShell } from './shell/AppShell';
import { SessionProvider } from './shell/session';
import { ApprovalsPage } from './pages/ApprovalsPage';
import { DraftEditorPage } from './pages/DraftEditorPage';
import { ImportPage } from './pages/ImportPage';
import { MyWorkPage } from './pages/MyWorkPage';
import { NotFoundPage } from './pages/ErrorPage';
import { SignInPage } from './pages/SignInPage';
import './lib/format';

/**
 * The pages of the app (paths under /app/). A new page: a component in pages/, a route here (inside the shell's
 * children), and, if it belongs in the menu, an entry in the api's MENU (apps/api/src/me/me.service.ts).
 */
export const routes: RouteObject[] = [
  { path: '/dang-nhap', element: <SignInPage /> },
  {
    path: '/',
    element: (
      <SessionProvider>
        <AppShell />
      </SessionProvider>
    ),
    children: [
      { index: true, element: <MyWorkPage /> },
      { path: 'phe-duyet', element: <ApprovalsPage /> },
      { path: 'nhap-ke-hoach', element: <ImportPage /> },
      { path: 'nhap-ke-hoach/:draftId', element: <DraftEditorPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

/** The system font stack: nothing is fetched from another host. */
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif";

/**
 * The office's blue, and the secondary texts dark enough for a contrast of 4.5:1 on white (WCAG AA; Ant Design's
 * defaults are lighter): axe checks it in the browser tests.
 */
const THEME = {
  fontFamily: FONT,
  colorPrimary: '#0b4a8b',
  colorLink: '#0b4a8b',
  colorInfo: '#0b4a8b',
  colorError: '#c41d1f',
  colorErrorText: '#c41d1f',
  // Links are underlined: told apart from text without relying on colour.
  linkDecoration: 'underline',
  colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
  colorTextDescription: 'rgba(0, 0, 0, 0.65)',
  colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
  colorTextDisabled: 'rgba(0, 0, 0, 0.5)',
};

export function Providers({ children }: { children: React.ReactNode }) {
  return (
    <ConfigProvider locale={viVN} theme={{ token: THEME }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App() {
  const router = createBrowserRouter(routes, { basename: '/app' });
  return (
    <Providers>
      <RouterProvider router={router} />
    </Providers>
  );
}
