import { STATUS_BUCKETS, type StatusBucket } from '../../../../libs/domain/src/index.js';
import { totalOf, type BucketCounts, type DisplayBucket } from './dashboard.js';
import { html, type Html } from './html.js';

/**
 * Charts as inline SVG, drawn on the server: no script, nothing fetched. Each scales to its container (viewBox,
 * width 100%); long ones sit in a scrolling box on a phone. Colours follow the buckets of the tables.
 */
export const BUCKET_COLOURS: Record<DisplayBucket, string> = {
  completed_on_time: '#2e9e4f',
  completed_late: '#d99a00',
  open_on_time: '#4a7fe0',
  open_overdue: '#d64541',
  awaiting: '#8a63d2',
  returned: '#e8743b',
  cancelled: '#9a9a9a',
};

/** Below this width (a phone) a chart scrolls sideways in its box instead of shrinking its text out of reading. */
const MIN_W = 480;
const fmt = (n: number) => String(Math.round(n * 10) / 10);
const day = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
const isoOf = (dayNumber: number) => new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);

function legend(items: { colour: string; label: string }[], y: number, width: number): Html {
  let x = 0;
  const parts = items.map((it) => {
    const at = x;
    x += 22 + it.label.length * 6.2;
    return html`<rect x="${fmt(at)}" y="${fmt(y)}" width="12" height="12" fill="${it.colour}"/><text x="${fmt(at + 16)}" y="${fmt(y + 10)}" font-size="11">${it.label}</text>`;
  });
  return html`<g class="legend" data-width="${fmt(Math.max(x, width))}">${parts}</g>`;
}

/** One horizontal bar per row, split by bucket in proportion to the row's steps; a text (e.g. the on-time %) at its end. */
export function stackedBars(
  rows: { key: string; label: string; counts: BucketCounts; value: string }[],
  o: { caption: string; bucketLabels: Record<StatusBucket, string>; empty: string },
): Html {
  if (!rows.length) return html`<figure class="chart"><figcaption>${o.caption}</figcaption><p>${o.empty}</p></figure>`;
  const W = 640;
  const labelW = 170;
  const barW = 370;
  const rowH = 22;
  const legendY = rows.length * rowH + 8;
  const H = legendY + 30;
  const bars = rows.map((r, i) => {
    const y = i * rowH;
    const total = totalOf(r.counts);
    let x = labelW;
    const segs = STATUS_BUCKETS.filter((b) => r.counts[b] > 0).map((b) => {
      const w = total ? (r.counts[b] / total) * barW : 0;
      const seg = html`<rect x="${fmt(x)}" y="${fmt(y + 3)}" width="${fmt(w)}" height="${rowH - 6}" fill="${BUCKET_COLOURS[b]}"><title>${r.label} – ${o.bucketLabels[b]}: ${r.counts[b]}</title></rect>`;
      x += w;
      return seg;
    });
    return html`<g data-row="${r.key}"><text x="${labelW - 6}" y="${fmt(y + rowH / 2 + 4)}" font-size="11" text-anchor="end">${r.label.length > 25 ? `${r.label.slice(0, 24)}…` : r.label}<title>${r.label}</title></text>
      <rect x="${labelW}" y="${fmt(y + 3)}" width="${barW}" height="${rowH - 6}" fill="#eee"/>${segs}
      <text x="${labelW + barW + 6}" y="${fmt(y + rowH / 2 + 4)}" font-size="11" data-value>${r.value}</text></g>`;
  });
  return html`<figure class="chart"><figcaption>${o.caption}</figcaption><div class="scroll"><svg viewBox="0 0 ${W} ${H}" width="100%" style="min-width:${MIN_W}px" role="img" aria-label="${o.caption}">${bars}
    ${legend(STATUS_BUCKETS.map((b) => ({ colour: BUCKET_COLOURS[b], label: o.bucketLabels[b] })), legendY, W)}</svg></div></figure>`;
}

/** Columns per week: steps completed on time (below) and late (above). */
export function weeklyColumns(
  weeks: { week: string; onTime: number; late: number }[],
  o: { caption: string; weekLabel: (isoMonday: string) => string; shortDate: (iso: string) => string; onTimeLabel: string; lateLabel: string; empty: string },
): Html {
  if (!weeks.length) return html`<figure class="chart"><figcaption>${o.caption}</figcaption><p>${o.empty}</p></figure>`;
  const W = 640;
  const left = 28;
  const plotH = 100;
  const top = 8;
  const max = Math.max(1, ...weeks.map((w) => w.onTime + w.late));
  const colW = Math.min(36, (W - left) / weeks.length);
  const every = Math.ceil(weeks.length / Math.floor((W - left) / 48));
  const y = (n: number) => top + plotH - (n / max) * plotH;
  const cols = weeks.map((w, i) => {
    const x = left + i * colW + 2;
    const wBar = colW - 4;
    return html`<g data-week="${w.week}"><title>${o.weekLabel(w.week)}: ${o.onTimeLabel} ${w.onTime}, ${o.lateLabel} ${w.late}</title>
      <rect x="${fmt(x)}" y="${fmt(y(w.onTime))}" width="${fmt(wBar)}" height="${fmt(top + plotH - y(w.onTime))}" fill="${BUCKET_COLOURS.completed_on_time}"/>
      <rect x="${fmt(x)}" y="${fmt(y(w.onTime + w.late))}" width="${fmt(wBar)}" height="${fmt(y(w.onTime) - y(w.onTime + w.late))}" fill="${BUCKET_COLOURS.completed_late}"/>
      ${i % every === 0 ? html`<text x="${fmt(x + wBar / 2)}" y="${top + plotH + 14}" font-size="10" text-anchor="middle">${o.shortDate(w.week)}</text>` : ''}</g>`;
  });
  const H = top + plotH + 48;
  return html`<figure class="chart"><figcaption>${o.caption}</figcaption><div class="scroll"><svg viewBox="0 0 ${W} ${H}" width="100%" style="min-width:${MIN_W}px" role="img" aria-label="${o.caption}">
    <line x1="${left}" y1="${top + plotH}" x2="${W}" y2="${top + plotH}" stroke="#999"/>
    <text x="${left - 4}" y="${top + 8}" font-size="10" text-anchor="end">${max}</text><text x="${left - 4}" y="${top + plotH}" font-size="10" text-anchor="end">0</text>
    ${cols}${legend([{ colour: BUCKET_COLOURS.completed_on_time, label: o.onTimeLabel }, { colour: BUCKET_COLOURS.completed_late, label: o.lateLabel }], top + plotH + 24, W)}</svg></div></figure>`;
}

