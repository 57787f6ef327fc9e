// The Vietnamese lunisolar calendar (âm lịch), after Hồ Ngọc Đức, "Âm lịch Việt Nam"
// (informatik.uni-leipzig.de/~duc/amlich): astronomical new moons and major solar terms from Jean Meeus,
// "Astronomical Algorithms", evaluated at local midnight of a time zone. Vietnam uses UTC+7; UTC+8 gives the
// Chinese calendar. The rules:
//   - a month starts on the local day of a new moon;
//   - month 11 is the month that contains the winter solstice;
//   - when 13 months lie between two months 11, the first month after month 11 without a major solar term
//     (sun longitude a multiple of 30°) is leap and takes the number of the month before it.
// Good for 1900-2100 (the new moon series is accurate to minutes there). Pure and deterministic: the caches
// below only remember results of pure functions, so this is safe in Temporal workflow code.
import { dayNumberOf, fromDayNumber, fromJdn, toDayNumber, toJdn, yearOf } from './day-number.js';

export interface LunarDate {
  year: number;
  month: number;
  day: number;
  leap: boolean;
}

export const VIETNAM_TIME_ZONE = 7;

const SYNODIC_MONTH = 29.530588853;
/** Julian day of the new moon k = 0 (1900-01-01 13:51 UTC) in Meeus' series as used by Hồ Ngọc Đức. */
const NEW_MOON_EPOCH = 2415021.076998695;
const DEG = Math.PI / 180;

/** Julian day (UT) of the k-th new moon after 1900-01-01. */
function newMoon(k: number): number {
  const T = k / 1236.85; // Julian centuries from 1900 January 0.5
  const T2 = T * T;
  const T3 = T2 * T;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * DEG); // mean new moon
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // moon's argument of latitude
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * DEG) + 0.0021 * Math.sin(2 * DEG * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * DEG) + 0.0161 * Math.sin(DEG * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(DEG * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(DEG * 2 * F) - 0.0051 * Math.sin(DEG * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(DEG * (M - Mpr)) + 0.0004 * Math.sin(DEG * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(DEG * (2 * F - M)) - 0.0006 * Math.sin(DEG * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(DEG * (2 * F - Mpr)) + 0.0005 * Math.sin(DEG * (2 * Mpr + M));
  const deltaT =
    T < -11 ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3 : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** Apparent sun longitude in radians, normalised to [0, 2π), at Julian day `jd` (UT). */
function sunLongitude(jd: number): number {
  const T = (jd - 2451545.0) / 36525; // Julian centuries from 2000-01-01 12:00 UT
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2; // mean anomaly, degrees
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2; // mean longitude, degrees
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(DEG * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(DEG * 2 * M) + 0.00029 * Math.sin(DEG * 3 * M);
  const L = (L0 + DL) * DEG;
  return L - 2 * Math.PI * Math.floor(L / (2 * Math.PI));
}

/** Julian Day Number of the local day of the k-th new moon. */
const newMoonDay = (k: number, tz: number): number => Math.floor(newMoon(k) + 0.5 + tz / 24);

/** Which 30° sector (0-11; 9 = from the winter solstice) the sun is in at the local midnight that starts JDN `jdn`. */
const sunSector = (jdn: number, tz: number): number => Math.floor((sunLongitude(jdn - 0.5 - tz / 24) / Math.PI) * 6);

/** JDN of the first day of lunar month 11 that starts in Gregorian year `y` (the month of the winter solstice). */
function month11Start(y: number, tz: number): number {
  const off = toJdn(dayNumberOf(y, 12, 31)) - 2415021;
  const k = Math.floor(off / SYNODIC_MONTH);
  const nm = newMoonDay(k, tz);
  return sunSector(nm, tz) >= 9 ? newMoonDay(k - 1, tz) : nm;
}

/** Offset from month 11 (at JDN a11) of the first month without a major solar term. */
function leapMonthOffset(a11: number, tz: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i, tz), tz);
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i, tz), tz);
  } while (arc !== last && i < 14);
  return i - 1;
}

interface LunarMonth {
  /** Lunar year the month belongs to (a month 11 or 12 belongs to the year before the Tết that follows it). */
  year: number;
  month: number;
  leap: boolean;
  /** JDN of day 1. */
  start: number;
  /** 29 or 30. */
  length: number;
}

const suiCache = new Map<string, readonly LunarMonth[]>();

/** The months from month 11 of Gregorian year `y` up to (not including) month 11 of `y + 1`. */
function suiMonths(y: number, tz: number): readonly LunarMonth[] {
  const key = `${tz}:${y}`;
  const cached = suiCache.get(key);
  if (cached) return cached;
  const a11 = month11Start(y, tz);
  const b11 = month11Start(y + 1, tz);
  const k = Math.floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  const hasLeap = b11 - a11 > 365;
  const leapOff = hasLeap ? leapMonthOffset(a11, tz) : -1;
  const count = hasLeap ? 13 : 12;
  const starts = Array.from({ length: count }, (_, i) => newMoonDay(k + i, tz));
  if (starts[0] !== a11 || newMoonDay(k + count, tz) !== b11) throw new Error(`lunar: inconsistent new moon series for ${y} (tz ${tz})`);
  const months: LunarMonth[] = starts.map((start, i) => {
    const ordinal = hasLeap && i >= leapOff ? i - 1 : i; // months since month 11, not counting the leap month
    const month = ((10 + ordinal) % 12) + 1;
    const year = ordinal < 2 ? y : y + 1;
    const end = i + 1 < count ? starts[i + 1] : b11;
    return { year, month, leap: i === leapOff, start, length: end - start };
  });
  suiCache.set(key, months);
  return months;
}

/** The months of lunar year `year`, from Tết to the last day before the next Tết. */
function monthsOfLunarYear(year: number, tz: number): LunarMonth[] {
  return [...suiMonths(year - 1, tz), ...suiMonths(year, tz)].filter((m) => m.year === year);
}

function checkTimeZone(tz: number): void {
  if (!Number.isFinite(tz) || tz < -12 || tz > 14) throw new RangeError(`Not a time zone offset in hours: ${tz}`);
}

function findMonth(year: number, month: number, leap: boolean, tz: number): LunarMonth {
  checkTimeZone(tz);
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`No lunar month ${month}${leap ? ' (leap)' : ''} of year ${year}`);
  }
  const found = monthsOfLunarYear(year, tz).find((m) => m.month === month && m.leap === leap);
  if (!found) throw new RangeError(`Lunar year ${year} has no ${leap ? 'leap ' : ''}month ${month} (time zone UTC+${tz})`);
  return found;
}

