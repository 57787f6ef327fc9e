// Working days of the state (civil-servant) calendar. A year with data uses exactly what the Government announced
// (days off, swaps, make-up Saturdays); a year without data is "provisional" and gets the Labour Code holidays with
// compensatory days. Dates are local dates 'YYYY-MM-DD' in Asia/Ho_Chi_Minh, handled as day numbers, never as
// machine-local times. Pure: no clock, no I/O.
import { endOfLocalDay } from '../local-date.js';
import type { CalendarYearData, DayOffRange, MakeupWorkingDay, StatutoryRule } from './calendar-data.js';
import { VIETNAM_CALENDAR_YEARS, VIETNAM_STATUTORY_RULE } from './data/index.js';
import { dayNumberOf, daysInMonth, fromDayNumber, toDayNumber, type Weekday, weekdayOf, yearOf } from './day-number.js';
import { lunarToSolar } from './lunar.js';

const ALL_WEEKDAYS: readonly Weekday[] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
const MON_TO_FRI: readonly Weekday[] = ['MON', 'TUE', 'WED', 'THU', 'FRI'];
/** Longest day-off period accepted from data; longer ones are typos. */
const MAX_RANGE_DAYS = 31;
/** No announced schedule keeps anyone off work this long; a longer search means broken data. */
const MAX_DAYS_WITHOUT_WORK = 62;

interface ProvisionalYear {
  ranges: DayOffRange[];
  offDays: Map<number, DayOffRange>;
}

export class WorkingCalendar {
  private readonly years = new Map<number, CalendarYearData>();
  private readonly dataOffDays = new Map<number, DayOffRange>();
  private readonly dataRanges: DayOffRange[] = [];
  private readonly makeupDays = new Map<number, MakeupWorkingDay>();
  private readonly provisionalYears = new Map<number, ProvisionalYear>();
  private readonly workingWeek: ReadonlySet<Weekday>;
  private readonly statutory: StatutoryRule = VIETNAM_STATUTORY_RULE;

  constructor(years: CalendarYearData[], opts: { workingWeek?: Weekday[] } = {}) {
    const week = opts.workingWeek ?? MON_TO_FRI;
    if (week.length === 0 || week.some((d) => !ALL_WEEKDAYS.includes(d))) throw new RangeError(`Bad working week: ${week.join(',')}`);
    this.workingWeek = new Set(week);
    for (const y of years) this.addYear(y);
    for (const [day, m] of this.makeupDays) {
      const off = this.dataOffDays.get(day);
      if (off) throw new RangeError(`Make-up working day ${m.date} lies inside the day-off period ${off.from}..${off.to}`);
    }
  }

  /** The shipped 2023-2026 civil-servant calendars; a year in `extra` replaces the shipped year of the same number. */
  static vietnam(extra: CalendarYearData[] = []): WorkingCalendar {
    const byYear = new Map<number, CalendarYearData>();
    for (const y of [...VIETNAM_CALENDAR_YEARS, ...extra]) byYear.set(y.year, y);
    return new WorkingCalendar([...byYear.values()]);
  }

  isWorkingDay(date: string): boolean {
    return this.isWorking(toDayNumber(date));
  }

  /** True when the year has no data and its days off come from the statutory rule. */
  isProvisional(year: number): boolean {
    return !this.years.has(year);
  }

  /**
   * The dates of a year whose status is not confirmed from an official text: every day of a provisional year's computed
   * periods is, as a whole, (isProvisional); within a year with data, the make-up working days marked `provisional`
   * and the working days they replace. The calendar counts them as announced; callers show them as provisional.
   */
  provisionalDates(year: number): { date: string; src?: string }[] {
    const out: { date: string; src?: string }[] = [];
    for (const m of this.makeupDays.values()) {
      if (!m.provisional || yearOf(toDayNumber(m.date)) !== year) continue;
      out.push({ date: m.date, src: m.src });
      if (m.replaces) out.push({ date: m.replaces, src: m.src });
    }
    return out.sort((a, b) => a.date.localeCompare(b.date));
  }

  /** The day-off period (from data, or computed for a provisional year) that covers the date, if any. */
  dayOff(date: string): DayOffRange | undefined {
    const day = toDayNumber(date);
    if (this.makeupDays.has(day)) return undefined;
    const range = this.dataOffDays.get(day) ?? this.provisionalOffDay(day);
    return range && { ...range };
  }

