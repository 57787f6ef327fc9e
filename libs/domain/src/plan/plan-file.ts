import { LineCounter, parseDocument, type Node } from 'yaml';
import { indicatorRefProblem } from '../assessment/coverage.js';
import { CRITERIA_SETS, DEFAULT_CRITERIA_SET } from '../assessment/registry.js';
import { lunarToSolar, WorkingCalendar } from '../calendar/index.js';
import { limitProblems, PLAN_LIMITS, structureProblems, type PlanLimits } from './plan-limits.js';
import { checkNode, suggest, todoOf, viDate, type NodeIndex, type Problem } from './schema-check.js';
import { PLAN_FORMAT, PLAN_SCHEMA } from './plan-schema.js';
import { planCalendarYears } from './timeline.js';
import { describeAnchor, resolveAnchors, type DueAnchor } from './plan-anchors.js';
import {
  DEFAULT_CHAIN,
  MONITORING_BODY,
  VILLAGES_ALL,
  roleUnitOn,
  validOn,
  type ApprovalPolicy,
  type AssessmentPolicy,
  type CaseClockPolicy,
  type EscalationRung,
  type KpiSpec,
  type PlanSpec,
  type StepSpec,
} from './plan.js';

export { PLAN_FORMAT };

export interface PlanDiagnostic {
  file: string;
  line: number;
  col: number;
  severity: 'error' | 'warning';
  message: string;
  /** A short stable English identifier of the problem (UNKNOWN_ROLE, DUE_ON_REST_DAY…), for a developer or a lookup; a limit's values in `vars`. */
  code?: string;
  vars?: Record<string, string | number>;
}

/** `file:line:col: lỗi|cảnh báo: message` — the words a person reads; `severity` stays `error`/`warning` in the data. */
export const formatDiagnostic = (d: PlanDiagnostic) =>
  `${d.file}:${d.line}:${d.col}: ${d.severity === 'error' ? 'lỗi' : 'cảnh báo'}: ${d.message}`;

export type PlanParseResult =
  { ok: true; plan: PlanSpec; warnings: PlanDiagnostic[] } | { ok: false; errors: PlanDiagnostic[]; warnings: PlanDiagnostic[] };

/** Plan files larger than this are refused before parsing. */
export const MAX_PLAN_FILE_BYTES = 2 * 1024 * 1024;

type Raw = Record<string, any>;

/**
 * Parses and validates a plan file. Never throws on bad input: every problem comes back at once with its line and
 * column, so a person can fix the file in one pass. Warnings (a due date on a rest day) do not make it invalid.
 */
export function parsePlanFile(
  text: string,
  file = 'plan.yaml',
  calendar?: WorkingCalendar,
  limits: PlanLimits = PLAN_LIMITS,
): PlanParseResult {
  const r = parseUncapped(text, file, calendar, limits);
  const cap = (ds: PlanDiagnostic[]): PlanDiagnostic[] =>
    ds.length <= MAX_DIAGNOSTICS
      ? ds
      : [
          ...ds.slice(0, MAX_DIAGNOSTICS),
          {
            ...ds[MAX_DIAGNOSTICS],
            message: `và ${ds.length - MAX_DIAGNOSTICS} ${ds[0].severity === 'error' ? 'lỗi' : 'cảnh báo'} nữa từ dòng này trở đi`,
            code: 'PLAN_MORE_DIAGNOSTICS',
            vars: { n: ds.length - MAX_DIAGNOSTICS },
          },
        ];
  return r.ok ? { ...r, warnings: cap(r.warnings) } : { ok: false, errors: cap(r.errors), warnings: cap(r.warnings) };
}

/** At most this many errors (and warnings) are listed, then how many more there are: a page, not a flood. */
export const MAX_DIAGNOSTICS = 500;

