import { formatViDate, type PlanSpec, type StatusBucket, type StepBucket, type StepState } from '../../../../libs/domain/src/index.js';
import { viLabels } from '../../../../libs/mail/src/index.js';
import { fill, vi } from '../i18n/vi.js';
import { BUCKET_COLOURS, gantt, stackedBars, weeklyColumns } from './charts.js';
import { displayBucketOf, formatPercent, onTimePercent, percentComplete, sumBy, totalOf, weeklyCompletions, type BucketCounts } from './dashboard.js';
import { html, type Html } from './html.js';
import { displayLabel } from './staff-pages.js';

/** What the plan page's dashboard reads from the plan status (the roll-ups and the step rows it already has). */
export interface PlanStatusForDashboard {
  id: string;
  buckets: Record<StatusBucket, { count: number }>;
  byItemUnit: { itemId: string; unitId: string; counts: Partial<Record<StepBucket, number>> }[];
  steps: { stepId: string; itemId: string; title: string; startDate: string | null; dueDate: string; state: StepState; bucket: StepBucket; completedAtPlan: Date | string | null }[];
}

const d = () => vi.web.dashboard;
const month = (iso: string) => fill(d().month, { mm: iso.slice(5, 7), yyyy: iso.slice(0, 4) });
const shortDate = (iso: string) => formatViDate(iso).slice(0, 5);
const onTimeValue = (c: BucketCounts) => fill(d().onTimeValue, { value: formatPercent(onTimePercent(c)) });

/**
 * The commune dashboard of a plan: % complete, on-time %, overdue (the roll-up), on-time by item and by village as bar
 * charts, completions per week, and the Gantt-like timeline of its steps with today's line in plan time.
 */
export function planDashboard(s: PlanStatusForDashboard, spec: PlanSpec, today: string | null): Html {
  const counts = Object.fromEntries(Object.entries(s.buckets).map(([b, v]) => [b, v.count])) as BucketCounts;
  const itemTitle = new Map(spec.items.map((i) => [i.id, i.title]));
  const unitName = new Map(spec.orgUnits.map((u) => [u.id, u.name]));
  const labels = viLabels().buckets;
  const byItem = sumBy(s.byItemUnit, (r) => r.itemId).map((r) => ({ key: r.key, label: `${r.key} – ${itemTitle.get(r.key) ?? ''}`, counts: r.counts, value: onTimeValue(r.counts) }));
  const byVillage = sumBy(s.byItemUnit, (r) => r.unitId || null).map((r) => ({ key: r.key, label: unitName.get(r.key) ?? r.key, counts: r.counts, value: onTimeValue(r.counts) }));
  const kpis = html`<ul class="kpis">
    <li>${d().steps}<b data-kpi="steps">${totalOf(counts)}</b></li>
    <li>${d().percentComplete}<b data-kpi="percent-complete">${formatPercent(percentComplete(counts))}</b></li>
    <li>${d().onTime}<b data-kpi="on-time">${formatPercent(onTimePercent(counts))}</b></li>
    <li>${d().overdue}<b data-kpi="overdue">${counts.open_overdue}</b></li></ul><p><small>${d().onTimeHelp}</small></p>`;
  const legend = (['completed_on_time', 'completed_late', 'open_on_time', 'open_overdue', 'awaiting', 'returned'] as const).map((b) => ({ colour: BUCKET_COLOURS[b], label: displayLabel(b) }));
  const bars = s.steps.map((st) => ({
    group: `${st.itemId} – ${itemTitle.get(st.itemId) ?? ''}`,
    key: st.stepId,
    label: st.stepId,
    title: st.title,
    start: st.startDate,
    due: st.dueDate,
    bucket: displayBucketOf(st),
    href: `/plans/${encodeURIComponent(s.id)}/steps/${encodeURIComponent(st.stepId)}`,
  }));
  return html`<section class="dashboard" aria-label="${d().title}"><h2>${d().title}</h2>${kpis}
    ${stackedBars(byItem, { caption: d().byItem, bucketLabels: labels, empty: d().noData })}
    ${byVillage.length ? stackedBars(byVillage, { caption: d().byVillage, bucketLabels: labels, empty: d().noData }) : ''}
    ${weeklyColumns(weeklyCompletions(s.steps), {
      caption: d().overTime, weekLabel: (w) => fill(d().weekOf, { date: formatViDate(w) }), shortDate, onTimeLabel: labels.completed_on_time, lateLabel: labels.completed_late, empty: d().noData,
    })}</section>
    ${bars.length ? gantt(bars, today, { caption: d().timeline, todayLabel: d().today, monthLabel: month, shortDate: (iso) => formatViDate(iso), legend }) : ''}`;
}
