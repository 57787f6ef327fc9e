/** Small statistics for benchmarks: every figure is the median of interleaved repeats, set beside its baseline. */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

/** One row of the result table: a subject measured beside its baseline, and the goal its ratio is held to. */
export interface BenchResult {
  metric: string;
  unit: string;
  subject: number;
  baseline: number;
  /** subject / baseline, or baseline / subject when lower is better (see `better`). */
  ratio: number;
  better: 'higher' | 'lower';
  goal: string;
  met: boolean;
  repeats: number;
  note?: string;
}

/**
 * Runs subject and baseline alternately (B S B S …) so that a slow moment of a noisy machine hits both, and returns
 * the medians. `measure` returns one figure per call (a rate or a latency).
 */
export async function interleaved(
  repeats: number,
  baseline: () => Promise<number>,
  subject: () => Promise<number>,
): Promise<{ subject: number; baseline: number; subjects: number[]; baselines: number[] }> {
  const subjects: number[] = [];
  const baselines: number[] = [];
  for (let i = 0; i < repeats; i++) {
    if (i % 2 === 0) {
      baselines.push(await baseline());
      subjects.push(await subject());
    } else {
      subjects.push(await subject());
      baselines.push(await baseline());
    }
  }
  return { subject: median(subjects), baseline: median(baselines), subjects, baselines };
}

/** Ratio of a "higher is better" figure (throughput) or of a "lower is better" one (latency, cost) as a speed-up. */
export function result(
  r: Omit<BenchResult, 'ratio' | 'met'> & { min?: number; max?: number; ratioOf?: 'subject/baseline' | 'baseline/subject' },
): BenchResult {
  const ratio = r.ratioOf === 'baseline/subject' ? r.baseline / r.subject : r.subject / r.baseline;
  const met = (r.min === undefined || ratio >= r.min) && (r.max === undefined || ratio <= r.max);
  const { min: _min, max: _max, ratioOf: _o, ...rest } = r;
  return { ...rest, ratio, met };
}

export const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

export function table(results: BenchResult[]): string {
  const rows = [
    ['metric', 'dondoc', 'baseline', 'unit', 'ratio', 'goal', 'met'],
    ...results.map((r) => [r.metric, fmt(r.subject), fmt(r.baseline), r.unit, `${r.ratio.toFixed(2)}×`, r.goal, r.met ? 'yes' : 'NO']),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

const shown = new Map<string, number | 'done'>();

/**
 * A one-line progress indicator on stderr (the table goes to stdout); into a file or a CI log, one line per tenth
 * done, with the time, so a long run still shows that it moves.
 */
export function progress(label: string, done: number, total: number): void {
  if (!process.stderr.isTTY) {
    const step = done >= total ? 'done' : Math.floor((done / total) * 10);
    if (shown.get(label) !== step) {
      shown.set(label, step);
      process.stderr.write(`${label}: ${done}/${total} (${new Date().toISOString().slice(11, 19)} UTC)\n`);
    }
    return;
  }
  const width = 24;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
}