function parseUncapped(text: string, file: string, calendar: WorkingCalendar | undefined, limits: PlanLimits): PlanParseResult {
  const errors: PlanDiagnostic[] = [];
  const warnings: PlanDiagnostic[] = [];
  const lc = new LineCounter();
  const add = (
    list: PlanDiagnostic[],
    severity: PlanDiagnostic['severity'],
    offset: number,
    message: string,
    p?: Pick<Problem, 'code' | 'vars'>,
  ) => {
    const pos = lc.linePos(offset);
    list.push({
      file,
      line: pos.line,
      col: pos.col,
      severity,
      message,
      ...(p?.code ? { code: p.code, ...(p.vars ? { vars: p.vars } : {}) } : {}),
    });
  };
  const fail = (message: string, p?: Pick<Problem, 'code' | 'vars'>) => ({
    ok: false as const,
    errors: [
      {
        file,
        line: 1,
        col: 1,
        severity: 'error' as const,
        message,
        ...(p?.code ? { code: p.code, ...(p.vars ? { vars: p.vars } : {}) } : {}),
      },
    ],
    warnings,
  });

  if (typeof text !== 'string') return fail('tệp kế hoạch không phải là văn bản', { code: 'PLAN_NOT_TEXT' });
  const bytes = text.length * 3 <= MAX_PLAN_FILE_BYTES ? text.length : new TextEncoder().encode(text).length; // a UTF-16 unit is 1–3 UTF-8 bytes
  if (bytes > MAX_PLAN_FILE_BYTES)
    return fail(`tệp kế hoạch lớn hơn ${MAX_PLAN_FILE_BYTES / 1024 / 1024} MiB`, {
      code: 'PLAN_FILE_TOO_BIG',
      vars: { kib: Math.ceil(bytes / 1024), max: MAX_PLAN_FILE_BYTES / 1024 },
    });
  let doc;
  try {
    // uniqueKeys off: the library compares each key with every key before it (a 229 KB file of distinct keys took
    // 5 s); structureProblems finds duplicates with a Set. Aliases are never expanded (checkNode refuses them).
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false, version: '1.2' });
  } catch (err) {
    return fail(
      `không đọc được tệp kế hoạch: ${err instanceof Error ? err.message : String(err)}`,
      err instanceof RangeError ? { code: 'PLAN_TOO_DEEP', vars: { max: limits.maxDepth } } : { code: 'YAML_UNREADABLE' },
    );
  }
  for (const e of doc.errors)
    add(errors, 'error', e.pos[0], `tệp không đúng cú pháp YAML: ${e.message.split('\n')[0]}`, { code: `YAML_${e.code}` });
  if (errors.length) return { ok: false, errors, warnings };
  for (const p of structureProblems(doc.contents, limits.maxDepth)) add(errors, 'error', p.node?.range?.[0] ?? 0, p.message, p);
  if (errors.length) return { ok: false, errors: sortDiagnostics(errors), warnings };

  const problems: Problem[] = [];
  const index: NodeIndex = new Map();
  let raw: Raw | undefined;
  try {
    raw = checkNode(doc.contents, PLAN_SCHEMA, '', problems, index) as Raw | undefined;
  } catch (err) {
    return fail(`tệp kế hoạch lồng nhau quá sâu hoặc quá lớn để kiểm tra: ${err instanceof Error ? err.message : String(err)}`, {
      code: 'PLAN_TOO_COMPLEX',
    });
  }
  const report = (ps: Problem[], list: PlanDiagnostic[], severity: PlanDiagnostic['severity']) =>
    ps.forEach((p) => add(list, severity, p.node?.range?.[0] ?? 0, p.message, p));
  report(problems, errors, 'error');
  if (!raw) return { ok: false, errors: sortDiagnostics(errors), warnings };
  // Sizes first: a plan over a limit is not checked further (nor expanded), whatever else is wrong with it.
  const over = limitProblems(raw, index, limits);
  if (over.length) {
    report(over, errors, 'error');
    return { ok: false, errors: sortDiagnostics(errors), warnings };
  }

  // References, dates and cycles are checked even when some values were malformed, so one pass reports as much as
  // it can; a check that cannot run on a partial document is skipped, the schema errors already say why.
  const semantic: Problem[] = [];
  const cautions: Problem[] = [];
  let plan: PlanSpec | undefined;
  try {
    const overrides = {
      daysOff: (raw.calendar?.days_off ?? []).filter(Boolean).map((d: Raw) => ({ from: d.from, to: d.to, name: d.name })),
      makeupWorkingDays: (raw.calendar?.makeup_working_days ?? [])
        .filter(Boolean)
        .map((m: Raw) => ({ date: m.date, replaces: m.replaces })),
    };
    const cal = calendar ?? WorkingCalendar.vietnam(planCalendarYears({ id: raw.plan?.id ?? file, calendar: overrides }));
    plan = toPlanSpec(raw, cal, index, semantic, cautions);
  } catch (err) {
    if (!errors.length) throw err;
  }
  // A value left as TODO was reported once by the schema check; what a later check says about it adds nothing.
  const notTodo = (ps: Problem[]) => ps.filter((p) => !p.node || todoOf(p.node) === undefined);
  report(notTodo(semantic), errors, 'error');
  report(notTodo(cautions), warnings, 'warning');
  if (errors.length || !plan) return { ok: false, errors: dedupe(sortDiagnostics(errors)), warnings: sortDiagnostics(warnings) };
  return { ok: true, plan, warnings: sortDiagnostics(warnings) };
}

const sortDiagnostics = (ds: PlanDiagnostic[]) => ds.sort((a, b) => a.line - b.line || a.col - b.col);
const dedupe = (ds: PlanDiagnostic[]) => ds.filter((d, i) => i === 0 || formatDiagnostic(d) !== formatDiagnostic(ds[i - 1]));

/** Resolves a lunar MM-DD (L prefix: leap month) in a lunar year to a solar date, or undefined when it does not exist. */
export function resolveLunar(lunar: string, year: number): string | undefined {
  const leap = lunar.startsWith('L');
  const [m, d] = lunar.replace(/^L/, '').split('-').map(Number);
  try {
    return lunarToSolar({ year, month: m, day: d, leap });
  } catch {
    return undefined;
  }
}

/** What every check of one plan file shares: the file as read, its calendar, where each path is, the problems found. */
interface SpecCheck {
  raw: Raw;
  cal: WorkingCalendar;
  index: NodeIndex;
  warnings: Problem[];
  at: (path: string) => Node | undefined;
  err: (path: string, code: string, message: string) => void;
}