/** The lunar date of a local date 'YYYY-MM-DD'. */
export function solarToLunar(date: string, timeZone: number = VIETNAM_TIME_ZONE): LunarDate {
  checkTimeZone(timeZone);
  const dayNumber = toDayNumber(date);
  const jdn = toJdn(dayNumber);
  const y = yearOf(dayNumber);
  const months = jdn >= month11Start(y, timeZone) ? suiMonths(y, timeZone) : suiMonths(y - 1, timeZone);
  let m = months[0];
  for (const candidate of months) if (candidate.start <= jdn) m = candidate;
  return { year: m.year, month: m.month, day: jdn - m.start + 1, leap: m.leap };
}

/** The local date of a lunar date; RangeError when no such day exists. */
export function lunarToSolar(l: LunarDate, timeZone: number = VIETNAM_TIME_ZONE): string {
  const m = findMonth(l.year, l.month, l.leap, timeZone);
  if (!Number.isInteger(l.day) || l.day < 1 || l.day > m.length) {
    throw new RangeError(`Lunar month ${l.month}${l.leap ? ' (leap)' : ''} of ${l.year} has ${m.length} days, not day ${l.day}`);
  }
  return fromDayNumber(fromJdn(m.start + l.day - 1));
}

/** 29 or 30; RangeError when the month does not exist. */
export function lunarMonthLength(year: number, month: number, leap: boolean, timeZone: number = VIETNAM_TIME_ZONE): number {
  return findMonth(year, month, leap, timeZone).length;
}

/** The number of the leap month of lunar year `year` (the leap month follows the regular month of that number), or null. */
export function leapMonthOf(year: number, timeZone: number = VIETNAM_TIME_ZONE): number | null {
  checkTimeZone(timeZone);
  return monthsOfLunarYear(year, timeZone).find((m) => m.leap)?.month ?? null;
}
