// The figures of the capacity bench (bench/capacity.bench.ts) and how they are set beside the baseline: pure
// functions, unit-tested in test/unit/capacity-bench.spec.ts.
import { loadavg } from 'node:os';
import { fmt, percentile } from './stats.js';

/** What one setup (a Temporal server and a number of workers) did with the same province plan. */
export interface SetupFigures {
  setup: string;
  instances: number;
  /** Step workflows started (their `assigned` recorded) per second, from the run's start to the last one. */
  startedPerS: number;
  /** Transitions per second over the run (first to last recorded). */
  transitionsPerS: number;
  /** Transitions in the busiest 10 s, per second. */
  peakTransitionsPerS: number;
  /** Notice lag: a notice's planned instant → the last of its mails in the catcher, in ms. */
  lagP50Ms: number;
  lagP99Ms: number;
  /** Notices whose lag was measured (those of the instances nobody acts on, due after their step started). */
  lagSamples: number;
  lost: number;
  duplicated: number;
  /** The machine's 1-minute load average while the setup ran: lowest and highest of the samples. */
  load: { min: number; max: number };
  seconds: number;
}

/**
 * The notice lag of each notice that can be matched: for every instance given, the n-th notice recorded (by its
 * event's seq) against the n-th planned instant, when both counts agree (as the audit's timer lag matches them);
 * the lag runs to the latest catch of the mails of that notice's event. A notice whose mails were not caught gives
 * no sample (the audit counts it as lost).
 */
export function noticeLags(o: {
  /** Planned instants (ms) of the notices each instance is owed, in order. */
  due: Map<string, number[]>;
  /** The seqs of the notices recorded per instance (reminders and escalations). */
  recorded: Map<string, number[]>;
  /** When the mails of an event were caught (ms), per `${instance}#${seq}`. */
  caughtAt: Map<string, number[]>;
}): { lags: number[]; unmatched: number } {
  const lags: number[] = [];
  let unmatched = 0;
  for (const [key, due] of o.due) {
    const seqs = [...(o.recorded.get(key) ?? [])].sort((a, b) => a - b);
    if (seqs.length !== due.length) {
      unmatched++;
      continue;
    }
    const planned = [...due].sort((a, b) => a - b);
    seqs.forEach((seq, i) => {
      const caught = o.caughtAt.get(`${key}#${seq}`);
      if (caught?.length) lags.push(Math.max(...caught) - planned[i]);
    });
  }
  return { lags, unmatched };
}

/** The key under which a no-op sleeper's wake-up is kept: the instance and the notice's planned instant (ms). */
export const wakeKey = (instance: string, at: number): string => `${instance}@${at}`;

/**
 * The baseline's lags at the same notices as the subject's: for every planned instant in `due` (per instance, as
 * `noticeLagsOf` measured them), the no-op sleeper's wake-up minus that instant; an instant without a wake-up gives
 * no sample and is counted as missing.
 */
export function sleeperLags(due: Map<string, number[]>, wakes: Map<string, number>): { lags: number[]; missing: number } {
  const lags: number[] = [];
  let missing = 0;
  for (const [key, instants] of due)
    for (const at of instants) {
      const woke = wakes.get(wakeKey(key, at));
      if (woke === undefined) missing++;
      else lags.push(woke - at);
    }
  return { lags, missing };
}

/** p50 and p99 of the lags (NaN when there are none). */
export const lagPercentiles = (lags: number[]): { p50: number; p99: number } =>
  lags.length ? { p50: percentile(lags, 50), p99: percentile(lags, 99) } : { p50: NaN, p99: NaN };

/** The busiest window's count per second: `times` in ms, windows of `windowMs` aligned on multiples of it. */
export function peakRate(times: number[], windowMs = 10_000): number {
  const counts = new Map<number, number>();
  for (const t of times) counts.set(Math.floor(t / windowMs), (counts.get(Math.floor(t / windowMs)) ?? 0) + 1);
  return counts.size ? Math.max(...counts.values()) / (windowMs / 1000) : 0;
}

/** Events per second between the first and the last (0 with fewer than two). */
export function overallRate(times: number[], from = Math.min(...times)): number {
  if (times.length < 2) return 0;
  const span = (Math.max(...times) - from) / 1000;
  return span > 0 ? times.length / span : 0;
}

export interface CapacityRatios {
  startedPerS: number;
  transitionsPerS: number;
  peakTransitionsPerS: number;
  /** Lags as subject / baseline: above 1 the subject is later. */
  lagP50: number;
  lagP99: number;
}

/** Each figure of `subject` divided by the baseline's (throughput: above 1 is faster; lag: above 1 is later). */
export function capacityRatios(baseline: SetupFigures, subject: SetupFigures): CapacityRatios {
  const r = (a: number, b: number) => (b > 0 && Number.isFinite(a) && Number.isFinite(b) ? a / b : NaN);
  return {
    startedPerS: r(subject.startedPerS, baseline.startedPerS),
    transitionsPerS: r(subject.transitionsPerS, baseline.transitionsPerS),
    peakTransitionsPerS: r(subject.peakTransitionsPerS, baseline.peakTransitionsPerS),
    lagP50: r(subject.lagP50Ms, baseline.lagP50Ms),
    lagP99: r(subject.lagP99Ms, baseline.lagP99Ms),
  };
}

const ratio = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '–');
const secs = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '–');

/** A Markdown table: one row per setup, its figures and, after the first (the baseline), its ratios against it. */
export function capacityTable(setups: SetupFigures[]): string {
  const [base] = setups;
  const head = [
    'setup',
    'started/s',
    'transitions/s (run)',
    'transitions/s (busiest 10 s)',
    'notice lag p50',
    'notice lag p99',
    'lost',
    'duplicated',
    'load avg',
  ];
  const rows = setups.map((s, i) => {
    const q = i === 0 ? undefined : capacityRatios(base, s);
    const with_ = (v: string, x?: number) => (x === undefined ? v : `${v} (${ratio(x)})`);
    return [
      s.setup,
      with_(fmt(s.startedPerS), q?.startedPerS),
      with_(fmt(s.transitionsPerS), q?.transitionsPerS),
      with_(fmt(s.peakTransitionsPerS), q?.peakTransitionsPerS),
      with_(secs(s.lagP50Ms), q?.lagP50),
      with_(secs(s.lagP99Ms), q?.lagP99),
      String(s.lost),
      String(s.duplicated),
      `${s.load.min.toFixed(1)}–${s.load.max.toFixed(1)}`,
    ];
  });
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** dd/mm/yyyy HH:MM in Asia/Ho_Chi_Minh. */
export const vnDateTime = (d: Date): string => {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
};

/** The line every bench run prints first and last: when, on what, how loaded. */
export const machineLine = (d = new Date(), load = loadavg()): string =>
  `${vnDateTime(d)} (Asia/Ho_Chi_Minh), Node ${process.version}, load average ${load.map((x) => x.toFixed(2)).join(' ')} (1, 5, 15 min)`;

/** Samples the 1-minute load average every `everyMs` until stopped; gives the lowest and highest seen. */
export function loadSampler(everyMs = 5000): { stop(): { min: number; max: number } } {
  const seen = [loadavg()[0]];
  const timer = setInterval(() => seen.push(loadavg()[0]), everyMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      seen.push(loadavg()[0]);
      return { min: Math.min(...seen), max: Math.max(...seen) };
    },
  };
}