/** The units and roles of a plan file, and how a reference to one is checked. */
interface PlanRefs {
  units: Map<string, Raw>;
  roles: Record<string, Raw>;
  /** How many units of each kind (a fan-out group names a kind). */
  kinds: Map<string, number>;
  unitRef: (path: string, id: string | undefined, what: string) => void;
  roleRef: (path: string, key: string | undefined, what: string, allowMonitoring?: boolean) => void;
  groupRef: (path: string, group: string | undefined) => void;
  unitOfRole: (r: Raw, date: string) => string | undefined;
}

/** The policies of a plan file as the spec has them. */
interface PlanPolicies {
  chains: Record<string, EscalationRung[]>;
  approval?: ApprovalPolicy;
  childAbuseCase?: CaseClockPolicy;
  casePolicyName?: string;
  childFriendlyAssessment?: AssessmentPolicy;
}

type AnchorAt = { path: string; stepId: string; anchor: DueAnchor };

/** The plan file checked beyond its schema (references, dates, cycles, policies) and read into a PlanSpec, phase by phase. */
function toPlanSpec(raw: Raw, cal: WorkingCalendar, index: NodeIndex, errors: Problem[], warnings: Problem[]): PlanSpec {
  const at = (path: string) => index.get(path);
  const c: SpecCheck = { raw, cal, index, warnings, at, err: (path, code, message) => errors.push({ node: at(path), message, code }) };
  const units = checkUnits(c);
  const refs = checkRoles(c, units);
  checkHeader(c, refs);
  const pol = readPolicies(c, refs);
  const { items, dueAnchors, seenSteps } = readItems(c, refs, pol);
  if (dueAnchors.length) checkDueAnchors(c, items, dueAnchors, seenSteps);
  checkAssessmentStep(c, items, pol.childFriendlyAssessment, seenSteps);
  return buildPlanSpec(raw, refs, pol, items);
}

/** Org units: ids, parents, successors, no cycles. */
function checkUnits({ raw, err }: SpecCheck): { units: Map<string, Raw>; unitRef: PlanRefs['unitRef'] } {
  const units = new Map<string, Raw>();
  (raw.org_units as Raw[]).forEach((u, i) => {
    if (units.has(u.id)) err(`org_units.${i}.id`, 'DUPLICATE_UNIT', `mã đơn vị "${u.id}" bị trùng`);
    units.set(u.id, u);
  });
  const unitRef = (path: string, id: string | undefined, what: string) => {
    if (id !== undefined && !units.has(id))
      err(path, 'UNKNOWN_UNIT', `đơn vị "${id}" không có trong org_units (${what})${hintFor(id, units.keys())}`);
  };
  (raw.org_units as Raw[]).forEach((u, i) => {
    unitRef(`org_units.${i}.parent`, u.parent, 'đơn vị cấp trên');
    unitRef(`org_units.${i}.successor`, u.successor, 'đơn vị kế thừa');
    if (u.valid_from && u.valid_to && u.valid_from > u.valid_to)
      err(`org_units.${i}.valid_to`, 'UNIT_ENDS_BEFORE_START', `valid_to ${viDate(u.valid_to)} trước valid_from ${viDate(u.valid_from)}`);
  });
  findCycle(
    [...units.values()].map((u) => [u.id, u.parent]),
    (cycle) =>
      err(
        `org_units.${[...units.keys()].indexOf(cycle[0])}.parent`,
        'UNIT_CYCLE',
        `các đơn vị tạo thành vòng lặp cấp trên: ${cycle.join(' → ')}`,
      ),
  );
  return { units, unitRef };
}

