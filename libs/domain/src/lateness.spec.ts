import { describe, expect, it } from '@jest/globals';
import { WorkingCalendar } from './calendar/index.js';
import { latenessOf } from './lateness.js';
import { startOfLocalDay } from './local-date.js';

const cal = WorkingCalendar.vietnam();
const at = (date: string, hour = 9) => new Date(startOfLocalDay(date).getTime() + hour * 3600_000);

describe('latenessOf', () => {
  it('is zero up to and on the due date', () => {
    expect(latenessOf(cal, '2023-04-07', at('2023-04-05'))).toEqual({ workingDays: 0, calendarDays: 0 });
    expect(latenessOf(cal, '2023-04-07', at('2023-04-07', 23))).toEqual({ workingDays: 0, calendarDays: 0 });
  });

  it('counts working days and calendar days after it, across a weekend', () => {
    expect(latenessOf(cal, '2023-04-07', at('2023-04-10'))).toEqual({ workingDays: 1, calendarDays: 3 });
  });

  it('skips the days off of Giỗ Tổ and 30/4–1/5 2023 in working days only', () => {
    // Due Fri 28/04/2023; 29/04–03/05 are days off; completed Thu 04/05.
    expect(latenessOf(cal, '2023-04-28', at('2023-05-04'))).toEqual({ workingDays: 1, calendarDays: 6 });
  });
});
