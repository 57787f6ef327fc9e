import { DomainError } from '../errors.js';
import { QD_06_2019 } from './criteria/qd-06-2019.js';
import type { CriteriaSet, Indicator } from './criteria-set.js';

/** The criteria sets shipped with the engine, oldest first. */
export const CRITERIA_SETS: readonly CriteriaSet[] = Object.freeze([QD_06_2019]);

/** The set in force: new assessments use it unless told otherwise. */
export const DEFAULT_CRITERIA_SET = 'qd-06-2019';

/** A shipped set by id; `extra` adds sets read from files (parseCriteriaSet). */
export function getCriteriaSet(id: string, extra: readonly CriteriaSet[] = []): CriteriaSet {
  const set = [...CRITERIA_SETS, ...extra].find((s) => s.id === id);
  if (!set) {
    const known = [...CRITERIA_SETS, ...extra].map((s) => s.id).join(', ');
    const message = `Không có bộ tiêu chí "${id}" (có: ${known})`;
    throw new DomainError('VALIDATION_FAILED', message, { setId: message });
  }
  return set;
}

/** Every indicator of a set, in order. */
export const indicatorsOf = (set: CriteriaSet): Indicator[] => set.criteria.flatMap((c) => c.indicators);

/** The criterion number of an indicator id ("6.2" → 6). */
export const criterionOf = (indicatorId: string): number => Number(indicatorId.split('.')[0]);

/**
 * The closest known id to a mistyped one, for "did you mean" (the same rule as the plan file checker's suggest(), kept
 * here so the scoring does not reach the YAML checker).
 */
export function closestId(name: string, known: Iterable<string>): string | undefined {
  const dist = (a: string, b: string) => {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const cur = [i];
      for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
    return prev[b.length];
  };
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const k of known) {
    const d = Math.abs(k.length - name.length) > 3 ? 99 : dist(name.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}