/** Roles: units, supervisors (no cycles), successors. */
function checkRoles({ raw, err }: SpecCheck, { units, unitRef }: ReturnType<typeof checkUnits>): PlanRefs {
  const roles = raw.roles as Record<string, Raw>;
  const roleRef = (path: string, key: string | undefined, what: string, allowMonitoring = false) => {
    if (key === undefined || key in roles || (allowMonitoring && key === MONITORING_BODY)) return;
    err(
      path,
      'UNKNOWN_ROLE',
      `vai trò "${key}" không có trong kế hoạch (${what})${hintFor(key, Object.keys(roles).concat(allowMonitoring ? [MONITORING_BODY] : []))}`,
    );
  };
  const kinds = new Map<string, number>();
  for (const u of units.values()) kinds.set(u.kind, (kinds.get(u.kind) ?? 0) + 1);
  const groupRef = (path: string, group: string | undefined) => {
    if (group === undefined) return;
    if (group !== VILLAGES_ALL && !kinds.has(group))
      err(path, 'UNKNOWN_UNIT_GROUP', `nhóm đơn vị "${group}" không có; dùng ${VILLAGES_ALL} hoặc một loại đơn vị (kind)`);
  };
  const prefixes = new Map<string, boolean>();
  const anyUnitStartsWith = (prefix: string) => {
    if (!prefixes.has(prefix))
      prefixes.set(
        prefix,
        [...units.keys()].some((u) => u.startsWith(prefix)),
      );
    return prefixes.get(prefix)!;
  };
  for (const [k, r] of Object.entries(roles)) {
    if (r.units && r.unit !== undefined)
      err(`roles.${k}.units`, 'ROLE_UNIT_AND_UNITS', `vai trò ${k} có cả unit và units; chỉ ghi một trong hai`);
    else if (!r.units && r.unit === undefined) err(`roles.${k}`, 'ROLE_WITHOUT_UNIT', `vai trò ${k} cần có unit (hoặc units)`);
    if (r.units) {
      (r.units as Raw[]).forEach((s, i) => {
        unitRef(`roles.${k}.units.${i}.unit`, s.unit, `đơn vị của vai trò ${k}`);
        if (s.from && s.to && s.from > s.to)
          err(`roles.${k}.units.${i}.to`, 'SPAN_ENDS_BEFORE_START', `to ${viDate(s.to)} trước from ${viDate(s.from)}`);
        const next = (r.units as Raw[])[i + 1];
        if (next && (!s.to || !next.from || next.from !== nextDay(s.to))) {
          err(
            `roles.${k}.units.${i + 1}.from`,
            'ROLE_UNITS_GAP',
            `vai trò ${k} phải chuyển đơn vị liền mạch: khoảng này phải bắt đầu ngay sau ngày khoảng trước kết thúc${s.to ? ` (${viDate(nextDay(s.to))})` : ''}`,
          );
        }
        const u = units.get(s.unit);
        for (const d of [s.from, s.to].filter(Boolean) as string[]) {
          if (u && !validOn({ validFrom: u.valid_from, validTo: u.valid_to }, d))
            err(
              `roles.${k}.units.${i}.unit`,
              'UNIT_NOT_VALID_ON_DATE',
              `đơn vị ${s.unit} không còn tồn tại vào ngày ${viDate(d)} (hiệu lực từ ${viDate(u.valid_from ?? '…')} đến ${viDate(u.valid_to ?? '…')})`,
            );
        }
      });
      if (r.fan_out)
        err(`roles.${k}.units`, 'FAN_OUT_ROLE_WITH_UNITS', `vai trò có ở mọi đơn vị (fan_out) không thể chuyển đơn vị bằng units`);
    } else if (r.unit === undefined) {
      // reported above
    } else if (r.unit.endsWith('_*')) {
      const prefix = r.unit.slice(0, -1);
      if (!anyUnitStartsWith(prefix)) err(`roles.${k}.unit`, 'NO_UNIT_MATCHES', `không có đơn vị nào khớp với "${r.unit}"`);
      if (!r.fan_out) err(`roles.${k}.unit`, 'WILDCARD_ROLE_WITHOUT_FAN_OUT', `vai trò có ở mọi đơn vị ("${r.unit}") cần có fan_out`);
    } else unitRef(`roles.${k}.unit`, r.unit, `đơn vị của vai trò ${k}`);
    roleRef(`roles.${k}.supervisor`, r.supervisor, `cấp trên của ${k}`);
    roleRef(`roles.${k}.deputy_for`, r.deputy_for, `deputy_for của ${k}`);
    roleRef(`roles.${k}.successor`, r.successor, `vai trò kế thừa của ${k}`);
    groupRef(`roles.${k}.fan_out`, r.fan_out);
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(r.email))
      err(`roles.${k}.email`, 'INVALID_EMAIL', `"email" của vai trò ${k} không phải là địa chỉ thư điện tử`);
  }
  findCycle(
    Object.entries(roles).map(([k, r]) => [k, r.supervisor]),
    (cycle) => err(`roles.${cycle[0]}.supervisor`, 'SUPERVISOR_CYCLE', `cấp trên của các vai trò tạo thành vòng lặp: ${cycle.join(' → ')}`),
  );
  const unitOfRole = (r: Raw, date: string): string | undefined =>
    r.units
      ? roleUnitOn({ unit: r.units[0]?.unit, units: (r.units as Raw[]).map((s) => ({ unit: s.unit, from: s.from, to: s.to })) }, date)
      : r.unit;
  return { units, roles, kinds, unitRef, roleRef, groupRef, unitOfRole };
}

/** Plan header: the issuer, the signer, the recipients. */
function checkHeader({ raw }: SpecCheck, { unitRef, roleRef }: PlanRefs): void {
  const p = raw.plan as Raw;
  unitRef('plan.issuer', p.issuer, 'cơ quan ban hành');
  if (p.signer) roleRef('plan.signer.role', p.signer.role, 'người ký');
  (p.recipients ?? []).forEach((r: Raw, i: number) => {
    if (r.unit !== VILLAGES_ALL) unitRef(`plan.recipients.${i}.unit`, r.unit, 'nơi nhận');
  });
}

