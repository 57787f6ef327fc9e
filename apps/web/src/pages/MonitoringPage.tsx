import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Grid, Input, Row, Space, Statistic, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { useApi } from '../lib/useApi';
import { viDate, viPercent } from '../lib/format';

type Monitoring = Schemas['Monitoring'];
type Overdue = Schemas['OverdueStep'];
type CommuneRow = Monitoring['byCommune'][number];
type VillageRow = Monitoring['byVillage'][number];
type PlanRow = Schemas['MonitoredPlan'];

const who = (r: Schemas['RoleRef']) => (r.holders.length ? `${r.title} – ${r.holders.join(', ')}` : r.title);
/** "12 ngày (8 ngày làm việc)". */
export const lateText = (l: Schemas['Lateness']) => `${l.calendarDays} ngày (${l.workingDays} ngày làm việc)`;

const figures = <T extends Schemas['GroupFigures']>(): ColumnsType<T> => [
  { title: 'Số việc', key: 'total', dataIndex: 'total', width: 90 },
  { title: 'Hoàn thành', key: 'done', render: (_, r) => <span data-percent-complete>{viPercent(r.percentComplete)}</span>, width: 110 },
  { title: 'Đúng hạn', key: 'ontime', render: (_, r) => <span data-on-time>{viPercent(r.onTimePercent)}</span>, width: 100 },
  {
    title: 'Quá hạn',
    key: 'overdue',
    render: (_, r) => <b data-overdue-count>{r.overdue}</b>,
    sorter: (a, b) => a.overdue - b.overdue,
    width: 100,
  },
];

export const overdueColumns: ColumnsType<Overdue> = [
  { title: 'Xã', key: 'commune', render: (_, o) => o.commune.name },
  { title: 'Thôn', key: 'village', render: (_, o) => o.village?.name ?? '—' },
  { title: 'Nội dung', key: 'item', render: (_, o) => `${o.itemId}. ${o.itemTitle}`, ellipsis: true },
  {
    title: 'Việc',
    key: 'step',
    render: (_, o) => (
      <Space orientation="vertical" size={0}>
        <span>{o.title}</span>
        <Link to={`/ke-hoach/${encodeURIComponent(o.planId)}`}>{o.planNumber}</Link>
      </Space>
    ),
  },
  { title: 'Người thực hiện', key: 'assignee', render: (_, o) => who(o.assignee) },
  { title: 'Hạn', key: 'due', render: (_, o) => viDate(o.extendedDueDate ?? o.dueDate), width: 110 },
  {
    title: 'Quá hạn',
    key: 'late',
    render: (_, o) => <span data-late>{lateText(o.late)}</span>,
    sorter: (a, b) => a.late.calendarDays - b.late.calendarDays,
    defaultSortOrder: 'descend',
  },
];

const communeColumns: ColumnsType<CommuneRow> = [
  { title: 'Xã', key: 'name', dataIndex: 'name' },
  { title: 'Số kế hoạch', key: 'plans', dataIndex: 'plans', width: 110 },
  ...figures<CommuneRow>(),
];
const villageColumns: ColumnsType<VillageRow> = [
  { title: 'Xã', key: 'commune', render: (_, v) => v.commune.name },
  { title: 'Thôn', key: 'name', dataIndex: 'name' },
  ...figures<VillageRow>(),
];
const planColumns: ColumnsType<PlanRow> = [
  {
    title: 'Kế hoạch',
    key: 'plan',
    render: (_, p) => (
      <Link to={`/ke-hoach/${encodeURIComponent(p.id)}`} title={p.title}>
        {p.number}
      </Link>
    ),
  },
  { title: 'Xã', key: 'commune', render: (_, p) => p.commune.name },
  { title: 'Thời gian tính', key: 'time', render: (_, p) => p.timeBase.label },
  ...figures<PlanRow>(),
];

/**
 * Tabs on a desktop; on a phone the sections one under the other (the tab bar would overflow into a "more" menu,
 * which is not an accessible tab list).
 */
