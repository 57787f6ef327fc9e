import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '#libs/config/src/index.js';
import { parsePlanFile } from './plan-file.js';
import { canonicalJson, samePlan } from './same-plan.js';

/** The order PostgreSQL's jsonb gives an object's keys back in: shorter keys first, then byte order. */
const jsonbOrder = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(jsonbOrder)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .sort(([a], [b]) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))
            .map(([k, x]) => [k, jsonbOrder(x)]),
        )
      : v;

describe('samePlan', () => {
  const file = join(projectRoot(), 'plans', 'ha-giang-2023.yaml');
  const parsed = parsePlanFile(readFileSync(file, 'utf8'), 'plans/ha-giang-2023.yaml');
  if (!parsed.ok) throw new Error('the seed plan does not parse');
  const stored = jsonbOrder(JSON.parse(JSON.stringify(parsed.plan)));

  it('finds the seed plan and its copy as jsonb returns it the same, though JSON.stringify of the two differs', () => {
    expect(JSON.stringify(stored)).not.toBe(JSON.stringify(parsed.plan));
    expect(samePlan(stored, parsed.plan)).toBe(true);
  });

  it('finds a changed title, a changed array order or a removed role different', () => {
    const plan = JSON.parse(JSON.stringify(parsed.plan)) as typeof parsed.plan;
    expect(samePlan(stored, { ...plan, title: `${plan.title} (sửa)` })).toBe(false);
    expect(samePlan(stored, { ...plan, items: [...plan.items].reverse() })).toBe(false);
    const [first] = Object.keys(plan.roles);
    const { [first]: _gone, ...roles } = plan.roles;
    expect(samePlan(stored, { ...plan, roles })).toBe(false);
  });

  it('sorts keys at every depth and leaves arrays in their order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: undefined } })).toBe('{"a":{"d":[2,1]},"b":1}');
  });
});