/** Policies: the escalation chains, the approval and case policies, the monitoring body by date, the assessment. */
function readPolicies({ raw, err }: SpecCheck, { units, roles, roleRef, unitOfRole }: PlanRefs): PlanPolicies {
  const pol = raw.policies as Raw;
  const chains: Record<string, EscalationRung[]> = {};
  let approval: ApprovalPolicy | undefined;
  let childAbuseCase: CaseClockPolicy | undefined;
  let casePolicyName: string | undefined;
  for (const [name, v] of Object.entries(pol.escalation as Record<string, unknown>)) {
    const base = `policies.escalation.${name}`;
    if (Array.isArray(v)) {
      chains[name] = (v as Raw[]).map((r, i) => {
        roleRef(`${base}.${i}.to`, r.to, `chuỗi chuyển cấp ${name}`, true);
        if (i > 0 && r.after_wd <= (v as Raw[])[i - 1].after_wd)
          err(
            `${base}.${i}.after_wd`,
            'RUNGS_NOT_INCREASING',
            `các bậc chuyển cấp phải lần lượt muộn hơn bậc trước (${r.after_wd} ≤ ${(v as Raw[])[i - 1].after_wd})`,
          );
        return { afterWd: r.after_wd, to: r.to, mode: r.mode ?? 'mail' };
      });
    } else if (v && typeof v === 'object' && 'approver' in v) {
      const a = v as Raw;
      roleRef(`${base}.approver`, a.approver, 'người phê duyệt');
      roleRef(`${base}.on_breach.to`, a.on_breach.to, 'nơi chuyển khi quá hạn phê duyệt');
      approval = {
        approver: a.approver,
        slaWd: a.sla_wd,
        onBreachTo: a.on_breach.to,
        rejectionRequiresReason: a.rejection_requires_reason ?? true,
        resubmissionRestartsSla: a.resubmission_restarts_sla ?? true,
      };
    } else if (v && typeof v === 'object') {
      const c = v as Raw;
      roleRef(`${base}.to`, c.to, 'chuyển cấp vụ việc');
      roleRef(`${base}.plan_approver`, c.plan_approver, 'người phê duyệt kế hoạch hỗ trợ vụ việc');
      casePolicyName = name;
      childAbuseCase = {
        emergencyInterventionH: c.emergency_intervention_h,
        to: c.to,
        planDraftingWd: c.plan_drafting_wd,
        planApprover: c.plan_approver,
      };
    }
  }
  if (!chains[DEFAULT_CHAIN])
    err(
      'policies.escalation',
      'NO_DEFAULT_CHAIN',
      `chính sách chuyển cấp (policies.escalation) cần có chuỗi "${DEFAULT_CHAIN}" (chuỗi mặc định của các bước)`,
    );
  if (!approval)
    err(
      'policies.escalation',
      'NO_APPROVAL_POLICY',
      'chính sách chuyển cấp (policies.escalation) cần có "approval" (approver, sla_wd, on_breach)',
    );
  (pol.monitoring_body_by_date as Raw[]).forEach((m, i) => {
    roleRef(`policies.monitoring_body_by_date.${i}.role`, m.role, 'cơ quan giám sát');
    // The monitoring body must belong to a unit that exists on every day it monitors (while the role itself exists):
    // a unit dissolved before the role's end needs a successor span in the role's `units`.
    const r = roles[m.role];
    const year = Number(raw.plan?.year);
    if (!r || !Number.isInteger(year) || (typeof r.unit === 'string' && r.unit.endsWith('_*'))) return;
    const first = [m.from ?? `${year}-01-01`, r.valid_from].filter(Boolean).sort().at(-1) as string;
    const last = [m.until ?? `${year + 2}-12-31`, r.valid_to].filter(Boolean).sort()[0] as string;
    for (let d = first, n = 0; d <= last && n < 4000; d = nextDay(d), n++) {
      const unitId = unitOfRole(r, d);
      const u = unitId ? units.get(unitId) : undefined;
      if (unitId && !u) return; // an unknown unit is reported at the role
      if (!u || !validOn({ validFrom: u.valid_from, validTo: u.valid_to }, d)) {
        err(
          `policies.monitoring_body_by_date.${i}.role`,
          'MONITORING_BODY_WITHOUT_UNIT',
          `cơ quan giám sát ${m.role} không thuộc đơn vị nào vào ngày ${viDate(d)}${u ? ` (${u.id} kết thúc ngày ${viDate(u.valid_to)}${u.successor ? `; đơn vị kế thừa là ${u.successor}` : ''})` : ''}; hãy giao vai trò cho đơn vị kế thừa bằng units: [{unit, to}, {unit, from}]`,
        );
        return;
      }
    }
  });
  const cfa = pol.child_friendly_assessment as Raw | undefined;
  const childFriendlyAssessment: AssessmentPolicy | undefined =
    cfa && cfa.step && cfa.commune_class
      ? { step: cfa.step, criteriaSet: cfa.criteria ?? DEFAULT_CRITERIA_SET, communeClass: cfa.commune_class }
      : undefined;
  return { chains, approval, childAbuseCase, casePolicyName, childFriendlyAssessment };
}

