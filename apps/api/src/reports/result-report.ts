import type { StepRow } from '#libs/database/src/index.js';
import {
  formatViDate,
  localDateOf,
  monitoringBodyOn,
  planReference,
  roleUnitOn,
  startOfLocalDay,
  STATUS_BUCKETS,
  type PlanSpec,
  type StatusBucket,
  type WorkingCalendar,
} from '#libs/domain/src/index.js';
import { viLabels } from '#libs/mail/src/index.js';
import { fill, vi } from '../i18n/vi.js';
import { assigneeName, standingAt, unitName, type StepStanding } from './step-table.js';

/**
 * "Báo cáo kết quả thực hiện Kế hoạch" as data, in the administrative form of Nghị định 30/2020/NĐ-CP: the parts of
 * the page (heading, title, body, recipients, signature, appendix) as Vietnamese text; the DOCX renderer only lays them
 * out. Pure: the caller reads the plan and its steps and says up to which plan instant results count.
 */
export interface ResultReportInput {
  plan: { id: string; number: string; spec: PlanSpec };
  steps: StepRow[];
  period: { from: string; to: string };
  /** Plan instant the results stand at: the last instant of `to` (23:59:59.999), or plan now if that is earlier. */
  asOf: Date;
  cal: WorkingCalendar;
  /** The person who held the signer's role on the report's date (the memberships); else the plan file's holder. */
  signerName?: string;
}

export type ReportBlock = { kind: 'heading' | 'subheading' | 'paragraph' | 'listItem'; text: string };

export interface ResultReport {
  /** The issuing body, line by line (ỦY BAN NHÂN DÂN / XÃ HÀ GIANG). */
  issuer: string[];
  numberLine: string;
  nationalName: string;
  motto: string;
  placeDate: string;
  kind: string;
  title: string;
  period: string;
  body: ReportBlock[];
  recipients: { title: string; lines: string[] };
  signature: { lines: string[]; name: string };
  /** `widths` (twips) and `centred` (column indexes) when the table is not the step table. */
  appendix: {
    title: string;
    subtitle: string;
    note: string;
    header: string[];
    rows: (string | number)[][];
    widths?: number[];
    centred?: number[];
  };
}

const COMMITTEE = /^(?:UBND|ủy ban nhân dân|ỦY BAN NHÂN DÂN|Ủy ban nhân dân)\s+/;
const LEVEL = /^(?:xã|phường|thị trấn|thị xã|huyện|quận|thành phố|tỉnh)\s+/i;

/** The issuing body's lines in the heading: "UBND xã Hà Giang" → ỦY BAN NHÂN DÂN / XÃ HÀ GIANG. */
export const issuerLines = (name: string): string[] =>
  COMMITTEE.test(name) ? [vi.report.committee, name.replace(COMMITTEE, '').toUpperCase()] : [name.toUpperCase()];

/** The place of the date line: the issuer's name without the body and its level ("UBND xã Hà Giang" → Hà Giang). */
export const placeOf = (name: string): string =>
  name
    .replace(COMMITTEE, '')
    .replace(LEVEL, '')
    .replace(/\s*\(.*\)\s*$/, '')
    .trim();

/**
 * What every administrative document of the commune shares (NĐ 30/2020): the heading — issuing body, national name,
 * motto, place and date — and the signature block as the plan is signed; with the monitoring body on the date and the
 * chairman above the signer, whom documents go to.
 */
