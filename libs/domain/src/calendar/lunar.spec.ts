import { describe, expect, it } from '@jest/globals';
import { fromDayNumber, toDayNumber, weekdayOf } from './day-number.js';
import { type LunarDate, leapMonthOf, lunarMonthLength, lunarToSolar, solarToLunar } from './lunar.js';

// Golden values: DOMAIN.md §3.4, each checked independently against npm date-chinese@2.1.4 (VSOP87/ELP, its
// CalendarVietnamese for UTC+7 and CalendarChinese for UTC+8) and lunar-javascript@1.7.7 (Chinese tables), and
// where history records it (Tết Mậu Thân 1968: 29/01 in the North, 30/01 in the South and China).
const lunar = (year: number, month: number, day: number, leap = false): LunarDate => ({ year, month, day, leap });

describe('lunar calendar, Vietnam (UTC+7), 2023-2026', () => {
  const golden: [year: number, tet: string, hungKings: string, midAutumn: string][] = [
    [2023, '2023-01-22', '2023-04-29', '2023-09-29'],
    [2024, '2024-02-10', '2024-04-18', '2024-09-17'],
    [2025, '2025-01-29', '2025-04-07', '2025-10-06'],
    [2026, '2026-02-17', '2026-04-26', '2026-09-25'],
  ];

  it.each(golden)('%i: Tết %s, Giỗ Tổ %s, Trung thu %s', (year, tet, hungKings, midAutumn) => {
    expect(lunarToSolar(lunar(year, 1, 1))).toBe(tet);
    expect(lunarToSolar(lunar(year, 3, 10))).toBe(hungKings);
    expect(lunarToSolar(lunar(year, 8, 15))).toBe(midAutumn);
    expect(solarToLunar(tet)).toEqual(lunar(year, 1, 1));
    expect(solarToLunar(hungKings)).toEqual(lunar(year, 3, 10));
    expect(solarToLunar(midAutumn)).toEqual(lunar(year, 8, 15));
  });

  it('puts the feasts on the weekdays DOMAIN.md §3.4 lists', () => {
    const weekdays = golden.map(([, ...dates]) => dates.map((d) => weekdayOf(toDayNumber(d))));
    expect(weekdays).toEqual([
      ['SUN', 'SAT', 'FRI'],
      ['SAT', 'THU', 'TUE'],
      ['WED', 'MON', 'MON'],
      ['TUE', 'SUN', 'FRI'],
    ]);
  });

  it('has leap month 2 in 2023 (from 22/03) and 6 in 2025 (from 25/07), none in 2024 and 2026', () => {
    expect([2023, 2024, 2025, 2026].map((y) => leapMonthOf(y))).toEqual([2, null, 6, null]);
    expect(lunarToSolar(lunar(2023, 2, 1, true))).toBe('2023-03-22');
    expect(lunarToSolar(lunar(2025, 6, 1, true))).toBe('2025-07-25');
    expect(solarToLunar('2023-03-21')).toEqual(lunar(2023, 2, 30)); // a 30-day month 2 (lunar-javascript agrees)
    expect(solarToLunar('2023-03-22')).toEqual(lunar(2023, 2, 1, true));
  });

  it('dates the last days of Ất Tỵ as the 2026 Tết announcement does (14/02 = 27 tháng Chạp, 29-day Chạp)', () => {
    expect(solarToLunar('2026-02-14')).toEqual(lunar(2025, 12, 27));
    expect(lunarMonthLength(2025, 12, false)).toBe(29);
    expect(solarToLunar('2026-02-22')).toEqual(lunar(2026, 1, 6));
  });
});

