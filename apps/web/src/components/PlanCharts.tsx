import { Card, Col, Row } from 'antd';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Schemas } from '../api/client';
import { BUCKET_HEX, BUCKETS, OFFICIAL_BUCKETS } from '../lib/format';

type Dashboard = Schemas['PlanDashboard'];
type Figures = Schemas['GroupFigures'];

const short = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Bars per group (item, village), stacked by the four buckets, the group's name beside its bar. */
function BucketBars({ rows, compact }: { rows: { name: string; figures: Figures }[]; compact: boolean }) {
  const data = rows.map((r) => ({ name: r.name, ...Object.fromEntries(OFFICIAL_BUCKETS.map((b) => [b, r.figures.counts[b]])) }));
  const labelWidth = compact ? 110 : 240;
  return (
    <ResponsiveContainer width="100%" height={Math.max(160, 36 * data.length + 70)}>
      <BarChart data={data} layout="vertical" margin={{ left: 4, right: 12, top: 4, bottom: 4 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} />
        <YAxis
          type="category"
          dataKey="name"
          width={labelWidth}
          tickFormatter={(v: string) => short(v, compact ? 16 : 36)}
          tick={{ fontSize: 12, fill: '#262626' }}
        />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {OFFICIAL_BUCKETS.map((b) => (
          <Bar key={b} dataKey={b} name={BUCKETS[b].label} stackId="s" fill={BUCKET_HEX[b]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Steps due per month and how many of them were completed on time or late. */
function MonthBars({ rows, compact }: { rows: Dashboard['byMonth']; compact: boolean }) {
  return (
    <ResponsiveContainer width="100%" height={compact ? 240 : 280}>
      <BarChart data={rows} margin={{ left: 0, right: 12, top: 4, bottom: 4 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tick={{ fontSize: 12, fill: '#262626' }} interval={compact ? 'preserveStartEnd' : 0} />
        <YAxis allowDecimals={false} width={32} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="due" name="Đến hạn" fill="#8c8c8c" isAnimationActive={false} />
        <Bar
          dataKey="completedOnTime"
          name={BUCKETS.completed_on_time.label}
          fill={BUCKET_HEX.completed_on_time}
          isAnimationActive={false}
        />
        <Bar dataKey="completedLate" name={BUCKETS.completed_late.label} fill={BUCKET_HEX.completed_late} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** The dashboard's charts (loaded on their own, after the page): per item, per village, per month. */
export default function PlanCharts({ dashboard, compact }: { dashboard: Dashboard; compact: boolean }) {
  return (
    <Row gutter={[16, 16]} data-charts>
      <Col xs={24} xl={12}>
        <Card size="small" title="Theo nội dung" data-chart="item">
          <BucketBars rows={dashboard.byItem.map((i) => ({ name: `${i.itemId}. ${i.title}`, figures: i }))} compact={compact} />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title="Theo thôn" data-chart="village">
          {dashboard.byVillage.length ? (
            <BucketBars rows={dashboard.byVillage.map((v) => ({ name: v.name, figures: v }))} compact={compact} />
          ) : (
            <span>Kế hoạch không có việc giao cho thôn.</span>
          )}
        </Card>
      </Col>
      <Col xs={24}>
        <Card size="small" title="Theo tháng" data-chart="month">
          <MonthBars rows={dashboard.byMonth} compact={compact} />
        </Card>
      </Col>
    </Row>
  );
}
