import { Alert, Card, Empty, Grid, List, Progress, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { BucketTag } from '../components/BucketTag';
import { useApi } from '../lib/useApi';

type PlanSummary = Schemas['PlanSummary'];

/** Completed (on time or late) over the steps of the statistic, in whole percent; null without steps. */
export function percentDone(p: PlanSummary): number | null {
  if (p.stepCount === 0) return null;
  return Math.round(((p.buckets.completed_on_time.count + p.buckets.completed_late.count) / p.stepCount) * 100);
}

const planLink = (p: PlanSummary) => (
  <Link to={`/ke-hoach/${encodeURIComponent(p.id)}`} data-plan-link={p.id}>
    {p.number}
  </Link>
);

const progress = (p: PlanSummary) => {
  const pct = percentDone(p);
  return pct === null ? '—' : <Progress percent={pct} size="small" aria-label={`Đã hoàn thành ${pct}%`} data-progress={pct} />;
};

const columns: ColumnsType<PlanSummary> = [
  { title: 'Số kế hoạch', key: 'number', render: (_, p) => planLink(p), width: 160 },
  { title: 'Tên kế hoạch', key: 'title', dataIndex: 'title' },
  { title: 'Năm', key: 'year', dataIndex: 'year', width: 80 },
  { title: 'Cơ quan ban hành', key: 'issuer', dataIndex: 'issuer' },
  { title: 'Tiến độ', key: 'progress', render: (_, p) => progress(p), width: 200 },
  {
    title: 'Quá hạn',
    key: 'overdue',
    render: (_, p) => (p.buckets.open_overdue.count > 0 ? <BucketTag bucket="open_overdue" /> : null),
    width: 200,
  },
];

/** Kế hoạch: the plans the person may read, with their number, title, commune and progress. */
export function PlansPage() {
  const phone = Grid.useBreakpoint().md === false;
  const { data, error, loading } = useApi('plans', () => call(api.GET('/api/v1/plans')));
  const empty = <Empty description="Đồng chí chưa được xem kế hoạch nào." />;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        Kế hoạch
      </Typography.Title>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
      {phone ? (
        <List
          loading={loading}
          dataSource={data ?? []}
          locale={{ emptyText: empty }}
          renderItem={(p) => (
            <List.Item style={{ display: 'block' }}>
              <Card size="small" title={planLink(p)} data-plan-row={p.id}>
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <span>{p.title}</span>
                  <Typography.Text type="secondary">{p.issuer}</Typography.Text>
                  {progress(p)}
                </Space>
              </Card>
            </List.Item>
          )}
        />
      ) : (
        <Table<PlanSummary>
          rowKey="id"
          loading={loading}
          columns={columns}
          dataSource={data ?? []}
          locale={{ emptyText: empty }}
          onRow={(p) => ({ 'data-plan-row': p.id }) as React.HTMLAttributes<HTMLElement>}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
        />
      )}
    </>
  );
}