export function documentFrame(spec: PlanSpec, date: string) {
  const r = vi.report;
  const issuer = spec.issuer.name;
  const signer = spec.roles[spec.signer?.role ?? spec.policies.approval.approver];
  const monitorKey = monitoringBodyOn(spec, date);
  const monitor = monitorKey ? spec.roles[monitorKey] : undefined;
  return {
    issuer: issuerLines(issuer),
    nationalName: r.nationalName,
    motto: r.motto,
    placeDate: placeDateLine(placeOf(issuer), date),
    signature: {
      lines: [r.collective, ...(spec.signer?.formula ?? r.defaultFormula).split('/').map((l) => l.trim())],
      name: signer?.person ?? '',
    },
    /** The monitoring body's unit (Phòng LĐTB&XH huyện …), or its title. */
    monitorName: monitor ? (spec.orgUnits.find((u) => u.id === roleUnitOn(monitor, date))?.name ?? monitor.title) : undefined,
    chairman: signer?.supervisor ? spec.roles[signer.supervisor] : undefined,
  };
}

/** NĐ 30/2020: a day below 10 and the months 1 and 2 are written with a leading zero (ngày 07 tháng 4 năm 2023). */
export function placeDateLine(place: string, isoDate: string): string {
  const [yyyy, m, d] = isoDate.split('-');
  return fill(vi.report.placeDate, { place, dd: d, mm: Number(m) <= 2 ? m : String(Number(m)), yyyy });
}

const percent = (n: number, total: number) => (total ? Math.round((n / total) * 1000) / 10 : 0).toLocaleString('vi-VN');
const capitalized = (s: string) => s.charAt(0).toLocaleUpperCase('vi-VN') + s.slice(1);
const bucketLabel = (b: StatusBucket | 'cancelled') => viLabels().buckets[b];
const isLate = (st: StepStanding) => st.bucket === 'completed_late' || st.bucket === 'open_overdue';

/**
 * Whether a step instance belongs to the period's report (body and appendix alike): assigned by the period's end, or
 * done by then even if it was to start later (whoever finishes early counts); not if it was done before the period
 * began. A cancelled one belongs to the appendix (shown as cancelled) but never to the counts.
 */
const inReport = (s: StepRow, period: ResultReportInput['period'], asOf: Date) =>
  !(s.completedAtPlan && new Date(s.completedAtPlan) < startOfLocalDay(period.from)) &&
  ((s.startDate ?? '') <= period.to || (!!s.completedAtPlan && new Date(s.completedAtPlan) <= asOf));

/** The instance's name for people: its title, with its village or month when the step is repeated. */
const instanceTitle = (spec: PlanSpec, s: StepRow) => (s.unitId || s.period ? `${s.title} – ${instanceName(spec, s)}` : s.title);

/** Who does it, as people say it: "Trưởng thôn Thôn Hạ", or the role's title and its holder. */
const doerName = (spec: PlanSpec, s: StepRow) => {
  const role = spec.roles[s.assignee];
  if (!role) return s.assignee;
  if (role.fanOut && s.unitId) return `${role.title} ${unitName(spec, s.unitId)}`;
  return role.person && role.person !== role.title ? `${role.title} – ${role.person}` : role.title;
};

const countBuckets = (standings: StepStanding[]) =>
  Object.fromEntries(STATUS_BUCKETS.map((b) => [b, standings.filter((st) => st.bucket === b).length])) as Record<StatusBucket, number>;

/** What one instance is called among its siblings: its village, its month, or its id. */
const instanceName = (spec: PlanSpec, s: StepRow) =>
  s.unitId ? unitName(spec, s.unitId) : s.period ? fill(vi.report.month, { month: formatViDate(`${s.period}-01`).slice(3) }) : s.stepId;

