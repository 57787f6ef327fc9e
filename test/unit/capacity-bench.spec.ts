import { describe, expect, it } from '@jest/globals';
import {
  capacityRatios,
  capacityTable,
  lagPercentiles,
  machineLine,
  noticeLags,
  overallRate,
  peakRate,
  sleeperLags,
  vnDateTime,
  wakeKey,
  type SetupFigures,
} from '../../bench/lib/capacity.js';

const figures = (over: Partial<SetupFigures>): SetupFigures => ({
  setup: 'dev server, 1 worker',
  instances: 100,
  startedPerS: 8,
  transitionsPerS: 10,
  peakTransitionsPerS: 40,
  lagP50Ms: 1000,
  lagP99Ms: 4000,
  lagSamples: 50,
  lost: 0,
  duplicated: 0,
  load: { min: 1.2, max: 3.4 },
  seconds: 500,
  ...over,
});

describe('the capacity bench figures', () => {
  it('matches the n-th recorded notice with the n-th planned instant and runs each lag to the last mail caught', () => {
    const { lags, unmatched } = noticeLags({
      due: new Map([
        ['a', [2000, 1000]],
        ['b', [5000]],
        ['c', [7000, 8000]],
      ]),
      recorded: new Map([
        ['a', [5, 3]],
        ['b', [2]],
        ['c', [4]], // one notice short: no sample from c
      ]),
      caughtAt: new Map([
        ['a#3', [1500]],
        ['a#5', [2100, 2600]], // two mails of one notice: the later counts
        ['c#4', [7100]],
        // b#2 was not caught: no sample
      ]),
    });
    expect(lags).toEqual([500, 600]);
    expect(unmatched).toBe(1);
  });

  it('takes p50 and p99 of the lags, NaN with none', () => {
    const lags = Array.from({ length: 100 }, (_, i) => (i + 1) * 10);
    expect(lagPercentiles(lags)).toEqual({ p50: 500, p99: 990 });
    expect(lagPercentiles([])).toEqual({ p50: NaN, p99: NaN });
  });

  it("takes the no-op sleepers' lags at the subject's own instants, counting an instant without a wake-up as missing", () => {
    const due = new Map([
      ['a', [1000, 2000]],
      ['b', [5000]],
      ['c', []],
    ]);
    const wakes = new Map([
      [wakeKey('a', 1000), 1040],
      [wakeKey('a', 2000), 2500],
      [wakeKey('a', 3000), 9999], // an instant the subject did not measure (due before its step started): left out
      [wakeKey('c', 7000), 7010], // the same
      // b@5000 never woke
    ]);
    expect(sleeperLags(due, wakes)).toEqual({ lags: [40, 500], missing: 1 });
    expect(wakeKey('a', 1000)).not.toBe(wakeKey('a', 2000));
  });

  it('rates: the busiest 10 s window and the rate from first to last', () => {
    expect(peakRate([0, 1000, 9999, 10_000, 25_000])).toBe(0.3);
    expect(peakRate([])).toBe(0);
    expect(overallRate([0, 5000, 10_000])).toBe(0.3);
    expect(overallRate([1000])).toBe(0);
  });

  it('sets each figure against the baseline: throughput above 1 is faster, lag above 1 is later', () => {
    const q = capacityRatios(
      figures({}),
      figures({ setup: 'cluster, 1 worker', startedPerS: 2, transitionsPerS: 5, peakTransitionsPerS: 20, lagP50Ms: 3000, lagP99Ms: 2000 }),
    );
    expect(q).toEqual({ startedPerS: 0.25, transitionsPerS: 0.5, peakTransitionsPerS: 0.5, lagP50: 3, lagP99: 0.5 });
    expect(capacityRatios(figures({ lagP50Ms: NaN }), figures({})).lagP50).toBeNaN();
    expect(capacityRatios(figures({ startedPerS: 0 }), figures({})).startedPerS).toBeNaN();
  });

  it('prints one row per setup, ratios in brackets after the baseline', () => {
    const t = capacityTable([figures({}), figures({ setup: 'cluster, 2 workers', startedPerS: 4, lagP99Ms: 8000, duplicated: 1 })]).split(
      '\n',
    );
    expect(t).toHaveLength(4);
    expect(t[2]).toContain('dev server, 1 worker');
    expect(t[2]).not.toContain('×');
    expect(t[3]).toContain('4.00 (0.50×)');
    expect(t[3]).toContain('8.0 s (2.00×)');
    expect(t[3]).toMatch(/\| 1 +\| 1\.2–3\.4/);
  });

  it('dates the run in dd/mm/yyyy at Asia/Ho_Chi_Minh and names Node and the load', () => {
    const at = new Date('2026-12-06T23:47:00Z');
    expect(vnDateTime(at)).toBe('07/12/2026 06:47');
    expect(machineLine(at, [5.5, 3.25, 1])).toBe(
      `07/12/2026 06:47 (Asia/Ho_Chi_Minh), Node ${process.version}, load average 5.50 3.25 1.00 (1, 5, 15 min)`,
    );
  });
});
