import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../config/src/project-root.js';
import { WorkingCalendar } from './calendar/index.js';
import {
  addCalendarDays,
  dailyDigests,
  digestDates,
  digestWindowEnd,
  firstWorkingDayOfWeek,
  isoWeekOf,
  weeklyDigest,
  type DigestStepRow,
} from './digest.js';
import { parsePlanFile } from './plan/plan-file.js';
import type { PlanSpec } from './plan/plan.js';
import { expandInstances } from './plan/expand-instances.js';
import type { StepState } from './status.js';

const cal = WorkingCalendar.vietnam();
const weeklyBetween = (from: string, until: string, c = cal) => digestDates(c, from, until, { daily: false }).map((d) => d.date);

describe('isoWeekOf', () => {
  it('names the ISO week, with the year of its Thursday', () => {
    expect(isoWeekOf('2023-04-24')).toBe('2023-W17');
    expect(isoWeekOf('2023-04-30')).toBe('2023-W17'); // Sunday ends the week
    expect(isoWeekOf('2023-05-01')).toBe('2023-W18');
    expect(isoWeekOf('2023-01-01')).toBe('2022-W52');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
  });
});

describe('digestDates: the weekly digest on the first working day of each week', () => {
  it('goes out on Mondays in an ordinary stretch', () => {
    expect(weeklyBetween('2023-04-10', '2023-04-28')).toEqual(['2023-04-10', '2023-04-17', '2023-04-24']);
  });

  it('moves to the next working day when Monday is a day off: Thu 04/05/2023 after 29/04–03/05, Tue 03/01/2023, Tue 05/09/2023', () => {
    expect(weeklyBetween('2023-04-24', '2023-05-14')).toEqual(['2023-04-24', '2023-05-04', '2023-05-08']);
    expect(weeklyBetween('2023-01-01', '2023-01-08')).toEqual(['2023-01-03']);
    expect(weeklyBetween('2023-09-01', '2023-09-10')).toEqual(['2023-09-05']);
  });

  it('in a Tết week, waits for the office to open: Fri 27/01/2023, Thu 15/02/2024', () => {
    expect(weeklyBetween('2023-01-16', '2023-02-05')).toEqual(['2023-01-16', '2023-01-27', '2023-01-30']);
    expect(weeklyBetween('2024-02-05', '2024-02-25')).toEqual(['2024-02-05', '2024-02-15', '2024-02-19']);
  });

  it('skips a week with no working day at all (Tết Bính Ngọ, 16–22/02/2026)', () => {
    expect(weeklyBetween('2026-02-09', '2026-03-01')).toEqual(['2026-02-09', '2026-02-23']);
    expect(firstWorkingDayOfWeek(cal, '2026-02-18')).toBeUndefined();
  });

  it('with a swapped day: Mon 29/04/2024 given off for Sat 04/05 → Thu 02/05; Mon 31/08/2026 given off → Thu 03/09', () => {
    expect(weeklyBetween('2024-04-22', '2024-05-12')).toEqual(['2024-04-22', '2024-05-02', '2024-05-06']);
    expect(weeklyBetween('2026-08-17', '2026-09-06')).toEqual(['2026-08-17', '2026-08-24', '2026-09-03']);
  });

  it('on a make-up Saturday when it is the only working day of its week', () => {
    // 2030 has no shipped data: a plan's calendar gives Mon 04/03–Fri 08/03/2030 off and Saturday 09/03 as a make-up day.
    const c = WorkingCalendar.vietnam([
      {
        year: 2030,
        source: 'test',
        daysOff: [{ from: '2030-03-04', to: '2030-03-08', name: 'nghỉ thử' }],
        makeupWorkingDays: [{ date: '2030-03-09', replaces: '2030-03-04' }],
      },
    ]);
    expect(weeklyBetween('2030-02-25', '2030-03-17', c)).toEqual(['2030-02-25', '2030-03-09', '2030-03-11']);
  });

  it('never on a rest day, exactly once in every week that has a working day, 2023–2026', () => {
    const dates = weeklyBetween('2023-01-02', '2026-12-27');
    for (const d of dates) expect(cal.isWorkingDay(d)).toBe(true);
    const weeks = dates.map(isoWeekOf);
    expect(new Set(weeks).size).toBe(weeks.length);
    let weeksWithWork = 0;
    for (let monday = '2023-01-02'; monday <= '2026-12-21'; monday = addCalendarDays(monday, 7)) {
      const first = firstWorkingDayOfWeek(cal, monday);
      if (!first) continue;
      weeksWithWork++;
      expect(dates).toContain(first);
      for (let d = monday; d < first; d = addCalendarDays(d, 1)) expect(cal.isWorkingDay(d)).toBe(false);
    }
    expect(dates).toHaveLength(weeksWithWork);
  });

  it('with daily digests: every working day, make-up Saturdays included, the weekly one marked', () => {
    const days = digestDates(cal, '2024-04-26', '2024-05-06', { daily: true });
    expect(days.map((d) => [d.date, d.weekly])).toEqual([
      ['2024-04-26', false],
      ['2024-05-02', true],
      ['2024-05-03', false],
      ['2024-05-04', false], // Saturday worked in exchange for Monday 29/04
      ['2024-05-06', true],
    ]);
    expect(days.every((d) => d.daily)).toBe(true);
    expect(days[1].week).toBe('2024-W18');
  });
});

