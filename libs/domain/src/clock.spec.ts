import { describe, expect, it } from '@jest/globals';
import { planTimeAt, realClock, realTimeAt, rehearsalClock } from './clock.js';
import { localDateOf, startOfLocalDay, endOfLocalDay } from './local-date.js';

const realStart = new Date('2026-01-05T02:00:00.000Z');
const planStart = startOfLocalDay('2023-03-23');
const DAY_MS = 24 * 3600 * 1000;

describe('realClock', () => {
  it('maps every instant to itself', () => {
    const c = realClock(realStart);
    for (const t of [realStart, new Date('2026-03-01T00:00:00Z'), new Date('2025-12-31T23:59:59.999Z')]) {
      expect(planTimeAt(c, t).getTime()).toBe(t.getTime());
      expect(realTimeAt(c, t).getTime()).toBe(t.getTime());
    }
  });
});

describe('rehearsalClock', () => {
  it('maps the real start to the plan start', () => {
    const c = rehearsalClock(planStart, realStart, 600);
    expect(planTimeAt(c, realStart).getTime()).toBe(planStart.getTime());
    expect(realTimeAt(c, planStart).getTime()).toBe(realStart.getTime());
  });

  it('at speed 86400 runs one plan day per real second', () => {
    const c = rehearsalClock(planStart, realStart, 86400);
    const oneSecondLater = new Date(realStart.getTime() + 1000);
    expect(planTimeAt(c, oneSecondLater).getTime() - planStart.getTime()).toBe(DAY_MS);
    expect(localDateOf(planTimeAt(c, oneSecondLater))).toBe('2023-03-24');
    // The end of the due day 2023-04-07 is 16 plan days after the start of 2023-03-23: 16 real seconds.
    expect(realTimeAt(c, endOfLocalDay('2023-04-07')).getTime() - realStart.getTime()).toBe(16_000);
  });

  it('makes planTimeAt and realTimeAt inverse', () => {
    for (const speed of [1, 60, 3600, 86400]) {
      const c = rehearsalClock(planStart, realStart, speed);
      for (const offset of [0, 1, 999, 1000, 61_000, -5000, 3 * DAY_MS]) {
        const real = new Date(realStart.getTime() + offset);
        expect(realTimeAt(c, planTimeAt(c, real)).getTime()).toBe(real.getTime());
      }
      for (const plan of [planStart, endOfLocalDay('2023-04-07'), new Date(planStart.getTime() + 86_400_000 * 7)]) {
        expect(planTimeAt(c, realTimeAt(c, plan)).getTime()).toBe(plan.getTime());
      }
    }
  });

  it('makes them inverse within a millisecond at a fractional speed', () => {
    const c = rehearsalClock(planStart, realStart, 2.5);
    for (const offset of [1, 7, 12_345, 999_999]) {
      const real = new Date(realStart.getTime() + offset);
      expect(Math.abs(realTimeAt(c, planTimeAt(c, real)).getTime() - real.getTime())).toBeLessThanOrEqual(1);
    }
  });

  it('refuses a speed that is zero, negative, NaN or infinite', () => {
    for (const speed of [0, -0, -1, -86400, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => rehearsalClock(planStart, realStart, speed)).toThrow(RangeError);
    }
  });

  it('is plain data that survives JSON (it crosses into workflows)', () => {
    const c = rehearsalClock(planStart, realStart, 3600);
    const copy = JSON.parse(JSON.stringify(c)) as typeof c;
    const t = new Date(realStart.getTime() + 12_345);
    expect(planTimeAt(copy, t).getTime()).toBe(planTimeAt(c, t).getTime());
  });
});