/** Items and steps: ids, parties, groups, indicators, chains, and the one due date of each step. */
function readItems(
  c: SpecCheck,
  refs: PlanRefs,
  pol: PlanPolicies,
): { items: PlanSpec['items']; dueAnchors: AnchorAt[]; seenSteps: Set<string> } {
  const { raw, cal, index, warnings, at, err } = c;
  const { kinds, roleRef, groupRef } = refs;
  const { chains, casePolicyName } = pol;
  const dueAnchors: AnchorAt[] = [];
  const seenItems = new Set<string>();
  const seenSteps = new Set<string>();
  const items = (raw.items as Raw[]).map((it, i) => {
    if (seenItems.has(it.id)) err(`items.${i}.id`, 'DUPLICATE_ITEM', `mã nội dung "${it.id}" bị trùng`);
    seenItems.add(it.id);
    const steps = (it.steps as Raw[]).map((s, j): StepSpec => {
      const base = `items.${i}.steps.${j}`;
      if (seenSteps.has(s.id)) err(`${base}.id`, 'DUPLICATE_STEP', `mã bước "${s.id}" bị trùng`);
      seenSteps.add(s.id);
      roleRef(`${base}.assignee`, s.assignee, `người thực hiện của ${s.id}`);
      (s.helpers ?? []).forEach((h: string, k: number) => roleRef(`${base}.helpers.${k}`, h, `người phối hợp của ${s.id}`));
      roleRef(`${base}.reviewer`, s.reviewer, `người kiểm tra của ${s.id}`);
      roleRef(`${base}.approval`, s.approval, `người phê duyệt của ${s.id}`);
      roleRef(`${base}.recipient`, s.recipient, `nơi nhận của ${s.id}`, true);
      groupRef(`${base}.fan_out`, s.fan_out);
      (s.indicators ?? []).forEach((ref: unknown, k: number) => {
        const problem = typeof ref === 'string' ? indicatorRefProblem(ref, s.indicators.slice(0, k)) : undefined;
        if (problem) err(`${base}.indicators.${k}`, 'BAD_INDICATOR', problem);
      });
      if (s.escalation !== undefined && !(s.escalation in chains) && s.escalation !== casePolicyName)
        err(
          `${base}.escalation`,
          'UNKNOWN_CHAIN',
          `chuỗi chuyển cấp "${s.escalation}" không có trong kế hoạch${hintFor(s.escalation, Object.keys(chains))}`,
        );
      if (s.fan_out && !(s.fan_out === VILLAGES_ALL ? kinds.get('village') : kinds.get(s.fan_out))) {
        err(`${base}.fan_out`, 'EMPTY_GROUP', `nhóm "${s.fan_out}" không có đơn vị nào`);
      }
      const present = (k: string) => s[k] !== undefined || index.has(`${base}.${k}`); // written, even if malformed
      const anchors = ['due', 'due_by', 'due_lunar', 'recurrence', 'trigger'].filter(present);
      let due: string | undefined =
        s.due ?? (s.due_by ? cal.rollBack(s.due_by) : undefined) ?? (anchors.length === 0 ? s.event_date : undefined);
      if (anchors.length === 0 && !present('event_date'))
        err(base, 'STEP_WITHOUT_DUE', `bước ${s.id} cần có một trong các khóa due, due_by, due_lunar, recurrence, trigger hoặc event_date`);
      if (s.due_anchor) {
        const kinds = ['event', 'step', 'day'].filter((k) => s.due_anchor[k] !== undefined);
        if (kinds.length !== 1)
          err(
            `${base}.due_anchor`,
            'ANCHOR_KIND',
            `due_anchor của ${s.id} cần đúng một trong event, step hoặc day${kinds.length ? ` (đang có ${kinds.join(' và ')})` : ''}`,
          );
        else dueAnchors.push({ path: `${base}.due_anchor`, stepId: s.id, anchor: s.due_anchor as DueAnchor });
      }
      if (anchors.length > 1) err(`${base}.${anchors[1]}`, 'STEP_TWO_DUES', `bước ${s.id} có cả ${anchors.join(' và ')}; chỉ ghi một`);
      if (s.due_lunar) {
        due = resolveLunar(s.due_lunar, raw.plan.year);
        if (!due) err(`${base}.due_lunar`, 'NO_SUCH_LUNAR_DATE', `ngày âm lịch ${s.due_lunar} không có trong năm âm lịch ${raw.plan.year}`);
      }
      if (s.recurrence && s.recurrence.from > s.recurrence.to)
        err(
          `${base}.recurrence.to`,
          'RECURRENCE_ENDS_BEFORE_START',
          `lịch lặp kết thúc (${s.recurrence.to}) trước khi bắt đầu (${s.recurrence.from})`,
        );
      const dueField = s.due ? 'due' : s.due_by ? 'due_by' : s.due_lunar ? 'due_lunar' : 'event_date';
      if (s.start && due && s.start > due && !s.due_by)
        err(`${base}.${dueField}`, 'DUE_BEFORE_START', `hạn ${viDate(due)} trước ngày bắt đầu ${viDate(s.start)}`);
      if (s.due_by && !cal.isWorkingDay(s.due_by)) {
        const off = cal.dayOff(s.due_by);
        const back = cal.rollBack(s.due_by);
        warnings.push({
          node: at(`${base}.due_by`),
          code: 'DUE_BY_ON_REST_DAY',
          message: `hạn chậm nhất (due_by) ${viDate(s.due_by)} là ngày nghỉ${off ? ` (${off.name})` : ''}; hạn là ngày làm việc liền trước, ${viDate(back)}`,
        });
        if (s.start && back < s.start)
          err(
            `${base}.due_by`,
            'DUE_BY_BEFORE_START',
            `hạn chậm nhất (due_by) ${viDate(s.due_by)} không để lại ngày làm việc nào kể từ ngày bắt đầu ${viDate(s.start)}`,
          );
      } else if (due && !cal.isWorkingDay(due)) {
        const off = cal.dayOff(due);
        warnings.push({
          node: at(`${base}.${dueField}`),
          code: 'DUE_ON_REST_DAY',
          message: `hạn ${viDate(due)} là ngày nghỉ${off ? ` (${off.name})` : ''}; hạn được lùi sang ngày làm việc kế tiếp ${viDate(cal.roll(due))}`,
        });
      }
      if (due) checkRoleValid(c, refs, `${base}.assignee`, s.assignee, due);
      return {
        id: s.id,
        itemId: it.id,
        title: s.title,
        assignee: s.assignee,
        helpers: s.helpers ?? [],
        reviewer: s.reviewer,
        approval: s.approval ?? null,
        start: s.start,
        due: s.due ?? (s.due_lunar ? due : s.recurrence || s.trigger || s.due_by ? undefined : s.event_date),
        dueLunar: s.due_lunar,
        eventDate: s.event_date,
        ...(s.due_by ? { dueBy: s.due_by } : {}),
        ...(s.due_anchor ? { dueAnchor: s.due_anchor as DueAnchor } : {}),
        recurrence: s.recurrence,
        trigger: s.trigger,
        fanOut: s.fan_out,
        escalation: s.escalation,
        remindersWd: s.reminders_wd,
        evidence: s.evidence,
        recipient: s.recipient,
        kpis: kpis(s.kpis),
        source: s.source,
        ...(s.indicators ? { indicators: s.indicators } : {}),
      };
    });
    return {
      id: it.id,
      title: it.title,
      source: it.source,
      note: it.note,
      window: it.window ? { from: it.window.from, to: it.window.to } : undefined,
      theme: it.theme,
      themeNote: it.theme_note,
      kpis: kpis(it.kpis),
      steps,
    };
  });
  return { items, dueAnchors, seenSteps };
}

