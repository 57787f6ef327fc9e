import { isMap, isScalar, isSeq, parseDocument, visit, type Document } from 'yaml';
import type { WorkingCalendar } from '../calendar/index.js';
import { describeAnchor, resolveAnchors } from './plan-anchors.js';
import { formatDiagnostic, parsePlanFile, resolveLunar, type PlanDiagnostic } from './plan-file.js';
import { monitoringBodyOn, validOn, type PlanSpec } from './plan.js';
import { viDate } from './schema-check.js';

export type CloneResult = { ok: true; text: string; warnings: string[] } | { ok: false; errors: PlanDiagnostic[] };

const shiftYears = (date: string, years: number) => {
  const [y, m, d] = date.split('-').map(Number);
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate(); // 29/02 → 28/02
  return `${y + years}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
};
const shiftMonth = (month: string, years: number) => `${Number(month.slice(0, 4)) + years}${month.slice(4)}`;

/**
 * Re-dates a plan to start on `start` (or to `toYear`, the start moved by whole years): a step with a `due_anchor`
 * is re-dated by what it depends on (plan-anchors.ts); other dated steps keep their day and month (`toYear`) or
 * their distance in working days from the plan start (`start` alone);
 * event dates and event windows keep their day and month; lunar-dated steps are re-resolved on the lunar
 * calendar; units and roles no longer valid are replaced by their successors. Every change made or not made is
 * reported as a warning. Comments and layout of the file are kept.
 */
export function clonePlan(
  text: string,
  file: string,
  start: string | undefined,
  cal: WorkingCalendar,
  opts: { toYear?: number } = {},
): CloneResult {
  const parsed = parsePlanFile(text, file, cal);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const plan = parsed.plan;
  const doc = parseDocument(text, { version: '1.2' });
  const warnings: string[] = [];
  const oldStart = plan.rehearsalStart;
  if (start === undefined && opts.toYear === undefined) throw new RangeError('clonePlan needs a start date or a year');
  const years = opts.toYear !== undefined ? opts.toYear - plan.year : Number(start!.slice(0, 4)) - Number(oldStart.slice(0, 4));
  const newStart = start ?? shiftYears(oldStart, years);
  const newYear = plan.year + years;
  // --year: a date without an anchor keeps its day and month; --start: its working-day distance from the plan start.
  const byWorkingDays =
    opts.toYear !== undefined
      ? (d: string) => shiftYears(d, years)
      : (d: string) => cal.add(newStart, cal.workingDaysBetween(cal.roll(oldStart), cal.roll(d)));
  const allSteps = plan.items.flatMap((it) => it.steps);
  const anchored = new Map(allSteps.filter((s) => s.dueAnchor).map((s) => [s.id, s.dueAnchor!]));
  const movedDue = (id: string): string | undefined => {
    const s = allSteps.find((x) => x.id === id);
    if (!s) return undefined;
    if (s.dueLunar) return resolveLunar(s.dueLunar, newYear);
    if (s.eventDate && s.due === s.eventDate) return shiftYears(s.eventDate, years);
    return s.due ? byWorkingDays(s.due) : undefined;
  };
  const anchoredDues = resolveAnchors(anchored, newYear, cal, movedDue);
  anchoredDues.problems.forEach((p) => warnings.push(p.message));

  // Text first, while every value is still the old year's: what changes below is new-year data.
  rewriteYearTextAll(doc, plan.year, newYear, warnings);
  doc.setIn(['plan', 'rehearsal_start'], newStart);
  doc.setIn(['plan', 'year'], newYear);
  const newId = plan.id.includes(String(plan.year)) ? plan.id.replaceAll(String(plan.year), String(newYear)) : `${plan.id}-${newYear}`;
  doc.setIn(['plan', 'id'], newId);
  warnings.push(`mã kế hoạch ${plan.id} → ${newId}`);
  if (plan.issuedOn) doc.setIn(['plan', 'issued_on'], byWorkingDays(plan.issuedOn));
  if (!/^_+\//.test(plan.number)) {
    const blank = plan.number.replace(/^[^/]*/, '__');
    doc.setIn(['plan', 'number'], blank);
    warnings.push(`số ${plan.number} → ${blank}: kế hoạch mới chưa có số`);
  }

  const items = doc.get('items');
  if (isSeq(items)) {
    items.items.forEach((itemNode, i) => {
      if (!isMap(itemNode)) return;
      const item = plan.items[i];
      if (item.window) {
        doc.setIn(['items', i, 'window', 'from'], shiftYears(item.window.from, years));
        doc.setIn(['items', i, 'window', 'to'], shiftYears(item.window.to, years));
      }
      const steps = itemNode.get('steps');
      if (!isSeq(steps)) return;
      item.steps.forEach((s, j) => {
        const at = (k: string) => ['items', i, 'steps', j, k];
        const anchorDue = anchoredDues.dues.get(s.id);
        if (anchorDue) {
          // Re-dated by what the step depends on; the start keeps its working-day distance from the due date.
          const oldDue =
            s.due ?? (s.dueBy ? cal.rollBack(s.dueBy) : undefined) ?? (s.dueLunar ? resolveLunar(s.dueLunar, plan.year) : undefined);
          if (s.start && oldDue) doc.setIn(at('start'), cal.add(anchorDue, -cal.workingDaysBetween(cal.roll(s.start), cal.roll(oldDue))));
          if (s.eventDate) doc.setIn(at('event_date'), s.eventDate === oldDue ? anchorDue : shiftYears(s.eventDate, years));
          for (const k of ['due_lunar', 'due_by']) if (doc.hasIn(at(k))) doc.deleteIn(at(k));
          doc.setIn(at('due'), anchorDue);
          const srcNow = doc.getIn(at('src'));
          if (typeof srcNow === 'string' && yearSpecific(srcNow, plan.year))
            doc.setIn(at('src'), `C (due_anchor: ${describeAnchor(s.dueAnchor!)})`);
          warnings.push(`${s.id}: hạn ${viDate(anchorDue)} (${describeAnchor(s.dueAnchor!)})`);
          return;
        }
        const event = s.eventDate ? shiftYears(s.eventDate, years) : undefined;
        if (event) doc.setIn(at('event_date'), event);
        if (s.start) doc.setIn(at('start'), byWorkingDays(s.start));
        if (s.dueBy && doc.hasIn(at('due_by'))) doc.setIn(at('due_by'), byWorkingDays(s.dueBy));
        if (s.dueLunar) {
          const resolved = resolveLunar(s.dueLunar, newYear);
          const lunar = s.dueLunar.split('-').reverse().join('/');
          warnings.push(
            resolved
              ? `${s.id}: hạn ${lunar} âm lịch là ngày ${viDate(resolved)} trong năm ${newYear}`
              : `${s.id}: ngày ${lunar} âm lịch không có trong năm ${newYear}; hãy đặt hạn bằng tay`,
          );
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
    warnings.push(...check.errors.map((e) => `bản sao còn cần sửa tay: ${formatDiagnostic(e)}`));
  } else {
    warnings.push(...check.warnings.map(formatDiagnostic));
  }
  return { ok: true, text: out, warnings };
}

const CAN = ['Canh', 'Tân', 'Nhâm', 'Quý', 'Giáp', 'Ất', 'Bính', 'Đinh', 'Mậu', 'Kỷ'];
const CHI = ['Thân', 'Dậu', 'Tuất', 'Hợi', 'Tý', 'Sửu', 'Dần', 'Mão', 'Thìn', 'Tỵ', 'Ngọ', 'Mùi'];
/** The name of a lunar year: 2024 → "Giáp Thìn". */
export const lunarYearName = (y: number) => `${CAN[y % 10]} ${CHI[y % 12]}`;

/** Text that belongs to one year: the year (or the one before or after) written in it, a lunar year name, a full date. */
export function yearSpecific(text: string, year: number): boolean {
  if (/^\d{4}-\d{2}(-\d{2})?$/.test(text) || /^TODO\b/.test(text)) return false;
  for (let y = year - 1; y <= year + 1; y++)
    if (new RegExp(`(?<!\\d)${y}(?!\\d)`).test(text) || text.includes(lunarYearName(y))) return true;
  return /\b\d{1,2}\/\d{1,2}\/\d{4}\b/.test(text);
}

/**
 * Rewrites what can be computed in a text of one year for another: "15/8 âm lịch = 29/9/2023" re-resolved, lunar
 * year names ("Tết Giáp Thìn") and years near the plan year (2022–2023 → 2025–2026) moved; a solar day and month
 * written with a year ("15/12/2022") keep their day and month.
 */
export function rewriteYearText(text: string, from: number, to: number): string {
  const years = to - from;
  let next = text;
  for (let y = from - 1; y <= from + 1; y++) next = next.replaceAll(lunarYearName(y), `\u0000${y + years}\u0000`);
  next = next.replace(/(?<![\d\u0000])(\d{4})(?![\d\u0000])/g, (y) => (Math.abs(Number(y) - from) <= 1 ? String(Number(y) + years) : y));
  next = next.replace(/\u0000(\d{4})\u0000/g, (_, y: string) => lunarYearName(Number(y)));
  next = next.replace(/(\d{1,2})\/(\d{1,2})\s*âm lịch\s*=\s*\d{1,2}\/\d{1,2}\/\d{4}/gu, (all, d: string, m: string) => {
    const solar = resolveLunar(`${m.padStart(2, '0')}-${d.padStart(2, '0')}`, to);
    return solar ? `${d}/${m} âm lịch = ${Number(solar.slice(8))}/${Number(solar.slice(5, 7))}/${solar.slice(0, 4)}` : all;
  });
  return next;
}

const flag = (why: string, old: string) => `TODO: ${why} (năm trước: ${old})`;
const QUOTED_THEME = /\s*[('"‘“][^()]*?['"’”]\)?|\s*\(\s*[^()]*['"‘“][^()]*['"’”][^()]*\)/u;

/**
 * Text of the old year that cannot be computed is marked TODO for a person: the year's theme (an item's `theme`,
 * `theme_note`, or a quoted theme in its title), legal bases of the old year, notes about the old year, and any
 * other text still naming the old year. Provenance (`src`) naming the old year says the clone re-dated it.
 */
function rewriteYearTextAll(doc: Document, from: number, to: number, warnings: string[]) {
  const items = doc.get('items');
  if (isSeq(items)) {
    items.items.forEach((it, i) => {
      if (!isMap(it)) return;
      const theme = it.get('theme');
      for (const k of ['theme', 'theme_note'] as const) {
        const v = it.get(k);
        if (typeof v === 'string' && !/^TODO\b/.test(v)) doc.setIn(['items', i, k], flag(`chủ đề của năm ${to} chưa có`, v));
      }
      const title = it.get('title');
      if (typeof title === 'string' && (QUOTED_THEME.test(title) || (typeof theme === 'string' && title.includes(theme)))) {
        doc.setIn(['items', i, 'title'], flag(`chủ đề của năm ${to} trong tên nội dung`, title));
      }
    });
  }
  const bases = doc.getIn(['plan', 'legal_bases']);
  if (isSeq(bases)) {
    bases.items.forEach((b, i) => {
      if (!isMap(b)) return;
      const ref = b.get('ref');
      const date = String(b.get('date') ?? '');
      if (typeof ref === 'string' && !/^TODO\b/.test(ref) && (Number(date.slice(0, 4)) >= from - 1 || yearSpecific(ref, from))) {
        doc.setIn(['plan', 'legal_bases', i, 'ref'], flag(`căn cứ của năm ${from}: thay bằng văn bản của năm ${to}`, ref));
      }
    });
  }
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.value) || typeof pair.value.value !== 'string') return;
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const v = pair.value.value;
      if (['id', 'number', 'valid_from', 'valid_to', 'date'].includes(key) || !yearSpecific(v, from)) return;
      if (key === 'src') {
        pair.value.value = 'C (plan clone đổi ngày từ kế hoạch năm trước)';
        return;
      }
      const computed = key === 'title' || key === 'name' ? rewriteYearText(v, from, to) : undefined;
      if (computed !== undefined && computed !== v && !stillOld(computed, from, to)) {
        pair.value.value = computed;
        warnings.push(`“${v}” → “${computed}”`);
        return;
      }
      pair.value.value = flag(`nội dung riêng của năm ${from}`, v);
      warnings.push(`“${v}” là nội dung riêng của năm ${from}: đã đánh dấu TODO`);
    },
  });
}

/** Whether a text still names a year of the old plan that is not also a year of the new one. */
function stillOld(text: string, from: number, to: number): boolean {
  for (let y = from - 1; y <= from + 1; y++) {
    if (Math.abs(y - to) <= 1) continue;
    if (new RegExp(`(?<!\\d)${y}(?!\\d)`).test(text) || text.includes(lunarYearName(y))) return true;
  }
  return false;
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
      warnings.push(`đơn vị ban hành ${issuer.id} không còn vào ngày ${viDate(on)}; thay bằng đơn vị kế thừa ${next}`);
    } else warnings.push(`đơn vị ban hành ${issuer.id} không còn vào ngày ${viDate(on)} và không có đơn vị kế thừa; giữ nguyên`);
  }
  for (const [key, role] of Object.entries(plan.roles)) {
    const unit = units.get(role.unit);
    if (unit && !validOn(unit, on)) {
      const next = successorOf(unit.id);
      if (next) {
        doc.setIn(['roles', key, 'unit'], next);
        warnings.push(`vai trò ${key}: đơn vị ${unit.id} không còn vào ngày ${viDate(on)}; chuyển sang ${next}`);
      } else if (validOn(role, on))
        warnings.push(`vai trò ${key}: đơn vị ${unit.id} không còn vào ngày ${viDate(on)} và không có đơn vị kế thừa; giữ nguyên`);
    }
  }
  plan.recipients.forEach((r, i) => {
    const unit = units.get(r.unit);
    if (unit && !validOn(unit, on)) {
      const next = successorOf(unit.id);
      if (next) {
        doc.setIn(['plan', 'recipients', i, 'unit'], next);
        warnings.push(`nơi nhận ${unit.id} không còn vào ngày ${viDate(on)}; thay bằng ${next}`);
      } else warnings.push(`nơi nhận ${unit.id} không còn vào ngày ${viDate(on)} và không có đơn vị kế thừa; hãy thay bằng tay`);
    }
  });
  const before = monitoringBodyOn(plan, plan.rehearsalStart);
  const after = monitoringBodyOn(plan, on);
  if (before !== after)
    warnings.push(`cơ quan theo dõi vào ngày ${viDate(on)} là ${after ?? 'chưa đặt'} (trước là ${before ?? 'chưa đặt'})`);
}
