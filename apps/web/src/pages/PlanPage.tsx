import { DownloadOutlined, FileWordOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Drawer, Grid, Row, Space, Spin, Statistic, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useMatch, useNavigate, useParams } from 'react-router';
import { api, ApiError, call, type Schemas, type WorkItem } from '../api/client';
import { Gantt } from '../components/Gantt';
import { PlanSteps } from '../components/PlanSteps';
import { StepDrawer } from '../components/StepDrawer';
import { useApi } from '../lib/useApi';
import { BUCKET_HEX, BUCKETS, OFFICIAL_BUCKETS, viPercent } from '../lib/format';
import { useSession } from '../shell/session';
import { ErrorPage } from './ErrorPage';

// recharts is loaded on its own, after the page is shown: the first page stays small.
const PlanCharts = lazy(() => import('../components/PlanCharts'));

type Dashboard = Schemas['PlanDashboard'];
type StepDetail = Schemas['StepDetail'];

const seat = (key: string, ref: Schemas['RoleRef'] | null | undefined): Schemas['RoleRef'] =>
  ref ?? { roleKey: key, title: key, holders: [] };

/** A step of the plan as the step drawer takes it (the drawer of Việc của tôi). */
export function workItemOf(d: Dashboard, s: StepDetail, display: string, actions: WorkItem['actions'] = []): WorkItem {
  return {
    planId: d.plan.id,
    planNumber: d.plan.number,
    planTitle: d.plan.title,
    itemId: s.itemId,
    itemTitle: s.itemTitle,
    stepId: s.stepId,
    title: s.title,
    unitId: s.unitId,
    unitName: s.village?.name ?? null,
    state: s.state,
    bucket: display as WorkItem['bucket'],
    assignee: seat(s.assignee, s.assigneeRole),
    approver: s.approver ? seat(s.approver, s.approverRole) : null,
    dueDate: s.extendedDueDate ?? s.dueDate,
    workingDaysLeft: null,
    rehearsal: d.timeBase.kind === 'plan',
    planDate: d.timeBase.today,
    returnReason: null,
    submission: null,
    actions,
  };
}