/** A role on a date: it exists, and so does the unit it belongs to that day. */
function checkRoleValid({ err }: SpecCheck, { roles, units, unitOfRole }: PlanRefs, path: string, key: string, date: string) {
  const r = roles[key];
  if (!r) return;
  if (!validOn({ validFrom: r.valid_from, validTo: r.valid_to }, date)) {
    err(
      path,
      'ROLE_NOT_VALID_ON_DATE',
      `vai trò ${key} không còn hiệu lực vào ngày ${viDate(date)} (hiệu lực từ ${viDate(r.valid_from ?? '…')} đến ${viDate(r.valid_to ?? '…')})${r.successor ? `; vai trò kế thừa là ${r.successor}` : ''}`,
    );
    return;
  }
  const unitId = unitOfRole(r, date);
  if (!unitId) {
    err(path, 'ROLE_WITHOUT_UNIT_ON_DATE', `vai trò ${key} không thuộc đơn vị nào vào ngày ${viDate(date)} (xem units của vai trò)`);
    return;
  }
  const u = units.get(unitId);
  if (u && !validOn({ validFrom: u.valid_from, validTo: u.valid_to }, date)) {
    err(
      path,
      'ROLE_UNIT_NOT_VALID_ON_DATE',
      `vai trò ${key} thuộc đơn vị ${u.id}, đơn vị này không còn tồn tại vào ngày ${viDate(date)} (hiệu lực từ ${viDate(u.valid_from ?? '…')} đến ${viDate(u.valid_to ?? '…')})${u.successor ? `; đơn vị kế thừa là ${u.successor}` : ''}`,
    );
  }
}

/** Each due anchor names a step that exists and, in the plan's own year, gives the due date the step has. */
function checkDueAnchors(
  { raw, cal, warnings, at, err }: SpecCheck,
  items: PlanSpec['items'],
  dueAnchors: AnchorAt[],
  seenSteps: Set<string>,
): void {
  const allSteps = new Map(items.flatMap((it) => it.steps).map((st) => [st.id, st]));
  for (const a of dueAnchors)
    if (a.anchor.step && !allSteps.has(a.anchor.step))
      err(`${a.path}.step`, 'UNKNOWN_STEP', `bước "${a.anchor.step}" không có trong kế hoạch${hintFor(a.anchor.step, seenSteps)}`);
  const known = new Map(dueAnchors.filter((a) => !a.anchor.step || allSteps.has(a.anchor.step)).map((a) => [a.stepId, a.anchor]));
  const r = resolveAnchors(known, raw.plan.year, cal, (id) => allSteps.get(id)?.due);
  for (const p of r.problems) err(dueAnchors.find((a) => a.stepId === p.stepId)!.path, p.code, p.message);
  for (const a of dueAnchors) {
    const st = allSteps.get(a.stepId);
    const want = r.dues.get(a.stepId);
    if (st?.due && want && cal.roll(want) !== cal.roll(st.due)) {
      warnings.push({
        node: at(a.path),
        code: 'ANCHOR_DISAGREES',
        message: `due_anchor (${describeAnchor(a.anchor)}) cho hạn ${viDate(want)} trong năm ${raw.plan.year}, nhưng hạn của bước là ${viDate(st.due)}`,
      });
    }
  }
}