describe('lunar calendar, Vietnam (UTC+7) against China (UTC+8)', () => {
  const tet = (year: number, tz: number) => lunarToSolar(lunar(year, 1, 1), tz);

  it.each([
    [1968, '1968-01-29', '1968-01-30'],
    [1969, '1969-02-16', '1969-02-17'],
    [1985, '1985-01-21', '1985-02-20'],
    [2007, '2007-02-17', '2007-02-18'],
    [2030, '2030-02-02', '2030-02-03'],
    [2053, '2053-02-18', '2053-02-19'],
  ])('Tết %i: VN %s, CN %s', (year, vn, cn) => {
    expect(tet(year, 7)).toBe(vn);
    expect(tet(year, 8)).toBe(cn);
    expect(lunarToSolar(lunar(year, 1, 1))).toBe(vn); // UTC+7 is the default
  });

  it.each([
    [1978, '1978-09-16', '1978-09-17'],
    [2034, '2034-09-26', '2034-09-27'],
    [2041, '2041-09-09', '2041-09-10'],
  ])('Trung thu %i: VN %s, CN %s', (year, vn, cn) => {
    expect(lunarToSolar(lunar(year, 8, 15), 7)).toBe(vn);
    expect(lunarToSolar(lunar(year, 8, 15), 8)).toBe(cn);
  });

  it.each([
    [2009, '2009-04-04', '2009-04-05'],
    [2037, '2037-04-24', '2037-04-25'],
  ])('Giỗ Tổ %i: VN %s, CN %s', (year, vn, cn) => {
    expect(lunarToSolar(lunar(year, 3, 10), 7)).toBe(vn);
    expect(lunarToSolar(lunar(year, 3, 10), 8)).toBe(cn);
  });

  it('differs in exactly the years DOMAIN.md §3.4 lists, 1968-2100', () => {
    const differing = (month: number, day: number) => {
      const years: number[] = [];
      for (let y = 1968; y <= 2100; y++) if (lunarToSolar(lunar(y, month, day), 7) !== lunarToSolar(lunar(y, month, day), 8)) years.push(y);
      return years;
    };
    expect(differing(1, 1)).toEqual([1968, 1969, 1985, 2007, 2030, 2053]);
    expect(differing(8, 15)).toEqual([1978, 2034, 2041, 2065, 2080, 2099]);
    expect(differing(3, 10)).toEqual([1975, 2009, 2037, 2038, 2085, 2086, 2095, 2100]);
  });

  it('moves the leap month in 1984-85: China leap 10 of Giáp Tý (from 23/11/1984), Vietnam leap 2 of Ất Sửu (from 21/03/1985)', () => {
    expect([leapMonthOf(1984, 8), leapMonthOf(1985, 8)]).toEqual([10, null]);
    expect([leapMonthOf(1984, 7), leapMonthOf(1985, 7)]).toEqual([null, 2]);
    expect(lunarToSolar(lunar(1984, 10, 1, true), 8)).toBe('1984-11-23');
    expect(lunarToSolar(lunar(1985, 2, 1, true), 7)).toBe('1985-03-21');
    expect(() => lunarToSolar(lunar(1984, 10, 1, true), 7)).toThrow(RangeError);
  });

  it('moves the 1987 leap month: 6 in China (from 26/07), 7 in Vietnam (from 24/08)', () => {
    expect([leapMonthOf(1987, 7), leapMonthOf(1987, 8)]).toEqual([7, 6]);
    expect(lunarToSolar(lunar(1987, 7, 1, true), 7)).toBe('1987-08-24');
    expect(lunarToSolar(lunar(1987, 6, 1, true), 8)).toBe('1987-07-26');
  });

  it('gives 2033 leap month 11 (from 22/12/2033) in both time zones, the official label', () => {
    // The 2033 problem: two months without a major term; only the 13-month year after month 11 of 2033 takes a leap
    // month. date-chinese labels it 7 (Chinese) or 8 (Vietnamese); lunar-javascript and the official calendar say 11.
    expect([leapMonthOf(2033, 7), leapMonthOf(2033, 8)]).toEqual([11, 11]);
    expect(lunarToSolar(lunar(2033, 11, 1, true), 7)).toBe('2033-12-22');
    expect(lunarToSolar(lunar(2033, 11, 1, true), 8)).toBe('2033-12-22');
    expect(lunarToSolar(lunar(2033, 8, 15))).toBe('2033-09-08');
    expect(() => lunarToSolar(lunar(2033, 8, 1, true))).toThrow(RangeError);
    expect(() => lunarToSolar(lunar(2033, 7, 1, true), 8)).toThrow(RangeError);
  });

  it('agrees day for day from 13/01/2021 to 01/02/2030 and splits on 02/02/2030', () => {
    const first = toDayNumber('2021-01-13');
    const last = toDayNumber('2030-02-01');
    for (let day = first; day <= last; day++) {
      const date = fromDayNumber(day);
      const vn = solarToLunar(date, 7);
      const cn = solarToLunar(date, 8);
      if (vn.day !== cn.day || vn.month !== cn.month || vn.leap !== cn.leap || vn.year !== cn.year)
        expect({ date, vn }).toEqual({ date, vn: cn });
    }
    expect(solarToLunar('2021-01-12', 7)).not.toEqual(solarToLunar('2021-01-12', 8));
    expect(solarToLunar('2030-02-02', 7)).toEqual(lunar(2030, 1, 1));
    expect(solarToLunar('2030-02-02', 8)).toEqual(lunar(2029, 12, 30));
  });
});