export interface GanttBar {
  group: string;
  key: string;
  label: string;
  title: string;
  start: string | null;
  due: string;
  bucket: DisplayBucket;
  href?: string;
}

/**
 * A Gantt-like timeline: per group (plan item) its steps, each a bar from its start to its due date (a diamond at the
 * due date when it has no start), coloured by bucket; months along the top, and a line at today in plan time.
 */
export function gantt(
  bars: GanttBar[],
  today: string | null,
  o: { caption: string; todayLabel: string; monthLabel: (iso: string) => string; shortDate: (iso: string) => string; legend: { colour: string; label: string }[] },
): Html {
  if (!bars.length) return html``;
  const W = 760;
  const labelW = 190;
  const plotW = W - labelW - 10;
  const head = 30;
  const rowH = 14;
  const groupH = 18;
  const days = bars.flatMap((b) => [day(b.start ?? b.due), day(b.due) + 1]);
  if (today) days.push(day(today), day(today) + 1);
  const from = Math.min(...days);
  const to = Math.max(...days);
  const x = (d: number) => labelW + ((d - from) / Math.max(1, to - from)) * plotW;
  let yAt = head;
  let group: string | null = null;
  const rows: Html[] = [];
  for (const b of bars) {
    if (b.group !== group) {
      group = b.group;
      rows.push(html`<text x="2" y="${yAt + 13}" font-size="11" font-weight="bold">${b.group}</text>`);
      yAt += groupH;
    }
    const y = yAt;
    const due = day(b.due);
    const colour = BUCKET_COLOURS[b.bucket];
    const shape = b.start
      ? html`<rect x="${fmt(x(day(b.start)))}" y="${y + 2}" width="${fmt(Math.max(2, x(due + 1) - x(day(b.start))))}" height="${rowH - 4}" rx="2" fill="${colour}"/>`
      : html`<path d="M${fmt(x(due + 0.5))} ${y + 1}l5 ${rowH / 2 - 1}l-5 ${rowH / 2 - 1}l-5 ${-(rowH / 2 - 1)}z" fill="${colour}"/>`;
    const body = html`<title>${b.label} – ${b.title}: ${b.start ? `${o.shortDate(b.start)} – ` : ''}${o.shortDate(b.due)}</title>
      <text x="${labelW - 6}" y="${y + 10}" font-size="10" text-anchor="end">${b.label}</text>${shape}`;
    rows.push(html`<g class="bar" data-step="${b.key}" data-bucket="${b.bucket}">${b.href ? html`<a href="${b.href}">${body}</a>` : body}</g>`);
    yAt += rowH;
  }
  const months: Html[] = [];
  const first = isoOf(from);
  let labelEnd = -Infinity;
  for (let m = new Date(`${first.slice(0, 7)}-01T00:00:00Z`); day(m.toISOString().slice(0, 10)) < to; m.setUTCMonth(m.getUTCMonth() + 1)) {
    const iso = m.toISOString().slice(0, 10);
    const at = x(Math.max(from, day(iso)));
    // A month label only where it does not run into the previous one (a plan starting late in a month).
    const label = at >= labelEnd ? html`<text x="${fmt(at + 2)}" y="${head - 10}" font-size="10">${o.monthLabel(iso)}</text>` : '';
    if (label) labelEnd = at + 44;
    months.push(html`<line x1="${fmt(at)}" y1="${head - 6}" x2="${fmt(at)}" y2="${yAt}" stroke="#e2e2e2"/>${label}`);
  }
  const todayLine = today
    ? html`<g class="today" data-today="${today}"><line x1="${fmt(x(day(today) + 0.5))}" y1="${head - 6}" x2="${fmt(x(day(today) + 0.5))}" y2="${yAt}" stroke="#c00" stroke-dasharray="4 3"/>
      <text x="${fmt(Math.min(x(day(today) + 0.5) + 3, W - 110))}" y="${head - 20}" font-size="10" fill="#c00">${o.todayLabel} ${o.shortDate(today)}</text></g>`
    : '';
  const H = yAt + 30;
  return html`<figure class="chart gantt"><figcaption>${o.caption}</figcaption><div class="scroll"><svg viewBox="0 0 ${W} ${H}" width="100%" style="min-width:${W}px" role="img" aria-label="${o.caption}">
    ${months}${rows}${todayLine}${legend(o.legend, yAt + 10, W)}</svg></div></figure>`;
}
