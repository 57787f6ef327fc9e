import { Typography } from 'antd';
import type { Schemas } from '../api/client';
import { BUCKET_HEX, BUCKETS, viDate, type Bucket } from '../lib/format';

export type GanttRow = Schemas['PlanDashboard']['gantt'][number];
type GanttStep = Schemas['GanttStep'];

/** 2023-04-07 → months since year 0 with the fraction of the month gone (for a position on the month axis). */
function monthPosition(iso: string): number {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return y * 12 + (m - 1) + (d - 1) / days;
}
const endOfDay = (iso: string) => {
  const [y, m] = iso.slice(0, 10).split('-').map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return monthPosition(iso) + 1 / days;
};

/** The months the bars span (first to last month of any start or due date), as "T4/2023". */
export function ganttMonths(rows: GanttRow[], today?: string): { first: number; labels: string[] } {
  const dates = rows.flatMap((r) => r.steps.flatMap((s) => [s.startDate, s.dueDate, s.extendedDueDate].filter((d): d is string => !!d)));
  if (today) dates.push(today);
  if (dates.length === 0) return { first: 0, labels: [] };
  const positions = dates.map((d) => Math.floor(monthPosition(d)));
  const first = Math.min(...positions);
  const last = Math.max(...positions);
  const labels = [];
  for (let m = first; m <= last; m++) labels.push(`T${(m % 12) + 1}/${Math.floor(m / 12)}`);
  return { first, labels };
}

/** Where a step's bar lies on the axis, in months from the first month: from its start (or its due day) to the end of its due day. */
export function barOf(step: Pick<GanttStep, 'startDate' | 'dueDate' | 'extendedDueDate'>, first: number): { from: number; to: number } {
  const due = step.extendedDueDate ?? step.dueDate;
  const start = step.startDate && step.startDate <= due ? step.startDate : due;
  return { from: monthPosition(start) - first, to: endOfDay(due) - first };
}

const who = (s: GanttStep) => (s.assignee.holders.length ? `${s.assignee.title} – ${s.assignee.holders.join(', ')}` : s.assignee.title);

/**
 * The plan as a Gantt: each item, then its steps as bars from start to due date on a month axis, coloured by what a
 * person sees (the four buckets, waiting for approval, returned, cancelled), with today's line. Wider than a phone:
 * it scrolls sideways in its own box (focusable, so a keyboard can scroll it) with the step names kept in view.
 */
export function Gantt({
  rows,
  today,
  compact,
  onOpen,
}: {
  rows: GanttRow[];
  today?: string;
  compact?: boolean;
  onOpen?: (stepId: string) => void;
}) {
  const { first, labels } = ganttMonths(rows, today);
  const MONTH = compact ? 64 : 96;
  const LABEL = compact ? 150 : 320;
  const width = LABEL + labels.length * MONTH;
  const todayX = today ? (monthPosition(today) - first) * MONTH : null;
  const cell: React.CSSProperties = {
    position: 'sticky',
    left: 0,
    zIndex: 2,
    background: '#fff',
    width: LABEL,
    minWidth: LABEL,
    paddingRight: 8,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    borderRight: '1px solid #f0f0f0',
  };
  const grid = `repeating-linear-gradient(to right, transparent 0, transparent ${MONTH - 1}px, #f0f0f0 ${MONTH - 1}px, #f0f0f0 ${MONTH}px)`;
  return (
    <div
      data-gantt
      role="region"
      aria-label="Biểu đồ tiến độ (Gantt) của kế hoạch"
      tabIndex={0}
      style={{ overflowX: 'auto', maxWidth: '100%', border: '1px solid #f0f0f0', borderRadius: 6 }}
    >
      <div style={{ width, position: 'relative', fontSize: compact ? 12 : 13 }}>
        <div style={{ display: 'flex', borderBottom: '1px solid #d9d9d9', background: '#fafafa', position: 'sticky', top: 0, zIndex: 3 }}>
          <div style={{ ...cell, background: '#fafafa', fontWeight: 600, padding: '6px 8px' }}>Nội dung / việc</div>
          {labels.map((l) => (
            <div
              key={l}
              data-month={l}
              style={{ width: MONTH, minWidth: MONTH, textAlign: 'center', padding: '6px 0', borderRight: '1px solid #f0f0f0' }}
            >
              {l}
            </div>
          ))}
        </div>
        {rows.map((r) => (
          <div key={r.itemId} data-gantt-item={r.itemId}>
            <div style={{ display: 'flex', background: '#f5f8fc' }}>
              <div style={{ ...cell, background: '#f5f8fc', fontWeight: 600, padding: '4px 8px' }} title={`${r.itemId}. ${r.title}`}>
                {r.itemId}. {r.title}
              </div>
              <div style={{ flex: 1 }} />
            </div>
            {r.steps.map((s) => {
              const { from, to } = barOf(s, first);
              const display = s.display;
              const text = `${s.title}${s.village ? ` (${s.village.name})` : ''}: ${s.startDate ? `${viDate(s.startDate)} – ` : 'hạn '}${viDate(s.extendedDueDate ?? s.dueDate)}, ${s.displayLabel}, ${who(s)}`;
              return (
                <div key={s.stepId} data-gantt-step={s.stepId} style={{ display: 'flex', alignItems: 'center', minHeight: 28 }}>
                  <div style={{ ...cell, padding: '2px 8px 2px 20px' }} title={text}>
                    {onOpen ? <Typography.Link onClick={() => onOpen(s.stepId)}>{s.title}</Typography.Link> : s.title}
                    {s.village && <Typography.Text type="secondary"> · {s.village.name}</Typography.Text>}
                  </div>
                  <div style={{ position: 'relative', flex: 1, alignSelf: 'stretch', backgroundImage: grid }}>
                    <div
                      role="img"
                      aria-label={text}
                      title={text}
                      data-bar={s.display}
                      style={{
                        position: 'absolute',
                        top: 7,
                        height: 14,
                        borderRadius: 3,
                        left: from * MONTH,
                        width: Math.max(4, (to - from) * MONTH),
                        background: BUCKET_HEX[display] ?? '#8c8c8c',
                      }}
                    />
                  </div>
                </div>
              );
            })}
          </div>
        ))}
        {todayX !== null && (
          <div
            data-today
            aria-hidden
            style={{ position: 'absolute', top: 0, bottom: 0, left: LABEL + todayX, width: 2, background: '#c41d1f', zIndex: 1 }}
          />
        )}
      </div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, padding: 8, position: 'sticky', left: 0 }} data-gantt-legend>
        {(Object.keys(BUCKETS) as Bucket[]).map((b) => (
          <span key={b} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
            <span aria-hidden style={{ width: 12, height: 12, borderRadius: 2, background: BUCKET_HEX[b], display: 'inline-block' }} />
            {BUCKETS[b].label}
          </span>
        ))}
        {today && (
          <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
            <span aria-hidden style={{ width: 2, height: 12, background: '#c41d1f', display: 'inline-block' }} /> Hôm nay ({viDate(today)})
          </span>
        )}
      </div>
    </div>
  );
}