describe('digestWindowEnd', () => {
  it('is a week after the last due date, an extension included', () => {
    expect(
      digestWindowEnd([
        { dueDate: '2023-04-07', extendedDueDate: null },
        { dueDate: '2023-12-29', extendedDueDate: null },
      ]),
    ).toBe('2024-01-05');
    expect(digestWindowEnd([{ dueDate: '2023-04-07', extendedDueDate: '2023-04-14' }])).toBe('2023-04-21');
    expect(digestWindowEnd([])).toBeUndefined();
  });
});

const seed = (): PlanSpec => {
  const r = parsePlanFile(readFileSync(join(projectRoot(), 'plans', 'ha-giang-2023.yaml'), 'utf8'), 'seed', cal);
  if (!r.ok) throw new Error('the seed plan must parse');
  return r.plan;
};

/** Step rows of the seed plan's item I01 (with its ten villages) and I04.1, in the given states. */
function rowsOf(plan: PlanSpec, states: Record<string, { state: StepState; completedOn?: string }>): DigestStepRow[] {
  return expandInstances(plan, cal)
    .filter((i) => i.itemId === 'I01' || i.stepId === 'I04.1')
    .map((i) => {
      const s = states[i.key] ?? { state: 'assigned' as const };
      return {
        stepId: i.key,
        specStepId: i.stepId,
        itemId: i.itemId,
        title: i.title,
        unitId: i.unit,
        period: i.period,
        caseId: null,
        assignee: i.assignee,
        approver: i.approver,
        startDate: i.start ?? null,
        dueDate: i.dueEffective,
        extendedDueDate: null,
        dueAtPlan: cal.deadlineInstant(i.due),
        state: s.state,
        completedAtPlan: s.completedOn ? new Date(`${s.completedOn}T03:00:00Z`) : null,
      };
    });
}