function stepLine(spec: PlanSpec, list: { s: StepRow; st: StepStanding }[]): string {
  const [first] = list;
  const r = vi.report;
  if (list.length === 1) {
    const { s, st } = first;
    const result = [bucketLabel(st.bucket), ...(isLate(st) ? [fill(r.lateBy, { workingDays: st.late.workingDays })] : [])].join(', ');
    return fill(r.stepLine, {
      id: s.specStepId || s.stepId,
      title: s.title,
      assignee: assigneeName(spec, s.assignee),
      due: formatViDate(s.dueDate),
      result,
    });
  }
  const counts = countBuckets(list.map((x) => x.st));
  const shares = STATUS_BUCKETS.filter((b) => counts[b]).map((b) =>
    fill(r.instanceCount, { label: bucketLabel(b), count: counts[b], instances: list.length }),
  );
  const late = list
    .filter((x) => isLate(x.st))
    .map((x) => fill(r.lateInstance, { name: instanceName(spec, x.s), workingDays: x.st.late.workingDays }));
  const result = shares.join(', ') + (late.length ? `; ${fill(r.lateInstances, { list: late.join(', ') })}` : '');
  return fill(r.stepLineMany, {
    id: first.s.specStepId || first.s.stepId,
    title: first.s.title,
    assignee: assigneeName(spec, first.s.assignee),
    instances: list.length,
    result,
  });
}