  /** The date itself if it is a working day, else the next working day (Civil Code art. 148(5)). */
  roll(date: string): string {
    return fromDayNumber(this.rollForward(toDayNumber(date)));
  }

  /**
   * The date itself if it is a working day, else the last working day before it: the deadline of a step due "no later
   * than" the date (trước ngày / chậm nhất ngày), which must never fall after it.
   */
  rollBack(date: string): string {
    const day = toDayNumber(date);
    for (let d = day; d > day - MAX_DAYS_WITHOUT_WORK; d--) if (this.isWorking(d)) return fromDayNumber(d);
    throw new RangeError(`No working day within ${MAX_DAYS_WITHOUT_WORK} days before ${date}`);
  }

  /**
   * The day a period of `n` working days that starts on `date` ends (Civil Code 2015 art. 147: the first day is not
   * counted, counting starts on the next day) — whether or not `date` is itself a working day: 3 working days after a
   * Saturday end on the Wednesday. For n < 0, the n-th working day before `date` (the day itself not counted).
   * add(d, 0) = roll(d). If the period's last day were a day off, roll() applies (art. 148(5)); add() always lands on
   * a working day.
   */
  add(date: string, n: number): string {
    if (!Number.isInteger(n)) throw new RangeError(`Not a whole number of working days: ${n}`);
    if (n === 0) return this.roll(date);
    let day = toDayNumber(date);
    const step = Math.sign(n);
    for (let left = Math.abs(n); left > 0;) {
      day += step;
      if (this.isWorking(day)) left--;
    }
    return fromDayNumber(day);
  }

  /** Working days in (from, to]; negative when to is before from. */
  workingDaysBetween(from: string, to: string): number {
    const a = toDayNumber(from);
    const b = toDayNumber(to);
    if (b < a) return -this.countWorking(b, a);
    return this.countWorking(a, b);
  }

  /** 24:00 in Vietnam of roll(date), i.e. the instant the next local day starts (Civil Code art. 148(6)). */
  deadlineInstant(date: string): Date {
    return endOfLocalDay(this.roll(date));
  }

  lastWorkingDayOfMonth(year: number, month: number): string {
    const first = this.monthStart(year, month);
    for (let day = first + daysInMonth(year, month) - 1; day >= first; day--) if (this.isWorking(day)) return fromDayNumber(day);
    throw new RangeError(`No working day in ${year}-${month}`);
  }

  firstWorkingDayOfMonth(year: number, month: number): string {
    const first = this.monthStart(year, month);
    for (let day = first; day < first + daysInMonth(year, month); day++) if (this.isWorking(day)) return fromDayNumber(day);
    throw new RangeError(`No working day in ${year}-${month}`);
  }

  /** The day-off periods that overlap the Gregorian year, by start date: from data, or computed when provisional. */
  daysOffIn(year: number): DayOffRange[] {
    if (!Number.isInteger(year)) throw new RangeError(`Not a year: ${year}`);
    const start = fromDayNumber(dayNumberOf(year, 1, 1));
    const end = fromDayNumber(dayNumberOf(year, 12, 31));
    const computed = [year, year + 1].flatMap((y) => this.provisional(y)?.ranges ?? []);
    return [...this.dataRanges, ...computed]
      .filter((r) => r.from <= end && r.to >= start)
      .sort((a, b) => a.from.localeCompare(b.from))
      .map((r) => ({ ...r }));
  }

  private addYear(y: CalendarYearData): void {
    if (!Number.isInteger(y.year)) throw new RangeError(`Calendar data without a year: ${JSON.stringify(y.year)}`);
    if (this.years.has(y.year)) throw new RangeError(`Calendar data for ${y.year} given twice`);
    this.years.set(y.year, y);
    for (const r of y.daysOff) {
      const from = toDayNumber(r.from);
      const to = toDayNumber(r.to);
      if (to < from || to - from >= MAX_RANGE_DAYS)
        throw new RangeError(`Day-off period ${r.from}..${r.to} of ${y.year} is reversed or too long`);
      const range: DayOffRange = { ...r };
      this.dataRanges.push(range);
      for (let day = from; day <= to; day++) if (!this.dataOffDays.has(day)) this.dataOffDays.set(day, range);
    }
    for (const m of y.makeupWorkingDays) {
      if (m.replaces !== undefined) toDayNumber(m.replaces);
      this.makeupDays.set(toDayNumber(m.date), { ...m });
    }
  }

