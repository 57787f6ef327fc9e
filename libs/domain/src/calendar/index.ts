export type { CalendarYearData, DayOffRange, MakeupWorkingDay } from './calendar-data.js';
export type { Weekday } from './day-number.js';
export { type LunarDate, leapMonthOf, lunarMonthLength, lunarToSolar, solarToLunar } from './lunar.js';
export { WorkingCalendar } from './working-calendar.js';