/** The child-friendly assessment: a known criteria set, drafted in a step of the commune's own that is approved. */
function checkAssessmentStep(
  { err }: SpecCheck,
  items: PlanSpec['items'],
  childFriendlyAssessment: AssessmentPolicy | undefined,
  seenSteps: Set<string>,
): void {
  if (childFriendlyAssessment && !CRITERIA_SETS.some((c) => c.id === childFriendlyAssessment.criteriaSet)) {
    err(
      'policies.child_friendly_assessment.criteria',
      'UNKNOWN_CRITERIA_SET',
      `bộ tiêu chí "${childFriendlyAssessment.criteriaSet}" không có trong hệ thống${hintFor(
        childFriendlyAssessment.criteriaSet,
        CRITERIA_SETS.map((c) => c.id),
      )}`,
    );
  }
  if (childFriendlyAssessment) {
    const host = items.flatMap((it) => it.steps).find((s) => s.id === childFriendlyAssessment.step);
    if (!host)
      err(
        'policies.child_friendly_assessment.step',
        'UNKNOWN_STEP',
        `bước "${childFriendlyAssessment.step}" không có trong kế hoạch${hintFor(childFriendlyAssessment.step, seenSteps)}`,
      );
    else if (host.fanOut)
      err(
        'policies.child_friendly_assessment.step',
        'ASSESSMENT_STEP_FANS_OUT',
        `bước ${host.id} lặp lại theo từng đơn vị (fan_out); việc tự đánh giá là của riêng xã`,
      );
    else if (!host.approval)
      err(
        'policies.child_friendly_assessment.step',
        'ASSESSMENT_STEP_WITHOUT_APPROVAL',
        `bước ${host.id} không có người phê duyệt (approval); kết quả tự đánh giá phải được phê duyệt trước khi gửi cơ quan giám sát`,
      );
  }
}

/** The PlanSpec of a checked plan file. */
function buildPlanSpec(
  raw: Raw,
  { units, roles }: PlanRefs,
  { chains, approval, childAbuseCase, childFriendlyAssessment }: PlanPolicies,
  items: PlanSpec['items'],
): PlanSpec {
  const p = raw.plan as Raw;
  const pol = raw.policies as Raw;
  const issuer = units.get(p.issuer);
  return {
    id: p.id,
    number: p.number,
    title: p.title,
    year: p.year,
    issuedOn: p.issued_on,
    issuer: { id: p.issuer, name: issuer?.name ?? p.issuer },
    signer: p.signer ? { role: p.signer.role, formula: p.signer.formula } : undefined,
    rehearsalStart: p.rehearsal_start,
    legalBases: (p.legal_bases ?? []).map((b: Raw) => ({ ref: b.ref, date: b.date, ...(b.cited === false ? { cited: false } : {}) })),
    programmes: (p.programmes ?? []).map((x: Raw) => ({ key: x.key, name: x.name })),
    recipients: (p.recipients ?? []).map((x: Raw) => ({ unit: x.unit, purpose: x.purpose })),
    orgUnits: (raw.org_units as Raw[]).map((u) => ({
      id: u.id,
      kind: u.kind,
      name: u.name,
      parent: u.parent,
      validFrom: u.valid_from,
      validTo: u.valid_to,
      successor: u.successor,
      placeholder: u.placeholder,
    })),
    roles: Object.fromEntries(
      Object.entries(roles).map(([k, r]) => [
        k,
        {
          key: k,
          unit: r.unit ?? r.units?.[0]?.unit,
          title: r.title,
          ...(r.units
            ? {
                units: (r.units as Raw[]).map((s) => ({
                  unit: s.unit,
                  ...(s.from ? { from: s.from } : {}),
                  ...(s.to ? { to: s.to } : {}),
                })),
              }
            : {}),
          person: r.person,
          email: r.email,
          supervisor: r.supervisor,
          deputyFor: r.deputy_for,
          lead: r.lead,
          external: r.external,
          fanOut: r.fan_out,
          validFrom: r.valid_from,
          validTo: r.valid_to,
          successor: r.successor,
          ...(r.digest ? { digest: r.digest } : {}),
        },
      ]),
    ),
    policies: {
      remindersBeforeWd: pol.reminders_default.before_wd,
      sendOnNonWorkingDays: pol.reminders_default.send_on_non_working_days ?? false,
      chains,
      approval: approval ?? { approver: '', slaWd: 0, onBreachTo: '', rejectionRequiresReason: true, resubmissionRestartsSla: true },
      childAbuseCase,
      ...(childFriendlyAssessment ? { childFriendlyAssessment } : {}),
      monitoringBodyByDate: (pol.monitoring_body_by_date as Raw[]).map((m) => ({ from: m.from, until: m.until, role: m.role })),
    },
    calendar: {
      daysOff: (raw.calendar?.days_off ?? []).map((d: Raw) => ({ from: d.from, to: d.to, name: d.name })),
      makeupWorkingDays: (raw.calendar?.makeup_working_days ?? []).map((m: Raw) => ({ date: m.date, replaces: m.replaces })),
    },
    items,
  };
}

/** The next calendar day of an ISO date. */
const nextDay = (d: string): string => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
};

const kpis = (list: Raw[] | undefined): KpiSpec[] =>
  (list ?? []).map((k) => ({ key: k.key, target: k.target, unit: k.unit, op: k.op ?? '>=', note: k.note }));

const hintFor = (name: string, known: Iterable<string>) => {
  const h = suggest(name, known);
  return h ? `; có phải là "${h}"?` : '';
};

/** Reports each cycle of a "points to" relation once. */
function findCycle(edges: [string, string | undefined][], report: (cycle: string[]) => void): void {
  const next = new Map(edges);
  const done = new Set<string>();
  for (const [start] of edges) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let cur: string | undefined = start;
    while (cur !== undefined && !done.has(cur) && !onPath.has(cur)) {
      path.push(cur);
      onPath.add(cur);
      cur = next.get(cur);
    }
    if (cur !== undefined && onPath.has(cur)) report([...path.slice(path.indexOf(cur)), cur]);
    path.forEach((n) => done.add(n));
  }
}