function Sections({ items, phone }: { items: { key: string; label: string; children: React.ReactNode }[]; phone: boolean }) {
  if (!phone) return <Tabs items={items} />;
  return (
    <>
      {items.map((i) => (
        <section key={i.key} style={{ marginBottom: 16 }}>
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            {i.label}
          </Typography.Title>
          {i.children}
        </section>
      ))}
    </>
  );
}

/**
 * Giám sát (the monitoring body): the overdue steps across its communes (commune, village, item, step, who, days
 * overdue), figures by commune and by village, each plan with its time base, and the CSV export.
 */
export function MonitoringPage() {
  const phone = Grid.useBreakpoint().md === false;
  const { data, error, loading } = useApi('monitoring', () => call(api.GET('/api/v1/monitoring')));
  const [q, setQ] = useState('');
  const overdue = (data?.overdue ?? []).filter((o) => {
    const text = `${o.commune.name} ${o.village?.name ?? ''} ${o.itemTitle} ${o.title} ${who(o.assignee)}`.toLowerCase();
    return text.includes(q.trim().toLowerCase());
  });
  const table = {
    size: phone ? ('small' as const) : ('middle' as const),
    scroll: { x: 760 },
    pagination: { pageSize: 20, hideOnSinglePage: true, showSizeChanger: false },
  };
  return (
    <>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          Giám sát
        </Typography.Title>
        <Button icon={<DownloadOutlined />} href="/api/v1/monitoring.csv" download data-export>
          Xuất danh sách quá hạn (CSV)
        </Button>
      </Space>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
      {data && data.plans.length === 0 && <Empty description="Đồng chí không theo dõi kế hoạch nào." />}
      {data && data.plans.length > 0 && (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="Kế hoạch theo dõi" value={data.plans.length} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small" style={{ borderTop: '4px solid #cf1322' }}>
                <Statistic
                  title="Việc quá hạn"
                  value={data.overdueTotal}
                  styles={{ content: { color: '#cf1322' } }}
                  data-overdue-total={data.overdueTotal}
                />
              </Card>
            </Col>
          </Row>
          <Sections
            phone={phone}
            items={[
              {
                key: 'overdue',
                label: `Việc quá hạn (${data.overdueTotal})`,
                children: (
                  <>
                    <Input.Search
                      placeholder="Tìm theo xã, thôn, nội dung, việc, người thực hiện"
                      aria-label="Tìm việc quá hạn"
                      allowClear
                      onSearch={setQ}
                      onChange={(e) => e.target.value === '' && setQ('')}
                      style={{ width: phone ? '100%' : 380, marginBottom: 12 }}
                    />
                    <Table<Overdue>
                      {...table}
                      rowKey={(o) => `${o.planId}/${o.stepId}`}
                      columns={overdueColumns}
                      dataSource={overdue}
                      loading={loading}
                      onRow={(o) => ({ 'data-overdue': o.stepId, 'data-plan': o.planId }) as React.HTMLAttributes<HTMLElement>}
                      locale={{ emptyText: <Empty description="Không có việc nào quá hạn." /> }}
                    />
                  </>
                ),
              },
              {
                key: 'commune',
                label: 'Theo xã',
                children: (
                  <Table<CommuneRow>
                    {...table}
                    rowKey="communeId"
                    columns={communeColumns}
                    dataSource={data.byCommune}
                    onRow={(c) => ({ 'data-commune-row': c.communeId }) as React.HTMLAttributes<HTMLElement>}
                  />
                ),
              },
              {
                key: 'village',
                label: 'Theo thôn',
                children: (
                  <Table<VillageRow>
                    {...table}
                    rowKey={(v) => `${v.planId}/${v.unitId}`}
                    columns={villageColumns}
                    dataSource={data.byVillage}
                    onRow={(v) => ({ 'data-village-row': v.unitId }) as React.HTMLAttributes<HTMLElement>}
                  />
                ),
              },
              {
                key: 'plans',
                label: 'Theo kế hoạch',
                children: <Table<PlanRow> {...table} rowKey="id" columns={planColumns} dataSource={data.plans} />,
              },
            ]}
          />
        </>
      )}
    </>
  );
}
