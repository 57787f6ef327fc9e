import type { DueAnchor } from './plan-anchors.js';
/** The plan as data: what a commune's Kế hoạch says, in the shape the engine runs. Dates are local ISO dates. */
import type { CommuneClass } from '../assessment/criteria-set.js';

export interface OrgUnitSpec {
  id: string;
  kind: string;
  name: string;
  parent?: string;
  validFrom?: string;
  validTo?: string;
  successor?: string;
  placeholder?: boolean;
}

/** A span of a role's life in one unit (both ends included; open when left out). */
export interface RoleUnitSpan {
  unit: string;
  from?: string;
  to?: string;
}

export interface RoleSpec {
  key: string;
  /** The role's unit (its first unit when it moves: see `units`). */
  unit: string;
  /** The units the role belongs to over time, in order, with no gap, when it moves to a successor unit on a date. */
  units?: RoleUnitSpan[];
  title: string;
  person: string;
  email: string;
  supervisor?: string;
  deputyFor?: string;
  lead?: boolean;
  external?: boolean;
  fanOut?: string;
  validFrom?: string;
  validTo?: string;
  successor?: string;
  /** `daily`: the holder's reminders come in one mail per working day instead of one mail each. */
  digest?: RoleDigest;
}

export const ROLE_DIGESTS = ['daily'] as const;
export type RoleDigest = (typeof ROLE_DIGESTS)[number];

export interface KpiSpec {
  key: string;
  target: number;
  unit?: string;
  op: '>=' | '<=' | '=';
  note?: string;
}

export interface RecurrenceSpec {
  freq: 'monthly';
  from: string; // YYYY-MM
  to: string; // YYYY-MM
  due: 'last_working_day_of_month' | 'first_working_day_of_month' | number;
}

export interface StepSpec {
  id: string;
  itemId: string;
  title: string;
  assignee: string;
  helpers: string[];
  reviewer?: string;
  approval: string | null;
  start?: string;
  due?: string;
  /** "No later than" (trước ngày / chậm nhất ngày): the deadline (and `due`) is the last working day on or before it. */
  dueBy?: string;
  dueLunar?: string; // MM-DD, "L" prefix for a leap month
  /** What the due date depends on, for next year's plan (plan-anchors.ts). */
  dueAnchor?: DueAnchor;
  eventDate?: string;
  recurrence?: RecurrenceSpec;
  trigger?: 'case_reported';
  fanOut?: string;
  escalation?: string;
  remindersWd?: number[];
  evidence?: string;
  recipient?: string;
  kpis: KpiSpec[];
  source?: string;
  /** Child-friendly commune indicators (QĐ 06/QĐ-TTg) the step supplies evidence for: ids ("6.1") or whole criteria ("6"). */
  indicators?: string[];
}

export interface ItemSpec {
  id: string;
  title: string;
  source?: string;
  note?: string;
  window?: { from: string; to: string };
  theme?: string;
  themeNote?: string;
  kpis: KpiSpec[];
  steps: StepSpec[];
}

export interface EscalationRung {
  afterWd: number;
  to: string; // a role key or MONITORING_BODY
  mode: 'mail' | 'digest';
}

export interface ApprovalPolicy {
  approver: string;
  slaWd: number;
  onBreachTo: string;
  rejectionRequiresReason: boolean;
  resubmissionRestartsSla: boolean;
}

export interface CaseClockPolicy {
  emergencyInterventionH: number;
  to: string;
  planDraftingWd: number;
  planApprover: string;
}

/**
 * The child-friendly commune assessment (QĐ 06/QĐ-TTg): the plan step whose assignee drafts it and whose approver
 * approves it (its reminders and escalation too), the criteria set it is scored by and the commune's class.
 */
export interface AssessmentPolicy {
  step: string;
  criteriaSet: string;
  communeClass: CommuneClass;
}

export interface PoliciesSpec {
  remindersBeforeWd: number[];
  sendOnNonWorkingDays: boolean;
  chains: Record<string, EscalationRung[]>;
  approval: ApprovalPolicy;
  childAbuseCase?: CaseClockPolicy;
  childFriendlyAssessment?: AssessmentPolicy;
  monitoringBodyByDate: { from?: string; until?: string; role: string }[];
  /**
   * Minutes after the notice hour over which the instances' notices of a day are spread (a fixed minute per
   * instance, see `noticeOffsetMs`); left out, every notice goes at 08:00 sharp. A province plan sets it.
   */
  noticeSpreadMin?: number;
}