describe('lunarToSolar refuses dates that do not exist', () => {
  it.each([
    ['leap for a month that is not leap that year', lunar(2024, 2, 1, true)],
    ['a leap month in a year without one', lunar(2026, 6, 1, true)],
    ['day 30 of a 29-day month (Giêng Quý Mão)', lunar(2023, 1, 30)],
    ['day 0', lunar(2023, 1, 0)],
    ['month 13', lunar(2023, 13, 1)],
    ['month 0', lunar(2023, 0, 1)],
    ['a fractional day', lunar(2023, 1, 1.5)],
  ])('%s', (_, l) => {
    expect(() => lunarToSolar(l)).toThrow(RangeError);
  });

  it('accepts day 30 of a 30-day month and names the length of each', () => {
    expect(lunarMonthLength(2023, 1, false)).toBe(29);
    expect(lunarMonthLength(2023, 2, true)).toBe(29);
    const thirty = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].find((m) => lunarMonthLength(2024, m, false) === 30) as number;
    expect(thirty).toBeDefined();
    expect(solarToLunar(lunarToSolar(lunar(2024, thirty, 30)))).toEqual(lunar(2024, thirty, 30));
    expect(() => lunarMonthLength(2024, 4, true)).toThrow(RangeError);
  });

  it('refuses bad inputs to solarToLunar', () => {
    expect(() => solarToLunar('2023-02-30')).toThrow(RangeError);
    expect(() => solarToLunar('2023-01-22', Number.NaN)).toThrow(RangeError);
  });
});

describe('round trip, every day 1900-2100', () => {
  it.each([7, 8])('solarToLunar and lunarToSolar invert each other (UTC+%i), months run 1..29 or 1..30', (tz) => {
    const first = toDayNumber('1900-01-01');
    const last = toDayNumber('2100-12-31');
    let prev = solarToLunar(fromDayNumber(first - 1), tz);
    let bad = 0;
    for (let day = first; day <= last; day++) {
      const date = fromDayNumber(day);
      const l = solarToLunar(date, tz);
      const next = prev.day + 1 === l.day && prev.month === l.month && prev.leap === l.leap && prev.year === l.year;
      const newMonth = l.day === 1 && (prev.day === 29 || prev.day === 30);
      const ok = lunarToSolar(l, tz) === date && (next || newMonth);
      if (!ok && ++bad <= 5) expect({ date, l, back: lunarToSolar(l, tz), prev }).toBe('a consistent day');
      prev = l;
    }
    expect(bad).toBe(0);
  });

  it('gives each lunar year 12 or 13 months and 353-355 or 383-385 days, 1900-2100', () => {
    for (let y = 1900; y <= 2100; y++) {
      const days = toDayNumber(lunarToSolar(lunar(y + 1, 1, 1))) - toDayNumber(lunarToSolar(lunar(y, 1, 1)));
      const leap = leapMonthOf(y);
      const months = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => lunarMonthLength(y, m, false));
      if (leap !== null) months.push(lunarMonthLength(y, leap, true));
      expect(months.reduce((a, b) => a + b, 0)).toBe(days);
      expect(leap === null ? [353, 354, 355] : [383, 384, 385]).toContain(days);
    }
  });
});