export function buildResultReport(input: ResultReportInput): ResultReport {
  const { plan, steps, period, asOf, cal } = input;
  const { spec } = plan;
  const r = vi.report;
  // The report is dated the day its results stand at: the period's last day, or today while that is still ahead.
  const reportDate = localDateOf(asOf);
  const from = formatViDate(period.from);
  const to = formatViDate(period.to);
  const issuer = spec.issuer.name;
  const planTitle = spec.title;

  const standings = steps.map((s) => ({ s, st: standingAt(s, asOf, cal) }));
  const reported = standings.filter(({ s }) => inReport(s, period, asOf));
  const counted = reported.filter(({ st }) => st.bucket !== 'cancelled');
  const total = counted.length;
  const counts = countBuckets(counted.map((x) => x.st));

  const body: ReportBlock[] = [
    {
      kind: 'paragraph',
      text: fill(r.intro, {
        planRef: planReference(plan.number),
        issuedOn: spec.issuedOn ? fill(r.issuedOn, { date: formatViDate(spec.issuedOn) }) : '',
        issuer,
        planTitle,
        from,
        to,
      }),
    },
    { kind: 'heading', text: r.overallHeading },
    { kind: 'paragraph', text: fill(r.overall, { total }) },
    ...STATUS_BUCKETS.map((b) => ({
      kind: 'listItem' as const,
      text: fill(r.overallBucket, { label: capitalized(bucketLabel(b)), count: counts[b], percent: percent(counts[b], total) }),
    })),
    { kind: 'heading', text: r.itemsHeading },
  ];
  const items = spec.items.map((item) => ({ item, list: counted.filter((x) => x.s.itemId === item.id) })).filter((x) => x.list.length);
  if (!items.length) body.push({ kind: 'paragraph', text: r.noSteps });
  items.forEach(({ item, list }, i) => {
    const itemCounts = countBuckets(list.map((x) => x.st));
    body.push({ kind: 'subheading', text: fill(r.itemHeading, { n: i + 1, title: item.title }) });
    body.push({
      kind: 'paragraph',
      text: fill(r.itemCounts, {
        counts: STATUS_BUCKETS.map((b) => fill(r.bucketCount, { label: bucketLabel(b), count: itemCounts[b] })).join('; '),
      }),
    });
    const bySpecStep = new Map<string, typeof list>();
    for (const x of list) bySpecStep.set(x.s.specStepId || x.s.stepId, [...(bySpecStep.get(x.s.specStepId || x.s.stepId) ?? []), x]);
    for (const group of bySpecStep.values()) body.push({ kind: 'listItem', text: stepLine(spec, group) });
  });
  const late = counted.filter((x) => isLate(x.st));
  body.push({ kind: 'heading', text: r.lateHeading });
  if (!late.length) body.push({ kind: 'paragraph', text: r.noLate });
  for (const { s, st } of late) {
    body.push({
      kind: 'listItem',
      text: fill(r.lateLine, {
        id: s.specStepId || s.stepId,
        title: s.title,
        assignee: assigneeName(spec, s.assignee),
        unit: unitName(spec, s.unitId),
        bucket: bucketLabel(st.bucket),
        due: formatViDate(s.dueDate),
        workingDays: st.late.workingDays,
        calendarDays: st.late.calendarDays,
      }),
    });
  }
  const { monitorName, chairman, ...frame } = documentFrame(spec, reportDate);

  // The parts of a báo cáo kết quả: the assessment, the shortcomings and their causes, the way ahead, the
  // recommendations — from the data where it says something, else a headed place for the officer to write.
  const done = counts.completed_on_time + counts.completed_late;
  body.push(
    { kind: 'heading', text: r.assessmentHeading },
    {
      kind: 'paragraph',
      text: fill(r.assessment, {
        done,
        total,
        percent: percent(done, total),
        onTime: counts.completed_on_time,
        openOnTime: counts.open_on_time,
        overdue: counts.open_overdue,
      }),
    },
    { kind: 'paragraph', text: r.assessmentNote },
    { kind: 'heading', text: r.shortcomingsHeading },
    { kind: 'paragraph', text: late.length ? fill(r.shortcomings, { late: late.length, overdue: counts.open_overdue }) : r.noShortcomings },
    { kind: 'paragraph', text: r.causes },
    { kind: 'heading', text: r.directionsHeading },
  );
  if (counts.open_overdue) body.push({ kind: 'paragraph', text: fill(r.directionsOverdue, { overdue: counts.open_overdue }) });
  const next = standings
    .filter(({ s, st }) => st.bucket === 'open_on_time' && s.state !== 'cancelled' && (s.extendedDueDate ?? s.dueDate) > period.to)
    .sort((a, b) => a.s.dueDate.localeCompare(b.s.dueDate))
    .slice(0, 10);
  if (next.length) {
    body.push({ kind: 'paragraph', text: r.directionsNext });
    for (const { s } of next)
      body.push({
        kind: 'listItem',
        text: fill(r.directionsLine, {
          title: instanceTitle(spec, s),
          assignee: doerName(spec, s),
          due: formatViDate(s.extendedDueDate ?? s.dueDate),
        }),
      });
  } else if (!counts.open_overdue) body.push({ kind: 'paragraph', text: r.directionsNone });
  body.push(
    { kind: 'heading', text: r.recommendationsHeading },
    { kind: 'paragraph', text: fill(r.recommendations, { monitor: monitorName ?? r.monitorFallback }) },
    { kind: 'paragraph', text: fill(r.closing, { planTitle, issuer }) },
  );

  return {
    issuer: frame.issuer,
    numberLine: r.numberLine,
    nationalName: frame.nationalName,
    motto: frame.motto,
    placeDate: frame.placeDate,
    kind: r.kind,
    title: fill(r.title, { planTitle }),
    period: fill(r.period, { from, to }),
    body,
    recipients: {
      title: r.recipientsTitle,
      lines: [
        ...(monitorName ? [fill(r.recipientUp, { name: monitorName })] : []),
        ...(chairman ? [fill(r.recipientUp, { name: chairman.title })] : []),
        r.recipientArchive,
      ],
    },
    signature: { ...frame.signature, name: input.signerName || frame.signature.name },
    appendix: {
      title: r.appendixTitle,
      subtitle: r.appendixSubtitle,
      note: fill(r.appendixNote, { date: formatViDate(reportDate), issuer }),
      // The same instances as the body (plus the cancelled ones, shown as such), by name: no internal codes.
      header: r.appendixHeader,
      rows: reported.map(({ s, st }, i) => [
        i + 1,
        instanceTitle(spec, s),
        doerName(spec, s),
        unitName(spec, s.unitId),
        formatViDate(s.dueDate),
        bucketLabel(st.bucket),
        st.late.workingDays,
      ]),
      widths: [600, 5000, 3500, 1600, 1300, 1700, 870],
      centred: [0, 4, 6],
    },
  };
}
