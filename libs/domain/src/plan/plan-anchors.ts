import type { WorkingCalendar } from '../calendar/index.js';
import { lunarToSolar } from '../calendar/index.js';

/**
 * What a step's due date depends on, so that next year's plan can put it in its season: a national event, another
 * step, or a fixed calendar day, plus an offset in working days. Declarative: a plan file says `due_anchor:
 * {event: action_month_start, offset_wd: -5}`, `{step: I08.2, offset_wd: 5}` or `{day: "11-30", rule: last_working_day}`.
 */
export interface DueAnchor {
  event?: AnchorEvent;
  step?: string;
  /** MM-DD of the plan year. */
  day?: string;
  rule?: 'as_is' | 'last_working_day';
  offset_wd?: number;
}

export type AnchorEvent =
  | 'children_day'
  | 'action_month_start'
  | 'action_month_end'
  | 'family_day'
  | 'drowning_day'
  | 'school_year_start'
  | 'mid_autumn'
  | 'tet_break_start';

const FIXED: Partial<Record<AnchorEvent, string>> = {
  children_day: '06-01',
  action_month_start: '06-01',
  action_month_end: '06-30',
  family_day: '06-28',
  drowning_day: '07-25',
  school_year_start: '09-05',
};

const iso = (d: Date) => d.toISOString().slice(0, 10);
const nextDay = (d: string, n = 1) => iso(new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000));

/** The date of a national event in a plan year; the Tết break is the one that ends the plan's lunar year. */
export function anchorEventDate(event: AnchorEvent, year: number, cal: WorkingCalendar): string | undefined {
  const fixed = FIXED[event];
  if (fixed) return `${year}-${fixed}`;
  if (event === 'mid_autumn') return lunarToSolar({ year, month: 8, day: 15, leap: false });
  // Tết: the first lunar day of year + 1; the break starts at the first day off of the run of days off around it.
  const tet = lunarToSolar({ year: year + 1, month: 1, day: 1, leap: false });
  if (!tet) return undefined;
  let d = tet;
  for (let i = 0; i < 15 && !cal.isWorkingDay(nextDay(d, -1)); i++) d = nextDay(d, -1);
  return d;
}

export interface AnchorProblem {
  stepId: string;
  code: string;
  message: string;
}

/**
 * The due date of every anchored step in `year`: events and days of that year, steps after the (new) due date of the
 * step they name. `dueOf` gives the due date of a step without an anchor. Cycles and unknown steps are problems.
 */
export function resolveAnchors(
  anchors: Map<string, DueAnchor>,
  year: number,
  cal: WorkingCalendar,
  dueOf: (stepId: string) => string | undefined,
): { dues: Map<string, string>; problems: AnchorProblem[] } {
  const dues = new Map<string, string>();
  const problems: AnchorProblem[] = [];
  const visiting = new Set<string>();
  const resolve = (id: string): string | undefined => {
    const a = anchors.get(id);
    if (!a) return dueOf(id);
    if (dues.has(id)) return dues.get(id);
    if (visiting.has(id)) {
      problems.push({ stepId: id, code: 'ANCHOR_CYCLE', message: `due_anchor của ${id} phụ thuộc vào chính nó qua các bước khác` });
      return undefined;
    }
    visiting.add(id);
    let base: string | undefined;
    if (a.event) base = anchorEventDate(a.event, year, cal);
    else if (a.day) base = `${year}-${a.day}`;
    else if (a.step) {
      base = resolve(a.step);
      if (!base)
        problems.push({
          stepId: id,
          code: 'ANCHOR_STEP_WITHOUT_DUE',
          message: `due_anchor của ${id} dựa vào bước ${a.step}, nhưng bước này không có hạn`,
        });
    }
    visiting.delete(id);
    if (!base || Number.isNaN(Date.parse(`${base}T00:00:00Z`)) || iso(new Date(`${base}T00:00:00Z`)) !== base) return undefined;
    if (a.rule === 'last_working_day') base = cal.rollBack(base);
    const due = a.offset_wd ? cal.add(base, a.offset_wd) : base;
    dues.set(id, due);
    return due;
  };
  for (const id of anchors.keys()) resolve(id);
  return { dues, problems };
}

/** The national events by name, for a person. */
const EVENT_NAMES: Record<string, string> = {
  children_day: 'Ngày Quốc tế Thiếu nhi (1/6)',
  action_month_start: 'ngày bắt đầu Tháng hành động vì trẻ em (1/6)',
  action_month_end: 'ngày kết thúc Tháng hành động vì trẻ em (30/6)',
  family_day: 'Ngày Gia đình Việt Nam (28/6)',
  drowning_day: 'Ngày thế giới phòng, chống đuối nước (25/7)',
  school_year_start: 'ngày khai giảng năm học (5/9)',
  mid_autumn: 'Tết Trung thu (15/8 âm lịch)',
  tet_break_start: 'ngày đầu kỳ nghỉ Tết Nguyên đán',
};

/** "3 ngày làm việc sau bước I08.2", for a person. */
export function describeAnchor(a: DueAnchor): string {
  const day = a.day ? `ngày ${Number(a.day.slice(3))}/${Number(a.day.slice(0, 2))}` : '';
  const rule = a.rule === 'last_working_day' ? ' (ngày làm việc cuối cùng trước hoặc đúng ngày đó)' : '';
  const what = a.event ? `${EVENT_NAMES[a.event] ?? a.event}${rule}` : a.step ? `bước ${a.step}` : `${day}${rule}`;
  const off = a.offset_wd ? `${Math.abs(a.offset_wd)} ngày làm việc ${a.offset_wd < 0 ? 'trước' : 'sau'} ` : '';
  return `${off}${what}`;
}
