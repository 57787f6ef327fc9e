// Plain calendar arithmetic on local dates: a date is a day number (days since 1970-01-01), never a machine-local time.
import { isIsoDate } from '../local-date.js';

export type Weekday = 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT' | 'SUN';

const MS_PER_DAY = 86_400_000;
/** Julian Day Number of 1970-01-01. */
const JDN_UNIX_EPOCH = 2_440_588;
/** Indexed by (dayNumber + 4) mod 7, since 1970-01-01 was a Thursday. */
const WEEKDAYS: readonly Weekday[] = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Days since 1970-01-01 of an ISO date 'YYYY-MM-DD'; throws RangeError for anything else. */
export function toDayNumber(isoDate: string): number {
  if (!isIsoDate(isoDate)) throw new RangeError(`Not a date (YYYY-MM-DD): ${String(isoDate)}`);
  return Date.UTC(+isoDate.slice(0, 4), +isoDate.slice(5, 7) - 1, +isoDate.slice(8, 10)) / MS_PER_DAY;
}

export const dayNumberOf = (year: number, month: number, day: number): number => Date.UTC(year, month - 1, day) / MS_PER_DAY;

export const fromDayNumber = (dayNumber: number): string => new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);

export const yearOf = (dayNumber: number): number => new Date(dayNumber * MS_PER_DAY).getUTCFullYear();

export const weekdayOf = (dayNumber: number): Weekday => WEEKDAYS[(((dayNumber + 4) % 7) + 7) % 7];

export const toJdn = (dayNumber: number): number => dayNumber + JDN_UNIX_EPOCH;

export const fromJdn = (jdn: number): number => jdn - JDN_UNIX_EPOCH;

/** Days in a Gregorian month (month 1-12). */
export const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();
