import { describe, expect, it } from '@jest/globals';
import { WorkingCalendar } from '#libs/domain/src/index.js';
import {
  displayBucketOf, emptyCounts, formatPercent, monthlyFigures, onTimePercent, percentComplete, sumBy, timeBaseOf, timeLeft, weekStartOf, weeklyCompletions,
} from './figures.js';

const counts = (c: Partial<ReturnType<typeof emptyCounts>>) => ({ ...emptyCounts(), ...c });

describe('dashboard figures', () => {
  it('counts on time over what is done or overdue, and says nothing (—) before anything is due', () => {
    expect(onTimePercent(counts({ open_on_time: 4 }))).toBeNull();
    expect(formatPercent(onTimePercent(counts({ open_on_time: 4 })))).toBe('—');
    const c = counts({ completed_on_time: 1, completed_late: 1, open_overdue: 1, open_on_time: 3 });
    expect(onTimePercent(c)).toBe(33.3);
    expect(formatPercent(onTimePercent(c))).toBe('33,3%');
    expect(percentComplete(c)).toBe(33.3);
    expect(percentComplete(counts({ completed_on_time: 1, open_on_time: 3 }))).toBe(25);
    expect(percentComplete(emptyCounts())).toBeNull();
  });

  it('shows a submitted step as waiting for approval and a returned one as returned, others by their bucket', () => {
    expect(displayBucketOf({ state: 'submitted', bucket: 'open_on_time' })).toBe('awaiting');
    expect(displayBucketOf({ state: 'returned', bucket: 'open_overdue' })).toBe('returned');
    expect(displayBucketOf({ state: 'assigned', bucket: 'open_overdue' })).toBe('open_overdue');
  });

  it('sums roll-up rows per item and per village, leaving the commune itself out of the villages', () => {
    const rows = [
      { itemId: 'I01', unitId: '', counts: { completed_on_time: 2 } },
      { itemId: 'I01', unitId: 'thon_01', counts: { open_overdue: 1 } },
      { itemId: 'I06', unitId: 'thon_01', counts: { completed_late: 1, cancelled: 3 } },
    ];
    expect(sumBy(rows, (r) => r.itemId)).toEqual([
      { key: 'I01', counts: counts({ completed_on_time: 2, open_overdue: 1 }) },
      { key: 'I06', counts: counts({ completed_late: 1 }) },
    ]);
    expect(sumBy(rows, (r) => r.unitId || null)).toEqual([{ key: 'thon_01', counts: counts({ open_overdue: 1, completed_late: 1 }) }]);
  });

  it('groups completions by Monday-to-Sunday week in Vietnam time, with empty weeks in between', () => {
    expect(weekStartOf('2023-04-09')).toBe('2023-04-03');
    expect(weekStartOf('2023-04-10')).toBe('2023-04-10');
    const weeks = weeklyCompletions([
      { bucket: 'completed_on_time', completedAtPlan: '2023-04-05T03:00:00Z' },
      // 00:30 on Monday 10/04 in Vietnam, still Sunday in UTC
      { bucket: 'completed_late', completedAtPlan: '2023-04-09T17:30:00Z' },
      { bucket: 'completed_on_time', completedAtPlan: new Date('2023-04-25T02:00:00Z') },
      { bucket: 'open_on_time', completedAtPlan: null },
    ]);
    expect(weeks).toEqual([
      { week: '2023-04-03', onTime: 1, late: 0 },
      { week: '2023-04-10', onTime: 0, late: 1 },
      { week: '2023-04-17', onTime: 0, late: 0 },
      { week: '2023-04-24', onTime: 1, late: 0 },
    ]);
  });

  it('counts working days left, and lateness as the status API does, across the 29/4–3/5/2023 days off', () => {
    const cal = WorkingCalendar.vietnam();
    expect(timeLeft(cal, '2023-04-07', '2023-04-03')).toEqual({ left: 4 });
    expect(timeLeft(cal, '2023-04-07', '2023-04-07')).toEqual({ left: 0 });
    expect(timeLeft(cal, '2023-04-07', '2023-04-10')).toEqual({ late: { workingDays: 1, calendarDays: 3 } });
    expect(timeLeft(cal, '2023-04-28', '2023-05-04')).toEqual({ late: { workingDays: 1, calendarDays: 6 } });
    expect(timeLeft(cal, '2023-05-04', '2023-04-28')).toEqual({ left: 1 });
  });

  it('counts per month what falls due and what is completed on time or late, in plan time, with empty months in between', () => {
    const steps = [
      { bucket: 'completed_on_time' as const, dueDate: '2023-04-07', completedAtPlan: '2023-04-06T03:00:00Z' },
      { bucket: 'completed_late' as const, dueDate: '2023-04-28', completedAtPlan: '2023-06-30T17:30:00Z' }, // 01/07 in Vietnam
      { bucket: 'open_overdue' as const, dueDate: '2023-05-31', completedAtPlan: null },
      { bucket: 'cancelled' as const, dueDate: '2023-09-29', completedAtPlan: null },
    ];
    expect(monthlyFigures(steps)).toEqual([
      { month: '2023-04', due: 2, completedOnTime: 1, completedLate: 0 },
      { month: '2023-05', due: 1, completedOnTime: 0, completedLate: 0 },
      { month: '2023-06', due: 0, completedOnTime: 0, completedLate: 0 },
      { month: '2023-07', due: 0, completedOnTime: 0, completedLate: 1 },
    ]);
    expect(monthlyFigures([])).toEqual([]);
  });

  it('shows plan time for a rehearsal (another date or speed) and real time otherwise', () => {
    const now = new Date('2026-12-06T10:00:00Z');
    expect(timeBaseOf(null, now)).toEqual({ kind: 'real', now, today: '2026-12-06' });
    expect(timeBaseOf({ planEpoch: '2026-12-01T00:00:00Z', realEpoch: '2026-12-01T00:00:00Z', speed: 1 }, now)).toMatchObject({ kind: 'real', today: '2026-12-06' });
    expect(timeBaseOf({ planEpoch: '2023-03-30T01:00:00Z', realEpoch: '2026-12-06T09:00:00Z', speed: 1 }, now)).toMatchObject({ kind: 'plan', today: '2023-03-30' });
    expect(timeBaseOf({ planEpoch: '2026-12-06T09:00:00Z', realEpoch: '2026-12-06T09:00:00Z', speed: 24 }, now)).toMatchObject({ kind: 'plan', today: '2026-12-07' });
  });
});
