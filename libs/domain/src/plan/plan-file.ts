import { LineCounter, parseDocument, type Node } from 'yaml';
import { indicatorRefProblem } from '../assessment/coverage.js';
import { CRITERIA_SETS, DEFAULT_CRITERIA_SET } from '../assessment/registry.js';
import { lunarToSolar, WorkingCalendar } from '../calendar/index.js';
import { limitProblems, PLAN_LIMITS, structureProblems, type PlanLimits } from './plan-limits.js';
import { checkNode, suggest, todoOf, type NodeIndex, type Problem } from './schema-check.js';
import { PLAN_FORMAT, PLAN_SCHEMA } from './plan-schema.js';
import { planCalendarYears } from './timeline.js';
import { describeAnchor, lastWorkingDayOnOrBefore, resolveAnchors, type DueAnchor } from './plan-anchors.js';
import {
  DEFAULT_CHAIN, MONITORING_BODY, VILLAGES_ALL, roleUnitOn, unitsOfGroup, validOn,
  type ApprovalPolicy, type AssessmentPolicy, type CaseClockPolicy, type EscalationRung, type KpiSpec, type PlanSpec, type StepSpec,
} from './plan.js';

export { PLAN_FORMAT };

export interface PlanDiagnostic {
  file: string;
  line: number;
  col: number;
  severity: 'error' | 'warning';
  message: string;
  /** A limit's code (plan-limits.ts) and its values, for a message in the user's language. */
  code?: string;
  vars?: Record<string, string | number>;
}

