import { describe, expect, it } from '@jest/globals';
import { endOfLocalDay, formatViDate, formatViDateTime, isIsoDate, localDateOf, startOfLocalDay } from './local-date.js';

describe('startOfLocalDay / endOfLocalDay', () => {
  it('starts a local day at 00:00 in UTC+7, i.e. 17:00Z the day before', () => {
    expect(startOfLocalDay('2023-04-07').toISOString()).toBe('2023-04-06T17:00:00.000Z');
  });

  it('ends a period at 24:00 of its last day in UTC+7 (Civil Code art. 148)', () => {
    expect(endOfLocalDay('2023-04-07').toISOString()).toBe('2023-04-07T17:00:00.000Z');
  });

  it('ends a day where the next one starts, across month and year ends', () => {
    expect(endOfLocalDay('2023-04-30').getTime()).toBe(startOfLocalDay('2023-05-01').getTime());
    expect(endOfLocalDay('2023-12-31').toISOString()).toBe('2023-12-31T17:00:00.000Z');
    expect(endOfLocalDay('2024-02-28').getTime()).toBe(startOfLocalDay('2024-02-29').getTime());
  });
});

describe('localDateOf', () => {
  it('still gives the due day one second before 24:00 local', () => {
    expect(localDateOf(new Date('2023-04-07T16:59:59.000Z'))).toBe('2023-04-07');
    expect(localDateOf(new Date('2023-04-07T16:59:59.999Z'))).toBe('2023-04-07');
  });

  it('gives the next day from 24:00 local on', () => {
    expect(localDateOf(new Date('2023-04-07T17:00:00.000Z'))).toBe('2023-04-08');
  });

  it('gives the local date of an early-morning instant that is still the day before in UTC', () => {
    expect(localDateOf(new Date('2022-12-31T18:30:00.000Z'))).toBe('2023-01-01');
  });

  it('is the inverse of startOfLocalDay and sees endOfLocalDay as the next day', () => {
    for (const d of ['2023-01-01', '2023-03-23', '2024-02-29', '2023-12-31']) {
      expect(localDateOf(startOfLocalDay(d))).toBe(d);
      expect(localDateOf(new Date(endOfLocalDay(d).getTime() - 1))).toBe(d);
    }
  });
});

describe('formatViDate', () => {
  it('writes an ISO date as dd/mm/yyyy', () => {
    expect(formatViDate('2023-04-07')).toBe('07/04/2023');
    expect(formatViDate('2023-12-31')).toBe('31/12/2023');
  });

  it('writes an instant as its local date in dd/mm/yyyy', () => {
    expect(formatViDate(new Date('2023-04-07T16:59:59Z'))).toBe('07/04/2023');
    expect(formatViDate(new Date('2023-04-07T17:00:00Z'))).toBe('08/04/2023');
  });

  it('writes date and local time as dd/mm/yyyy HH:mm', () => {
    expect(formatViDateTime(new Date('2023-04-07T01:05:00Z'))).toBe('07/04/2023 08:05');
    expect(formatViDateTime(new Date('2023-04-07T17:30:00Z'))).toBe('08/04/2023 00:30');
  });
});

describe('isIsoDate', () => {
  it('rejects 29 February in a common year and accepts it in a leap year', () => {
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
  });

  it('rejects impossible days and months', () => {
    for (const s of ['2023-02-30', '2023-04-31', '2023-13-01', '2023-00-10', '2023-01-00', '2023-01-32']) expect(isIsoDate(s)).toBe(false);
  });

  it('rejects other shapes and non-strings', () => {
    for (const s of [
      '2023-4-7',
      '07/04/2023',
      '2023-04-07T00:00:00Z',
      ' 2023-04-07',
      '',
      20230407,
      null,
      undefined,
      new Date('2023-04-07'),
    ]) {
      expect(isIsoDate(s)).toBe(false);
    }
  });

  it('accepts ordinary dates', () => {
    for (const s of ['2023-01-01', '2023-04-07', '2023-12-31', '2000-02-29']) expect(isIsoDate(s)).toBe(true);
  });
});
