import { App as AntApp, ConfigProvider, Spin } from 'antd';
import viVN from 'antd/locale/vi_VN';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router';
import { AppShell } from './shell/AppShell';
import { SessionProvider } from './shell/session';
import { ApprovalsPage } from './pages/ApprovalsPage';
import { MyWorkPage } from './pages/MyWorkPage';

// The pages beyond the daily ones load on their own when opened: the first page ("Việc của tôi") stays small.
const PlansPage = lazy(() => import('./pages/PlansPage').then((m) => ({ default: m.PlansPage })));
const PlanPage = lazy(() => import('./pages/PlanPage').then((m) => ({ default: m.PlanPage })));
const MonitoringPage = lazy(() => import('./pages/MonitoringPage').then((m) => ({ default: m.MonitoringPage })));
const AssessmentsPage = lazy(() => import('./pages/AssessmentsPage').then((m) => ({ default: m.AssessmentsPage })));
const AssessmentPage = lazy(() => import('./pages/AssessmentPage').then((m) => ({ default: m.AssessmentPage })));
const ImportPage = lazy(() => import('./pages/ImportPage').then((m) => ({ default: m.ImportPage })));
const DraftEditorPage = lazy(() => import('./pages/DraftEditorPage').then((m) => ({ default: m.DraftEditorPage })));
const AdminPage = lazy(() => import('./pages/AdminPage').then((m) => ({ default: m.AdminPage })));
const later = (page: ReactNode) => <Suspense fallback={<Spin description="Đang tải…" />}>{page}</Suspense>;
import './lib/format';

// Pages that are not the first one a signed-in person sees load on demand.
const NotFoundPage = lazy(() => import('./pages/ErrorPage').then((m) => ({ default: m.NotFoundPage })));
const SignInPage = lazy(() => import('./pages/SignInPage').then((m) => ({ default: m.SignInPage })));

/**
 * The pages of the app (paths under /app/). A new page: a component in pages/, a route here (inside the shell's
 * children), and, if it belongs in the menu, an entry in the api's MENU (apps/api/src/me/me.service.ts).
 */
export const routes: RouteObject[] = [
  {
    path: '/dang-nhap',
    element: (
      <Suspense fallback={null}>
        <SignInPage />
      </Suspense>
    ),
  },
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
      { path: 'ke-hoach', element: later(<PlansPage />) },
      // A step opens in the plan page's drawer, at its own address (the mails link to it): the page stays while a
      // step is opened or closed (a child route, nothing of its own to show).
      { path: 'ke-hoach/:planId', element: later(<PlanPage />), children: [{ path: 'buoc/:stepId', element: null }] },
      { path: 'giam-sat', element: later(<MonitoringPage />) },
      { path: 'quan-tri', element: later(<AdminPage />) },
      { path: 'danh-gia', element: later(<AssessmentsPage />) },
      { path: 'danh-gia/:planId/:assessmentId', element: later(<AssessmentPage />) },
      { path: 'nhap-ke-hoach', element: later(<ImportPage />) },
      { path: 'nhap-ke-hoach/:draftId', element: later(<DraftEditorPage />) },
      {
        path: '*',
        element: (
          <Suspense fallback={null}>
            <NotFoundPage />
          </Suspense>
        ),
      },
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
