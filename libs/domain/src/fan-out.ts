/** A half-open range [from, to) of a plan run's step instances, in their fixed order. */
export interface InstanceRange {
  from: number;
  to: number;
}

/** Temporal is comfortable with a few hundred children per workflow; dondoc starts at most this many. */
export const MAX_CHILDREN_PER_WORKFLOW = 170;

/**
 * How a workflow over `range` fans out: `steps` when it can start one step workflow per instance itself (at most
 * `max`), otherwise at most `max` sub-ranges of equal power-of-`max` size, each run by a child plan-run workflow
 * (a province plan: province → communes' share → step workflows). Pure, so every replay takes the same path.
 */
export function fanOut(range: InstanceRange, max: number): { kind: 'steps' } | { kind: 'groups'; groups: InstanceRange[] } {
  if (!Number.isInteger(max) || max < 2) throw new RangeError(`fan-out must be an integer ≥ 2, got ${max}`);
  const n = range.to - range.from;
  if (n <= max) return { kind: 'steps' };
  let size = max;
  while (size * max < n) size *= max;
  const groups: InstanceRange[] = [];
  for (let from = range.from; from < range.to; from += size) groups.push({ from, to: Math.min(range.to, from + size) });
  return { kind: 'groups', groups };
}
