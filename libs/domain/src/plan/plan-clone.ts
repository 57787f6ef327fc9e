import { isMap, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';
import type { WorkingCalendar } from '../calendar/index.js';
import { formatDiagnostic, parsePlanFile, resolveLunar, type PlanDiagnostic } from './plan-file.js';
import { monitoringBodyOn, validOn, type PlanSpec } from './plan.js';

export type CloneResult = { ok: true; text: string; warnings: string[] } | { ok: false; errors: PlanDiagnostic[] };

const shiftYears = (date: string, years: number) => {
  const [y, m, d] = date.split('-').map(Number);
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate(); // 29/02 → 28/02
  return `${y + years}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
};
const shiftMonth = (month: string, years: number) => `${Number(month.slice(0, 4)) + years}${month.slice(4)}`;

/**
 * Re-dates a plan to start on `newStart`: dated steps keep their distance in working days from the plan start;
 * event dates and event windows keep their day and month; lunar-dated steps are re-resolved on the lunar
 * calendar; units and roles no longer valid are replaced by their successors. Every change made or not made is
 * reported as a warning. Comments and layout of the file are kept.
 */
export function clonePlan(text: string, file: string, newStart: string, cal: WorkingCalendar): CloneResult {
  const parsed = parsePlanFile(text, file, cal);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const plan = parsed.plan;
  const doc = parseDocument(text, { version: '1.2' });
  const warnings: string[] = [];
  const oldStart = plan.rehearsalStart;
  const years = Number(newStart.slice(0, 4)) - Number(oldStart.slice(0, 4));
  const newYear = plan.year + years;
  const byWorkingDays = (d: string) => cal.add(newStart, cal.workingDaysBetween(cal.roll(oldStart), cal.roll(d)));

  doc.setIn(['plan', 'rehearsal_start'], newStart);
  doc.setIn(['plan', 'year'], newYear);
  const newId = plan.id.includes(String(plan.year)) ? plan.id.replaceAll(String(plan.year), String(newYear)) : `${plan.id}-${newYear}`;
  doc.setIn(['plan', 'id'], newId);
  warnings.push(`plan id ${plan.id} → ${newId}`);
  if (plan.issuedOn) doc.setIn(['plan', 'issued_on'], byWorkingDays(plan.issuedOn));
  if (!/^_+\//.test(plan.number)) {
    const blank = plan.number.replace(/^[^/]*/, '__');
    doc.setIn(['plan', 'number'], blank);
    warnings.push(`number ${plan.number} → ${blank}: the new plan has not been numbered yet`);
  }
  renameYear(doc, ['plan', 'title'], plan.year, newYear, warnings);

  const items = doc.get('items') as unknown;
  if (isSeq(items)) {
    items.items.forEach((itemNode, i) => {
      if (!isMap(itemNode)) return;
      const item = plan.items[i];
      renameYear(doc, ['items', i, 'title'], plan.year, newYear, warnings);
      if (item.window) {
        doc.setIn(['items', i, 'window', 'from'], shiftYears(item.window.from, years));
        doc.setIn(['items', i, 'window', 'to'], shiftYears(item.window.to, years));
      }
      const steps = (itemNode as YAMLMap).get('steps');
      if (!isSeq(steps)) return;
      item.steps.forEach((s, j) => {
        const at = (k: string) => ['items', i, 'steps', j, k];
        renameYear(doc, at('title'), plan.year, newYear, warnings);
        const event = s.eventDate ? shiftYears(s.eventDate, years) : undefined;
        if (event) doc.setIn(at('event_date'), event);
        if (s.start) doc.setIn(at('start'), byWorkingDays(s.start));
        if (s.dueLunar) {
          const resolved = resolveLunar(s.dueLunar, newYear);
          warnings.push(resolved ? `${s.id}: due ${s.dueLunar} lunar is ${resolved} in ${newYear}` : `${s.id}: the lunar date ${s.dueLunar} does not exist in ${newYear}; set its due date by hand`);
        } else if (s.due && doc.hasIn(at('due'))) {
          const due = event && s.due === s.eventDate ? event : byWorkingDays(s.due);
          doc.setIn(at('due'), due);
        }
        if (s.recurrence) {
          doc.setIn([...at('recurrence'), 'from'], shiftMonth(s.recurrence.from, years));
          doc.setIn([...at('recurrence'), 'to'], shiftMonth(s.recurrence.to, years));
        }
      });
    });
  }

  replaceExpired(doc, plan, newStart, warnings);
  const out = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  const check = parsePlanFile(out, file, cal);
  if (!check.ok) {
    warnings.push(...check.errors.map((e) => `the clone still needs a hand: ${formatDiagnostic(e)}`));
  } else {
    warnings.push(...check.warnings.map(formatDiagnostic));
  }
  return { ok: true, text: out, warnings };
}

/** Years near the plan year written in a title move with the plan (2022–2023 → 2025–2026); other text stays. */
function renameYear(doc: Document, path: (string | number)[], from: number, to: number, warnings: string[]) {
  const v = doc.getIn(path);
  if (typeof v !== 'string') return;
  const next = v.replace(/(?<!\d)(\d{4})(?!\d)/g, (y) => (Math.abs(Number(y) - from) <= 1 ? String(Number(y) + to - from) : y));
  if (next === v) return;
  doc.setIn(path, next);
  warnings.push(`title "${v}" → "${next}"${/\d{1,2}\/\d{1,2}\/\d{4}/.test(next) ? ' (check the day and month written in it)' : ''}`);
}

/** Units and roles that no longer exist on the new start date give way to their successors. */
function replaceExpired(doc: Document, plan: PlanSpec, on: string, warnings: string[]) {
  const units = new Map(plan.orgUnits.map((u) => [u.id, u]));
  const successorOf = (id: string): string | undefined => {
    let u = units.get(id);
    const seen = new Set<string>();
    while (u && !validOn(u, on) && u.successor && !seen.has(u.id)) {
      seen.add(u.id);
      u = units.get(u.successor);
    }
    return u && validOn(u, on) ? u.id : undefined;
  };
  const issuer = units.get(plan.issuer.id);
  if (issuer && !validOn(issuer, on)) {
    const next = successorOf(issuer.id);
    if (next) {
      doc.setIn(['plan', 'issuer'], next);
      warnings.push(`issuer ${issuer.id} does not exist on ${on}; replaced by its successor ${next}`);
    } else warnings.push(`issuer ${issuer.id} does not exist on ${on} and has no successor; left as is`);
  }
  for (const [key, role] of Object.entries(plan.roles)) {
    const unit = units.get(role.unit);
    if (unit && !validOn(unit, on)) {
      const next = successorOf(unit.id);
      if (next) {
        doc.setIn(['roles', key, 'unit'], next);
        warnings.push(`role ${key}: unit ${unit.id} does not exist on ${on}; moved to ${next}`);
      } else if (validOn(role, on)) warnings.push(`role ${key}: unit ${unit.id} does not exist on ${on} and has no successor; left as is`);
    }
  }
  plan.recipients.forEach((r, i) => {
    const unit = units.get(r.unit);
    if (unit && !validOn(unit, on)) {
      const next = successorOf(unit.id);
      if (next) {
        doc.setIn(['plan', 'recipients', i, 'unit'], next);
        warnings.push(`recipient ${unit.id} does not exist on ${on}; replaced by ${next}`);
      } else warnings.push(`recipient ${unit.id} does not exist on ${on} and has no successor; replace it by hand`);
    }
  });
  const before = monitoringBodyOn(plan, plan.rehearsalStart);
  const after = monitoringBodyOn(plan, on);
  if (before !== after) warnings.push(`the monitoring body on ${on} is ${after ?? 'not set'} (was ${before ?? 'not set'})`);
}