export interface CalendarOverrides {
  daysOff: { from: string; to: string; name: string }[];
  makeupWorkingDays: { date: string; replaces?: string }[];
}

export interface PlanSpec {
  id: string;
  number: string;
  title: string;
  year: number;
  issuedOn?: string;
  issuer: { id: string; name: string };
  signer?: { role: string; formula: string };
  rehearsalStart: string;
  /** `cited: false`: background the plan rests on, not one of the bases the document itself cites. */
  legalBases: { ref: string; date?: string; cited?: boolean }[];
  programmes: { key: string; name: string }[];
  recipients: { unit: string; purpose: string }[];
  orgUnits: OrgUnitSpec[];
  roles: Record<string, RoleSpec>;
  policies: PoliciesSpec;
  calendar: CalendarOverrides;
  items: ItemSpec[];
}

/** Whether a plan's number is still the placeholder of a plan not yet numbered ("__/KH-UBND": no digit in it). */
export const isPlaceholderNumber = (n: string | null | undefined): boolean => !n || !/\d/.test(n);

/**
 * How a person reads which plan it is: "Kế hoạch số 12/KH-UBND" once numbered, else its title (or "Kế hoạch (chưa
 * có số)" when there is no title either) — never the placeholder number as if it were real.
 */
export const planReference = (n: string | null | undefined, title?: string | null): string =>
  isPlaceholderNumber(n) ? title?.trim() || 'Kế hoạch (chưa có số)' : `Kế hoạch số ${n}`;

export const MONITORING_BODY = 'monitoring_body';
export const DEFAULT_CHAIN = 'commune_officer';
/** The built-in unit group of every village of the plan. */
export const VILLAGES_ALL = 'villages_all';

export const allSteps = (p: PlanSpec): StepSpec[] => p.items.flatMap((i) => i.steps);

/** The units a fan-out group stands for: `villages_all` is every village; any other name is a unit kind. */
export const unitsOfGroup = (p: PlanSpec, group: string): OrgUnitSpec[] =>
  p.orgUnits.filter((u) => (group === VILLAGES_ALL ? u.kind === 'village' : u.kind === group));

/** The role that monitors the plan on a date (a role resolved by date: the district until 30/6/2025, then the province). */
export function monitoringBodyOn(p: PlanSpec, date: string): string | undefined {
  return p.policies.monitoringBodyByDate.find((m) => (!m.from || m.from <= date) && (!m.until || date <= m.until))?.role;
}

/** One stretch of the monitoring body: a role, its holder and the unit it belongs to over those days. */
export interface MonitoringSpan {
  from?: string;
  until?: string;
  role: string;
  title: string;
  person: string;
  unitId: string;
  unitName: string;
}

/**
 * Who monitors the plan over time, split where the monitoring role moves to a successor unit: the district's
 * Phòng LĐTB&XH until 28/02/2025, its successor until 30/06/2025, then the province's Sở Y tế.
 */
export function monitoringTimeline(p: PlanSpec): MonitoringSpan[] {
  const later = (a?: string, b?: string) => (!a ? b : !b ? a : a > b ? a : b);
  const earlier = (a?: string, b?: string) => (!a ? b : !b ? a : a < b ? a : b);
  const out: MonitoringSpan[] = [];
  for (const m of p.policies.monitoringBodyByDate) {
    const role = p.roles[m.role];
    if (!role) continue;
    const spans = role.units?.length ? role.units : [{ unit: role.unit, from: undefined, to: undefined }];
    for (const s of spans) {
      const from = later(m.from, s.from);
      const until = earlier(m.until, s.to);
      if (from && until && from > until) continue;
      out.push({
        ...(from ? { from } : {}),
        ...(until ? { until } : {}),
        role: m.role,
        title: role.title,
        person: role.person,
        unitId: s.unit,
        unitName: p.orgUnits.find((u) => u.id === s.unit)?.name ?? s.unit,
      });
    }
  }
  return out;
}

/** The unit a role belongs to on a date: the span of `units` covering it, or its one `unit`; undefined between spans. */
export function roleUnitOn(role: Pick<RoleSpec, 'unit' | 'units'>, date: string): string | undefined {
  if (!role.units?.length) return role.unit;
  return role.units.find((s) => (!s.from || s.from <= date) && (!s.to || date <= s.to))?.unit;
}

export const validOn = (x: { validFrom?: string; validTo?: string }, date: string): boolean =>
  (!x.validFrom || x.validFrom <= date) && (!x.validTo || date <= x.validTo);