export const formatDiagnostic = (d: PlanDiagnostic) => `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;

export type PlanParseResult = { ok: true; plan: PlanSpec; warnings: PlanDiagnostic[] } | { ok: false; errors: PlanDiagnostic[]; warnings: PlanDiagnostic[] };

/** Plan files larger than this are refused before parsing. */
export const MAX_PLAN_FILE_BYTES = 2 * 1024 * 1024;

type Raw = Record<string, any>;

/**
 * Parses and validates a plan file. Never throws on bad input: every problem comes back at once with its line and
 * column, so a person can fix the file in one pass. Warnings (a due date on a rest day) do not make it invalid.
 */
export function parsePlanFile(text: string, file = 'plan.yaml', calendar?: WorkingCalendar, limits: PlanLimits = PLAN_LIMITS): PlanParseResult {
  const r = parseUncapped(text, file, calendar, limits);
  const cap = (ds: PlanDiagnostic[]): PlanDiagnostic[] =>
    ds.length <= MAX_DIAGNOSTICS ? ds : [
      ...ds.slice(0, MAX_DIAGNOSTICS),
      { ...ds[MAX_DIAGNOSTICS], message: `and ${ds.length - MAX_DIAGNOSTICS} more ${ds[0].severity}s after this line`, code: 'PLAN_MORE_DIAGNOSTICS', vars: { n: ds.length - MAX_DIAGNOSTICS } },
    ];
  return r.ok ? { ...r, warnings: cap(r.warnings) } : { ok: false, errors: cap(r.errors), warnings: cap(r.warnings) };
}

/** At most this many errors (and warnings) are listed, then how many more there are: a page, not a flood. */
export const MAX_DIAGNOSTICS = 500;

function parseUncapped(text: string, file: string, calendar: WorkingCalendar | undefined, limits: PlanLimits): PlanParseResult {
  const errors: PlanDiagnostic[] = [];
  const warnings: PlanDiagnostic[] = [];
  const lc = new LineCounter();
  const add = (list: PlanDiagnostic[], severity: PlanDiagnostic['severity'], offset: number, message: string, p?: Pick<Problem, 'code' | 'vars'>) => {
    const pos = lc.linePos(offset);
    list.push({ file, line: pos.line, col: pos.col, severity, message, ...(p?.code ? { code: p.code, vars: p.vars ?? {} } : {}) });
  };
  const fail = (message: string, p?: Pick<Problem, 'code' | 'vars'>) =>
    ({ ok: false as const, errors: [{ file, line: 1, col: 1, severity: 'error' as const, message, ...(p?.code ? { code: p.code, vars: p.vars ?? {} } : {}) }], warnings });

  if (typeof text !== 'string') return fail('the plan file is not text');
  const bytes = text.length * 3 <= MAX_PLAN_FILE_BYTES ? text.length : new TextEncoder().encode(text).length; // a UTF-16 unit is 1–3 UTF-8 bytes
  if (bytes > MAX_PLAN_FILE_BYTES) return fail(`the plan file is larger than ${MAX_PLAN_FILE_BYTES / 1024 / 1024} MiB`, { code: 'PLAN_FILE_TOO_BIG', vars: { kib: Math.ceil(bytes / 1024), max: MAX_PLAN_FILE_BYTES / 1024 } });
  let doc;
  try {
    // uniqueKeys off: the library compares each key with every key before it (a 229 KB file of distinct keys took
    // 5 s); structureProblems finds duplicates with a Set. Aliases are never expanded (checkNode refuses them).
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false, version: '1.2' });
  } catch (err) {
    return fail(`the plan file cannot be read: ${err instanceof Error ? err.message : String(err)}`, err instanceof RangeError ? { code: 'PLAN_TOO_DEEP', vars: { max: limits.maxDepth } } : undefined);
  }
  for (const e of doc.errors) add(errors, 'error', e.pos[0], e.message.split('\n')[0]);
  if (errors.length) return { ok: false, errors, warnings };
  for (const p of structureProblems(doc.contents as Node, limits.maxDepth)) add(errors, 'error', p.node?.range?.[0] ?? 0, p.message, p);
  if (errors.length) return { ok: false, errors: sortDiagnostics(errors), warnings };

  const problems: Problem[] = [];
  const index: NodeIndex = new Map();
  let raw: Raw | undefined;
  try {
    raw = checkNode(doc.contents as Node, PLAN_SCHEMA, '', problems, index) as Raw | undefined;
  } catch (err) {
    return fail(`the plan file is too deeply nested or too large to check: ${err instanceof Error ? err.message : String(err)}`);
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
      makeupWorkingDays: (raw.calendar?.makeup_working_days ?? []).filter(Boolean).map((m: Raw) => ({ date: m.date, replaces: m.replaces })),
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

function toPlanSpec(raw: Raw, cal: WorkingCalendar, index: NodeIndex, errors: Problem[], warnings: Problem[]): PlanSpec {
  const at = (path: string) => index.get(path);
  const err = (path: string, message: string) => errors.push({ node: at(path), message });

  // Org units: ids, parents, successors, no cycles.
  const units = new Map<string, Raw>();
  (raw.org_units as Raw[]).forEach((u, i) => {
    if (units.has(u.id)) err(`org_units.${i}.id`, `duplicate org unit id "${u.id}"`);
    units.set(u.id, u);
  });
  const unitRef = (path: string, id: string | undefined, what: string) => {
    if (id !== undefined && !units.has(id)) err(path, `unknown org unit "${id}" (${what})${hintFor(id, units.keys())}`);
  };
  (raw.org_units as Raw[]).forEach((u, i) => {
    unitRef(`org_units.${i}.parent`, u.parent, 'parent');
    unitRef(`org_units.${i}.successor`, u.successor, 'successor');
    if (u.valid_from && u.valid_to && u.valid_from > u.valid_to) err(`org_units.${i}.valid_to`, `valid_to ${u.valid_to} is before valid_from ${u.valid_from}`);
  });
  findCycle([...units.values()].map((u) => [u.id, u.parent]), (cycle) => err(`org_units.${[...units.keys()].indexOf(cycle[0])}.parent`, `org units form a cycle: ${cycle.join(' → ')}`));

  // Roles: units, supervisors (no cycles), successors.
  const roles = raw.roles as Record<string, Raw>;
  const roleRef = (path: string, key: string | undefined, what: string, allowMonitoring = false) => {
    if (key === undefined || key in roles || (allowMonitoring && key === MONITORING_BODY)) return;
    err(path, `unknown role "${key}" (${what})${hintFor(key, Object.keys(roles).concat(allowMonitoring ? [MONITORING_BODY] : []))}`);
  };
  const kinds = new Map<string, number>();
  for (const u of units.values()) kinds.set(u.kind, (kinds.get(u.kind) ?? 0) + 1);
  const groupRef = (path: string, group: string | undefined) => {
    if (group === undefined) return;
    if (group !== VILLAGES_ALL && !kinds.has(group)) err(path, `unknown unit group "${group}"; use ${VILLAGES_ALL} or a unit kind`);
  };
  const prefixes = new Map<string, boolean>();
  const anyUnitStartsWith = (prefix: string) => {
    if (!prefixes.has(prefix)) prefixes.set(prefix, [...units.keys()].some((u) => u.startsWith(prefix)));
    return prefixes.get(prefix)!;
  };
  for (const [k, r] of Object.entries(roles)) {
    if (r.units && r.unit !== undefined) err(`roles.${k}.units`, `role ${k} has unit and units; give only one`);
    else if (!r.units && r.unit === undefined) err(`roles.${k}`, `role ${k} needs unit (or units)`);
    if (r.units) {
      (r.units as Raw[]).forEach((s, i) => {
        unitRef(`roles.${k}.units.${i}.unit`, s.unit, `unit of role ${k}`);
        if (s.from && s.to && s.from > s.to) err(`roles.${k}.units.${i}.to`, `to ${s.to} is before from ${s.from}`);
        const next = (r.units as Raw[])[i + 1];
        if (next && (!s.to || !next.from || next.from !== nextDay(s.to))) {
          err(`roles.${k}.units.${i + 1}.from`, `role ${k} must move without a gap: this span must start the day after the previous one ends${s.to ? ` (${nextDay(s.to)})` : ''}`);
        }
        const u = units.get(s.unit);
        for (const d of [s.from, s.to].filter(Boolean) as string[]) {
          if (u && !validOn({ validFrom: u.valid_from, validTo: u.valid_to }, d)) err(`roles.${k}.units.${i}.unit`, `unit ${s.unit} does not exist on ${d} (valid ${u.valid_from ?? '…'} to ${u.valid_to ?? '…'})`);
        }
      });
      if (r.fan_out) err(`roles.${k}.units`, `a role held in every unit (fan_out) cannot move with units`);
    } else if (r.unit === undefined) {
      // reported above
    } else if (r.unit.endsWith('_*')) {
      const prefix = r.unit.slice(0, -1);
      if (!anyUnitStartsWith(prefix)) err(`roles.${k}.unit`, `no org unit matches "${r.unit}"`);
      if (!r.fan_out) err(`roles.${k}.unit`, `a role held in every unit ("${r.unit}") needs fan_out`);
    } else unitRef(`roles.${k}.unit`, r.unit, `unit of role ${k}`);
    roleRef(`roles.${k}.supervisor`, r.supervisor, `supervisor of ${k}`);
    roleRef(`roles.${k}.deputy_for`, r.deputy_for, `deputy_for of ${k}`);
    roleRef(`roles.${k}.successor`, r.successor, `successor of ${k}`);
    groupRef(`roles.${k}.fan_out`, r.fan_out);
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(r.email)) err(`roles.${k}.email`, `"email" of role ${k} is not an e-mail address`);
  }
  findCycle(Object.entries(roles).map(([k, r]) => [k, r.supervisor]), (cycle) => err(`roles.${cycle[0]}.supervisor`, `supervisors form a cycle: ${cycle.join(' → ')}`));
  const unitOfRole = (r: Raw, date: string): string | undefined =>
    r.units ? roleUnitOn({ unit: r.units[0]?.unit, units: (r.units as Raw[]).map((s) => ({ unit: s.unit, from: s.from, to: s.to })) }, date) : r.unit;

  // Plan header.
  const p = raw.plan as Raw;
  unitRef('plan.issuer', p.issuer, 'issuer');
  if (p.signer) roleRef('plan.signer.role', p.signer.role, 'signer');
  (p.recipients ?? []).forEach((r: Raw, i: number) => {
    if (r.unit !== VILLAGES_ALL) unitRef(`plan.recipients.${i}.unit`, r.unit, 'recipient');
  });

  // Policies.
  const pol = raw.policies as Raw;
  const chains: Record<string, EscalationRung[]> = {};
  let approval: ApprovalPolicy | undefined;
  let childAbuseCase: CaseClockPolicy | undefined;
  let casePolicyName: string | undefined;
  for (const [name, v] of Object.entries(pol.escalation as Record<string, unknown>)) {
    const base = `policies.escalation.${name}`;
    if (Array.isArray(v)) {
      chains[name] = (v as Raw[]).map((r, i) => {
        roleRef(`${base}.${i}.to`, r.to, `escalation ${name}`, true);
        if (i > 0 && r.after_wd <= (v as Raw[])[i - 1].after_wd) err(`${base}.${i}.after_wd`, `rungs must come later one after another (${r.after_wd} ≤ ${(v as Raw[])[i - 1].after_wd})`);
        return { afterWd: r.after_wd, to: r.to, mode: r.mode ?? 'mail' };
      });
    } else if (v && typeof v === 'object' && 'approver' in v) {
      const a = v as Raw;
      roleRef(`${base}.approver`, a.approver, 'approver');
      roleRef(`${base}.on_breach.to`, a.on_breach.to, 'approval breach');
      approval = { approver: a.approver, slaWd: a.sla_wd, onBreachTo: a.on_breach.to, rejectionRequiresReason: a.rejection_requires_reason ?? true, resubmissionRestartsSla: a.resubmission_restarts_sla ?? true };
    } else if (v && typeof v === 'object') {
      const c = v as Raw;
      roleRef(`${base}.to`, c.to, 'case escalation');
      roleRef(`${base}.plan_approver`, c.plan_approver, 'case plan approver');
      casePolicyName = name;
      childAbuseCase = { emergencyInterventionH: c.emergency_intervention_h, to: c.to, planDraftingWd: c.plan_drafting_wd, planApprover: c.plan_approver };
    }
  }
  if (!chains[DEFAULT_CHAIN]) err('policies.escalation', `the escalation policies need a chain "${DEFAULT_CHAIN}" (the default for steps)`);
  if (!approval) err('policies.escalation', 'the escalation policies need "approval" (approver, sla_wd, on_breach)');
  (pol.monitoring_body_by_date as Raw[]).forEach((m, i) => {
    roleRef(`policies.monitoring_body_by_date.${i}.role`, m.role, 'monitoring body');
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
        err(`policies.monitoring_body_by_date.${i}.role`, `the monitoring body ${m.role} has no unit on ${d}${u ? ` (${u.id} ends on ${u.valid_to}${u.successor ? `; its successor is ${u.successor}` : ''})` : ''}; give the role its successor unit with units: [{unit, to}, {unit, from}]`);
        return;
      }
    }
  });
  const cfa = pol.child_friendly_assessment as Raw | undefined;
  const childFriendlyAssessment: AssessmentPolicy | undefined =
    cfa && cfa.step && cfa.commune_class ? { step: cfa.step, criteriaSet: cfa.criteria ?? DEFAULT_CRITERIA_SET, communeClass: cfa.commune_class } : undefined;

  // Items and steps.
  const dueAnchors: { path: string; stepId: string; anchor: DueAnchor }[] = [];
  const seenItems = new Set<string>();
  const seenSteps = new Set<string>();
  const items = (raw.items as Raw[]).map((it, i) => {
    if (seenItems.has(it.id)) err(`items.${i}.id`, `duplicate item id "${it.id}"`);
    seenItems.add(it.id);
    const steps = (it.steps as Raw[]).map((s, j): StepSpec => {
      const base = `items.${i}.steps.${j}`;
      if (seenSteps.has(s.id)) err(`${base}.id`, `duplicate step id "${s.id}"`);
      seenSteps.add(s.id);
      roleRef(`${base}.assignee`, s.assignee, 'assignee');
      (s.helpers ?? []).forEach((h: string, k: number) => roleRef(`${base}.helpers.${k}`, h, 'helper'));
      roleRef(`${base}.reviewer`, s.reviewer, 'reviewer');
      roleRef(`${base}.approval`, s.approval, 'approval');
      roleRef(`${base}.recipient`, s.recipient, 'recipient', true);
      groupRef(`${base}.fan_out`, s.fan_out);
      (s.indicators ?? []).forEach((ref: unknown, k: number) => {
        const problem = typeof ref === 'string' ? indicatorRefProblem(ref, s.indicators.slice(0, k)) : undefined;
        if (problem) err(`${base}.indicators.${k}`, problem);
      });
      if (s.escalation !== undefined && !(s.escalation in chains) && s.escalation !== casePolicyName) err(`${base}.escalation`, `unknown escalation chain "${s.escalation}"${hintFor(s.escalation, Object.keys(chains))}`);
      if (s.fan_out && !(s.fan_out === VILLAGES_ALL ? kinds.get('village') : kinds.get(s.fan_out))) {
        err(`${base}.fan_out`, `the group "${s.fan_out}" has no units`);
      }
      const present = (k: string) => s[k] !== undefined || index.has(`${base}.${k}`); // written, even if malformed
      const anchors = ['due', 'due_by', 'due_lunar', 'recurrence', 'trigger'].filter(present);
      let due: string | undefined = s.due ?? (s.due_by ? lastWorkingDayOnOrBefore(cal, s.due_by) : undefined) ?? (anchors.length === 0 ? s.event_date : undefined);
      if (anchors.length === 0 && !present('event_date')) err(base, `step ${s.id} needs one of due, due_by, due_lunar, recurrence, trigger or event_date`);
      if (s.due_anchor) {
        const kinds = ['event', 'step', 'day'].filter((k) => s.due_anchor[k] !== undefined);
        if (kinds.length !== 1) err(`${base}.due_anchor`, `due_anchor of ${s.id} needs exactly one of event, step or day${kinds.length ? ` (has ${kinds.join(' and ')})` : ''}`);
        else dueAnchors.push({ path: `${base}.due_anchor`, stepId: s.id, anchor: s.due_anchor as DueAnchor });
      }
      if (anchors.length > 1) err(`${base}.${anchors[1]}`, `step ${s.id} has ${anchors.join(' and ')}; give only one`);
      if (s.due_lunar) {
        due = resolveLunar(s.due_lunar, raw.plan.year);
        if (!due) err(`${base}.due_lunar`, `the lunar date ${s.due_lunar} does not exist in lunar year ${raw.plan.year}`);
      }
      if (s.recurrence && s.recurrence.from > s.recurrence.to) err(`${base}.recurrence.to`, `recurrence ends (${s.recurrence.to}) before it starts (${s.recurrence.from})`);
      const dueField = s.due ? 'due' : s.due_by ? 'due_by' : s.due_lunar ? 'due_lunar' : 'event_date';
      if (s.start && due && s.start > due && !s.due_by) err(`${base}.${dueField}`, `due ${due} is before start ${s.start}`);
      if (s.due_by && !cal.isWorkingDay(s.due_by)) {
        const off = cal.dayOff(s.due_by);
        const back = cal.rollBack(s.due_by);
        warnings.push({ node: at(`${base}.due_by`), message: `due_by ${s.due_by} is a rest day${off ? ` (${off.name})` : ''}; the deadline is the working day before, ${back}` });
        if (s.start && back < s.start) err(`${base}.due_by`, `due_by ${s.due_by} leaves no working day from start ${s.start}`);
      } else if (due && !cal.isWorkingDay(due)) {
        const off = cal.dayOff(due);
        warnings.push({ node: at(`${base}.${dueField}`), message: `due ${due} is a rest day${off ? ` (${off.name})` : ''}; the deadline rolls to ${cal.roll(due)}` });
      }
      if (due) checkRoleValid(`${base}.assignee`, s.assignee, s.due_by ? cal.rollBack(s.due_by) : due);
      return {
        id: s.id, itemId: it.id, title: s.title, assignee: s.assignee, helpers: s.helpers ?? [], reviewer: s.reviewer, approval: s.approval ?? null,
        start: s.start, due: s.due ?? (s.due_lunar ? due : s.recurrence || s.trigger || s.due_by ? undefined : s.event_date), dueLunar: s.due_lunar, eventDate: s.event_date,
        ...(s.due_by ? { dueBy: s.due_by } : {}), ...(s.due_anchor ? { dueAnchor: s.due_anchor as DueAnchor } : {}),
        recurrence: s.recurrence, trigger: s.trigger, fanOut: s.fan_out, escalation: s.escalation, remindersWd: s.reminders_wd,
        evidence: s.evidence, recipient: s.recipient, kpis: kpis(s.kpis), source: s.source,
        ...(s.indicators ? { indicators: s.indicators } : {}),
      };
    });
    return { id: it.id, title: it.title, source: it.source, note: it.note, window: it.window ? { from: it.window.from, to: it.window.to } : undefined, theme: it.theme, themeNote: it.theme_note, kpis: kpis(it.kpis), steps };
  });

  if (dueAnchors.length) {
    // Each anchor names a step that exists and, in the plan's own year, gives the due date the step has.
    const allSteps = new Map(items.flatMap((it) => it.steps).map((st) => [st.id, st]));
    for (const a of dueAnchors) if (a.anchor.step && !allSteps.has(a.anchor.step)) err(`${a.path}.step`, `unknown step "${a.anchor.step}"${hintFor(a.anchor.step, seenSteps)}`);
    const known = new Map(dueAnchors.filter((a) => !a.anchor.step || allSteps.has(a.anchor.step)).map((a) => [a.stepId, a.anchor]));
    const r = resolveAnchors(known, raw.plan.year, cal, (id) => allSteps.get(id)?.due);
    for (const p of r.problems) err(dueAnchors.find((a) => a.stepId === p.stepId)!.path, p.message);
    for (const a of dueAnchors) {
      const st = allSteps.get(a.stepId);
      const want = r.dues.get(a.stepId);
      if (st?.due && want && cal.roll(want) !== cal.roll(st.due)) {
        warnings.push({ node: at(a.path), message: `due_anchor (${describeAnchor(a.anchor)}) gives ${want} in ${raw.plan.year}, but the step is due ${st.due}` });
      }
    }
  }

  if (childFriendlyAssessment && !CRITERIA_SETS.some((c) => c.id === childFriendlyAssessment.criteriaSet)) {
    err('policies.child_friendly_assessment.criteria', `unknown criteria set "${childFriendlyAssessment.criteriaSet}"${hintFor(childFriendlyAssessment.criteriaSet, CRITERIA_SETS.map((c) => c.id))}`);
  }
  if (childFriendlyAssessment) {
    const host = items.flatMap((it) => it.steps).find((s) => s.id === childFriendlyAssessment.step);
    if (!host) err('policies.child_friendly_assessment.step', `unknown step "${childFriendlyAssessment.step}"${hintFor(childFriendlyAssessment.step, seenSteps)}`);
    else if (host.fanOut) err('policies.child_friendly_assessment.step', `step ${host.id} is repeated per unit (fan_out); the assessment is the commune's own`);
    else if (!host.approval) err('policies.child_friendly_assessment.step', `step ${host.id} has no approval; the assessment must be approved before it goes to the monitoring body`);
  }

  function checkRoleValid(path: string, key: string, date: string) {
    const r = roles[key];
    if (!r) return;
    if (!validOn({ validFrom: r.valid_from, validTo: r.valid_to }, date)) {
      err(path, `role ${key} is not valid on ${date} (valid ${r.valid_from ?? '…'} to ${r.valid_to ?? '…'})${r.successor ? `; its successor is ${r.successor}` : ''}`);
      return;
    }
    const unitId = unitOfRole(r, date);
    if (!unitId) {
      err(path, `role ${key} has no unit on ${date} (see its units)`);
      return;
    }
    const u = units.get(unitId);
    if (u && !validOn({ validFrom: u.valid_from, validTo: u.valid_to }, date)) {
      err(path, `role ${key} belongs to ${u.id}, which does not exist on ${date} (valid ${u.valid_from ?? '…'} to ${u.valid_to ?? '…'})${u.successor ? `; its successor is ${u.successor}` : ''}`);
    }
  }

  const issuer = units.get(p.issuer);
  return {
    id: p.id, number: p.number, title: p.title, year: p.year, issuedOn: p.issued_on,
    issuer: { id: p.issuer, name: issuer?.name ?? p.issuer },
    signer: p.signer ? { role: p.signer.role, formula: p.signer.formula } : undefined,
    rehearsalStart: p.rehearsal_start,
    legalBases: (p.legal_bases ?? []).map((b: Raw) => ({ ref: b.ref, date: b.date, ...(b.cited === false ? { cited: false } : {}) })),
    programmes: (p.programmes ?? []).map((x: Raw) => ({ key: x.key, name: x.name })),
    recipients: (p.recipients ?? []).map((x: Raw) => ({ unit: x.unit, purpose: x.purpose })),
    orgUnits: (raw.org_units as Raw[]).map((u) => ({ id: u.id, kind: u.kind, name: u.name, parent: u.parent, validFrom: u.valid_from, validTo: u.valid_to, successor: u.successor, placeholder: u.placeholder })),
    roles: Object.fromEntries(
      Object.entries(roles).map(([k, r]) => [k, {
        key: k, unit: r.unit ?? r.units?.[0]?.unit, title: r.title,
        ...(r.units ? { units: (r.units as Raw[]).map((s) => ({ unit: s.unit, ...(s.from ? { from: s.from } : {}), ...(s.to ? { to: s.to } : {}) })) } : {}), person: r.person, email: r.email, supervisor: r.supervisor, deputyFor: r.deputy_for,
        lead: r.lead, external: r.external, fanOut: r.fan_out, validFrom: r.valid_from, validTo: r.valid_to, successor: r.successor,
        ...(r.digest ? { digest: r.digest } : {}),
      }]),
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

const kpis = (list: Raw[] | undefined): KpiSpec[] => (list ?? []).map((k) => ({ key: k.key, target: k.target, unit: k.unit, op: k.op ?? '>=', note: k.note }));

const hintFor = (name: string, known: Iterable<string>) => {
  const h = suggest(name, known);
  return h ? `; did you mean "${h}"?` : '';
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