describe('weeklyDigest', () => {
  const plan = seed();
  const villagesOnTime = Object.fromEntries(
    Array.from({ length: 8 }, (_, n) => [`I01.4-thon_0${n + 1}`, { state: 'completed' as const, completedOn: '2023-04-13' }]),
  );
  const rows = rowsOf(plan, {
    'I01.1': { state: 'completed', completedOn: '2023-03-28' },
    'I01.2': { state: 'completed', completedOn: '2023-04-03' },
    'I01.5': { state: 'submitted' },
    ...villagesOnTime,
    'I01.4-thon_09': { state: 'cancelled' },
    'I01.4-thon_10': { state: 'returned' },
  });
  const d = weeklyDigest(plan, cal, rows, '2023-04-24');

  it('counts the four official buckets at 08:00 of its day, and the open steps waiting for approval or returned', () => {
    expect(d.counts).toEqual({ completed_on_time: 9, completed_late: 1, open_on_time: 1, open_overdue: 3 });
    expect({
      submitted: d.submitted,
      returned: d.returned,
      cancelled: d.cancelled,
      total: d.total,
      percentComplete: d.percentComplete,
    }).toEqual({
      submitted: 1,
      returned: 1,
      cancelled: 1,
      total: 14,
      percentComplete: 71.4,
    });
    expect(d).toMatchObject({ week: '2023-W17', recipient: 'district_monitor' });
  });

  it('lists the overdue steps, those past the monitoring body’s digest rung first, with working days late', () => {
    expect(d.overdue.map((l) => [l.stepId, l.assignee, l.unitId, l.workingDaysLate, l.digestRung])).toEqual([
      ['I01.3', 'office_officer', null, 14, true],
      ['I01.5', 'finance_officer', null, 11, true],
      ['I01.4-thon_10', 'village_head', 'thon_10', 6, false], // the village chain ends with the chairman
    ]);
  });

  it('lists what falls due in the coming seven days', () => {
    expect(d.dueSoonUntil).toBe('2023-04-30');
    expect(d.dueSoon.map((l) => [l.stepId, l.dueDate, l.workingDaysLate])).toEqual([['I04.1', '2023-04-28', 0]]);
  });

  it('reaches the digest rung only five working days after the due date', () => {
    const early = weeklyDigest(plan, cal, rows, '2023-04-10'); // I01.3 due Tue 04/04: +5 is Tue 11/04
    expect(early.overdue.find((l) => l.stepId === 'I01.3')).toMatchObject({ workingDaysLate: 4, digestRung: false });
    expect(weeklyDigest(plan, cal, rows, '2023-04-11').overdue.find((l) => l.stepId === 'I01.3')).toMatchObject({
      workingDaysLate: 5,
      digestRung: true,
    });
  });

  it('is addressed to the monitoring body of its date: the province from 01/07/2025', () => {
    expect(weeklyDigest(plan, cal, rows, '2025-06-30').recipient).toBe('district_monitor');
    expect(weeklyDigest(plan, cal, rows, '2025-07-07').recipient).toBe('province_monitor');
  });
});

describe('dailyDigests', () => {
  const base = seed();
  const plan: PlanSpec = { ...base, roles: { ...base.roles, village_head: { ...base.roles.village_head, digest: 'daily' } } };
  const rows = rowsOf(plan, {
    'I01.4-thon_01': { state: 'submitted' },
    'I01.4-thon_02': { state: 'completed', completedOn: '2023-04-12' },
  });

  it('gives each village head of a daily role one digest with the reminders of the day, none to those who submitted', () => {
    const days = dailyDigests(plan, cal, rows, '2023-04-11'); // T-3 of I01.4, due Fri 14/04
    expect(days.map((x) => x.unitId)).toEqual(['thon_03', 'thon_04', 'thon_05', 'thon_06', 'thon_07', 'thon_08', 'thon_09', 'thon_10']);
    expect(days[0]).toMatchObject({ role: 'village_head', date: '2023-04-11', overdue: [] });
    expect(days[0].reminders.map((r) => [r.stepId, r.offsetWd, r.workingDaysLeft, r.dueToday])).toEqual([['I01.4-thon_03', -3, 3, false]]);
    expect(dailyDigests(plan, cal, rows, '2023-04-14')[0].reminders[0]).toMatchObject({ workingDaysLeft: 0, dueToday: true });
  });

  it('has nothing on a day without reminders or overdue steps, and lists the overdue ones later', () => {
    expect(dailyDigests(plan, cal, rows, '2023-04-12')).toEqual([]);
    const late = dailyDigests(plan, cal, rows, '2023-04-18');
    expect(late).toHaveLength(8);
    expect(late[0]).toMatchObject({ unitId: 'thon_03', reminders: [] });
    expect(late[0].overdue.map((l) => [l.stepId, l.workingDaysLate])).toEqual([['I01.4-thon_03', 2]]);
  });

  it('leaves roles without `digest: daily` out', () => {
    expect(dailyDigests(base, cal, rows, '2023-04-11')).toEqual([]);
  });
});