  private isWorking(day: number): boolean {
    if (this.makeupDays.has(day)) return true;
    if (this.dataOffDays.has(day) || this.provisionalOffDay(day)) return false;
    return this.workingWeek.has(weekdayOf(day));
  }

  private rollForward(day: number): number {
    for (let d = day; d < day + MAX_DAYS_WITHOUT_WORK; d++) if (this.isWorking(d)) return d;
    throw new RangeError(`No working day within ${MAX_DAYS_WITHOUT_WORK} days of ${fromDayNumber(day)}`);
  }

  private countWorking(after: number, upTo: number): number {
    let n = 0;
    for (let day = after + 1; day <= upTo; day++) if (this.isWorking(day)) n++;
    return n;
  }

  private monthStart(year: number, month: number): number {
    if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12)
      throw new RangeError(`Not a month: ${year}-${month}`);
    return dayNumberOf(year, month, 1);
  }

  /** A computed period covering the day: its own year's, or the next year's when that one starts on a weekend. */
  private provisionalOffDay(day: number): DayOffRange | undefined {
    const y = yearOf(day);
    return this.provisional(y)?.offDays.get(day) ?? this.provisional(y + 1)?.offDays.get(day);
  }

  private provisional(year: number): ProvisionalYear | undefined {
    if (this.years.has(year)) return undefined;
    let p = this.provisionalYears.get(year);
    if (!p) {
      p = this.computeProvisional(year);
      this.provisionalYears.set(year, p);
    }
    return p;
  }

  /**
   * Labour Code Art. 112 holidays of `year`, each on a rest day compensated on the next working day that is not a
   * holiday (Art. 111(3)); then grouped into periods that also take in the rest days around them, as announcements
   * do. A period that overlaps data (e.g. a Tết Dương lịch announced in the previous year's data) is left to the data.
   */
  private computeProvisional(year: number): ProvisionalYear {
    const holidays = new Map<number, string>();
    for (const h of this.statutory.holidays) {
      const [mm, dd] = (h.solar ?? h.lunar ?? '').split('-').map(Number);
      const anchor = h.solar ? dayNumberOf(year, mm, dd) : toDayNumber(lunarToSolar({ year, month: mm, day: dd, leap: false }));
      const first = anchor - (h.daysBefore ?? 0);
      for (let day = first; day < first + (h.days ?? 1); day++) holidays.set(day, h.name);
    }
    const restDay = (day: number) => !this.workingWeek.has(weekdayOf(day));
    const off = new Map(holidays);
    for (const day of [...holidays.keys()].sort((a, b) => a - b)) {
      if (!restDay(day)) continue;
      let comp = day + 1;
      while (restDay(comp) || off.has(comp)) comp++;
      off.set(comp, holidays.get(day) as string);
    }
    const days = [...off.keys()].sort((a, b) => a - b);
    const ranges: DayOffRange[] = [];
    const offDays = new Map<number, DayOffRange>();
    let i = 0;
    while (i < days.length) {
      let from = days[i];
      let to = from;
      const names = new Set<string>();
      while (i < days.length && this.onlyRestDaysBetween(to, days[i], restDay)) {
        to = days[i];
        names.add(off.get(days[i]) as string);
        i++;
      }
      while (restDay(from - 1)) from--;
      while (restDay(to + 1)) to++;
      const overlapsData = Array.from({ length: to - from + 1 }, (_, k) => from + k).some((d) => this.dataOffDays.has(d));
      if (overlapsData) continue;
      const range: DayOffRange = {
        from: fromDayNumber(from),
        to: fromDayNumber(to),
        name: [...names].join(' + '),
        src: `computed: ${this.statutory.source}`,
      };
      ranges.push(range);
      for (let d = from; d <= to; d++) offDays.set(d, range);
    }
    return { ranges, offDays };
  }

  private onlyRestDaysBetween(a: number, b: number, restDay: (day: number) => boolean): boolean {
    for (let d = a + 1; d < b; d++) if (!restDay(d)) return false;
    return true;
  }
}
