import { describe, expect, it } from '@jest/globals';
import { fanOut, MAX_CHILDREN_PER_WORKFLOW, type InstanceRange } from './fan-out.js';

/** Every leaf of the tree, and the largest number of children any node has. */
function leaves(range: InstanceRange, max: number): { leaves: InstanceRange[]; widest: number; depth: number } {
  const plan = fanOut(range, max);
  if (plan.kind === 'steps') return { leaves: [range], widest: range.to - range.from, depth: 1 };
  const subs = plan.groups.map((g) => leaves(g, max));
  return {
    leaves: subs.flatMap((s) => s.leaves),
    widest: Math.max(plan.groups.length, ...subs.map((s) => s.widest)),
    depth: 1 + Math.max(...subs.map((s) => s.depth)),
  };
}

describe('fanOut', () => {
  it('starts the steps itself when they fit: the seed plan (102 instances) is one workflow over its steps', () => {
    expect(fanOut({ from: 0, to: 102 }, MAX_CHILDREN_PER_WORKFLOW)).toEqual({ kind: 'steps' });
    expect(fanOut({ from: 0, to: 170 }, 170)).toEqual({ kind: 'steps' });
  });

  it('splits one past the limit into two groups', () => {
    expect(fanOut({ from: 0, to: 171 }, 170)).toEqual({
      kind: 'groups',
      groups: [
        { from: 0, to: 170 },
        { from: 170, to: 171 },
      ],
    });
  });

  it('splits 12 instances with a fan-out of 5 into 5 + 5 + 2', () => {
    expect(fanOut({ from: 0, to: 12 }, 5)).toEqual({
      kind: 'groups',
      groups: [
        { from: 0, to: 5 },
        { from: 5, to: 10 },
        { from: 10, to: 12 },
      ],
    });
  });

  it.each([1, 171, 28_900, 28_901, 60_000])('covers %i instances exactly once, never more than 170 children per workflow', (n) => {
    const t = leaves({ from: 0, to: n }, 170);
    expect(t.widest).toBeLessThanOrEqual(170);
    expect(t.leaves[0].from).toBe(0);
    expect(t.leaves.at(-1)!.to).toBe(n);
    for (let i = 1; i < t.leaves.length; i++) expect(t.leaves[i].from).toBe(t.leaves[i - 1].to);
    expect(t.depth).toBe(n <= 170 ? 1 : n <= 28_900 ? 2 : 3);
  });

  it('refuses a fan-out below 2', () => {
    expect(() => fanOut({ from: 0, to: 3 }, 1)).toThrow(/≥ 2/);
  });
});
