import type { WorkingCalendar } from './calendar/index.js';
import { localDateOf } from './local-date.js';

export interface Lateness {
  workingDays: number;
  calendarDays: number;
}

/**
 * How late a step is (or was): from its effective due date to the local date it was completed, or to today in plan
 * time while it is open. Zero when on time.
 */
export function latenessOf(cal: WorkingCalendar, dueDate: string, at: Date): Lateness {
  const day = localDateOf(at);
  if (day <= dueDate) return { workingDays: 0, calendarDays: 0 };
  return {
    workingDays: Math.max(0, cal.workingDaysBetween(dueDate, day)),
    calendarDays: Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / 86_400_000),
  };
}