/** Loads the step, then opens it in the step drawer. */
function PlanStepDrawer({
  dashboard,
  stepId,
  onClose,
  onChanged,
}: {
  dashboard: Dashboard;
  stepId: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const planId = dashboard.plan.id;
  const { data, error } = useApi(`${planId}/${stepId}`, () =>
    call(api.GET('/api/v1/plans/{planId}/steps/{stepId}', { params: { path: { planId, stepId } } })),
  );
  // What this person may do to the step is decided by the API: the step as it stands in their work or approval list.
  const mine = useApi(`${planId}/${stepId}/actions`, async () => {
    const query = { plan: planId, q: stepId, pageSize: 200 };
    const lists = await Promise.all([
      call(api.GET('/api/v1/my-work', { params: { query } })),
      call(api.GET('/api/v1/approvals', { params: { query } })),
    ]);
    return [...new Set(lists.flatMap((l) => l.items.filter((w) => w.stepId === stepId).flatMap((w) => w.actions)))];
  });
  const display = dashboard.gantt.flatMap((r) => r.steps).find((s) => s.stepId === stepId)?.display ?? 'open_on_time';
  if (!data) {
    return (
      <Drawer open onClose={onClose} title="Đang tải việc…" rootClassName="dd-step-drawer">
        {error ? <Alert type="error" showIcon title={error.message} /> : <Spin />}
      </Drawer>
    );
  }
  return <StepDrawer item={workItemOf(dashboard, data, display, mine.data ?? [])} onClose={onClose} onChanged={onChanged} />;
}

/** The four buckets as figures in their colours. */
function BucketCards({ d }: { d: Dashboard }) {
  return (
    <Row gutter={[12, 12]} data-buckets>
      {OFFICIAL_BUCKETS.map((b) => (
        <Col xs={12} lg={6} key={b}>
          <Card size="small" style={{ borderTop: `4px solid ${BUCKET_HEX[b]}` }} data-bucket-card={b}>
            <Statistic title={BUCKETS[b].label} value={d.totals.buckets[b].count} styles={{ content: { color: BUCKET_HEX[b] } }} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** "Lập kế hoạch năm sau": next year's draft of this plan, for its chairman. */
function NextYearButton({ planId, year }: { planId: string; year: number }) {
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const make = async () => {
    setBusy(true);
    try {
      const draft = await call(api.POST('/api/v1/plans/{planId}/next-year-draft', { params: { path: { planId } } }));
      modal.success({
        title: `Đã lập dự thảo kế hoạch năm ${year + 1}`,
        content: `Bản dự thảo "${draft.title}" đã được lưu; ${draft.todos.length} chỗ cần viết lại cho năm mới đã được đánh dấu để rà soát trước khi ban hành.`,
        okText: 'Đóng',
      });
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<PlusOutlined />} loading={busy} onClick={() => void make()} data-next-year>
      Lập kế hoạch năm sau
    </Button>
  );
}

/** The plan page's address, and a step's: the plan page with the step's drawer open (`/ke-hoach/:planId/buoc/:stepId`). */
export const planPath = (planId: string) => `/ke-hoach/${encodeURIComponent(planId)}`;
export const stepPath = (planId: string, stepId: string) => `${planPath(planId)}/buoc/${encodeURIComponent(stepId)}`;

/** The step whose drawer is open, from the address: opening and closing a step changes the address (back closes it). */
export function useOpenedStep(planId: string): { opened: string | null; open: (stepId: string) => void; close: () => void } {
  const match = useMatch('/ke-hoach/:planId/buoc/:stepId');
  const navigate = useNavigate();
  return {
    opened: match?.params.stepId ?? null,
    open: (stepId) => void navigate(stepPath(planId, stepId)),
    close: () => void navigate(planPath(planId)),
  };
}

/**
 * A plan's page: its number and title, the one time base of the page (plan time in a rehearsal, said so), the four
 * bucket counts, charts per item, village and month, the Gantt, the steps table (a step opens in the drawer), the
 * exports and the official report.
 */
export function PlanPage() {
  const { planId = '' } = useParams();
  const { me, refresh } = useSession();
  const phone = Grid.useBreakpoint().md === false;
  const {
    data: d,
    error,
    loading,
    reload,
  } = useApi(`dashboard/${planId}`, () => call(api.GET('/api/v1/plans/{planId}/dashboard', { params: { path: { planId } } })));
  const { opened, open, close } = useOpenedStep(planId);
  if (error && (error.status === 401 || error.status === 403 || error.status === 404))
    return <ErrorPage status={error.status} message={error.message} />;
  if (error) return <Alert type="error" showIcon title={error.message} />;
  if (!d) return <Spin spinning={loading} description="Đang tải kế hoạch…" fullscreen />;
  const base = `/api/v1/plans/${encodeURIComponent(d.plan.id)}`;
  const chairman = !!me?.roles.some((r) => r.planId === d.plan.id && r.role === 'chairman' && !r.monitor);
  const t = d.totals;
  return (
    <>
      <Space orientation="vertical" size={4} style={{ width: '100%', marginBottom: 16 }}>
        <Typography.Text type="secondary" data-plan-number>
          {d.plan.number} · {d.plan.issuer}
        </Typography.Text>
        <Typography.Title level={1} style={{ fontSize: phone ? 20 : 24, margin: 0 }} data-plan-title>
          {d.plan.title}
        </Typography.Title>
        <Alert type={d.timeBase.kind === 'plan' ? 'info' : 'success'} showIcon title={d.timeBase.label} data-time-base={d.timeBase.kind} />
        <Space wrap data-exports>
          <Button icon={<DownloadOutlined />} href={`${base}/steps.csv`} download>
            Xuất CSV
          </Button>
          <Button icon={<DownloadOutlined />} href={`${base}/steps.xlsx`} download>
            Xuất Excel
          </Button>
          <Button icon={<FileWordOutlined />} href={`${base}/reports/ket-qua.docx`} download type="primary">
            Báo cáo kết quả (.docx)
          </Button>
          {chairman && <NextYearButton planId={d.plan.id} year={d.plan.year} />}
        </Space>
      </Space>
      <BucketCards d={d} />
      <Row gutter={[12, 12]} style={{ marginTop: 12 }} data-totals>
        <Col xs={12} md={6}>
          <Statistic title="Tổng số việc" value={t.total} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="Đã hoàn thành" value={viPercent(t.percentComplete)} data-percent-complete />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="Đúng hạn" value={viPercent(t.onTimePercent)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="Đã hủy" value={t.cancelled} />
        </Col>
      </Row>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
        Biểu đồ
      </Typography.Title>
      <Suspense fallback={<Spin description="Đang tải biểu đồ…" />}>
        <PlanCharts dashboard={d} compact={phone} />
      </Suspense>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
        Tiến độ (Gantt)
      </Typography.Title>
      <Gantt rows={d.gantt} today={d.timeBase.today} compact={phone} onOpen={open} />
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
        Các việc của kế hoạch
      </Typography.Title>
      <PlanSteps gantt={d.gantt} onOpen={open} compact={phone} />
      {opened && (
        <PlanStepDrawer
          dashboard={d}
          stepId={opened}
          onClose={close}
          onChanged={() => {
            reload();
            void refresh();
          }}
        />
      )}
    </>
  );
}
