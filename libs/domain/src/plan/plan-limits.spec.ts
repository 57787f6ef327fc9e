import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { projectRoot } from '../../../config/src/project-root.js';
import { parsePlanFile, type PlanParseResult } from './plan-file.js';
import { PLAN_LIMITS, structureProblems } from './plan-limits.js';
import { expandInstances } from './expand-instances.js';
import { planCalendarYears } from './timeline.js';
import { WorkingCalendar } from '../calendar/index.js';

const SEED = readFileSync(join(projectRoot(), 'plans', 'ha-giang-2023.yaml'), 'utf8');
const errorsOf = (r: PlanParseResult) => (r.ok ? [] : r.errors);
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

/** The seed with `n` more villages after thon_10. */
const withVillages = (text: string, n: number) =>
  text.replace(
    /(  - \{id: thon_10,[^\n]*\n)/,
    (m) =>
      m +
      Array.from(
        { length: n },
        (_, i) => `  - {id: thon_x${i + 11}, kind: village, parent: ubnd_xa_ha_giang, name: "Thôn ${i + 11}"}\n`,
      ).join(''),
  );
/** The seed's I01.4 (one share per village) made monthly over five years: 60 × villages instances from one line. */
const explode = (text: string) =>
  text.replace(
    'fan_out: villages_all, reviewer: officer_ldtbxh, start: 2023-04-04, due: 2023-04-14',
    'fan_out: villages_all, reviewer: officer_ldtbxh, recurrence: {freq: monthly, from: 2023-01, to: 2027-12, due: 28}',
  );

/** `n` distinct keys under one mapping (role keys, each wrong): the shape that made the duplicate-key check quadratic. */
const distinctKeys = (n: number) => `roles:\n${Array.from({ length: n }, (_, i) => `  r${i}: ${i}`).join('\n')}\n`;

describe('plan file limits: size, nesting, duplicate keys, units, occurrences, instances', () => {
  it('the seed plan is well inside every limit', () => {
    const r = parsePlanFile(SEED, 'ha-giang-2023.yaml');
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(expandInstances(r.plan, WorkingCalendar.vietnam(planCalendarYears(r.plan))).length).toBeLessThan(
        PLAN_LIMITS.maxInstances / 10,
      );
  });

  it('finds duplicate keys with a Set: linear in the keys (2× the keys → at most 3× the time), each duplicate still located', () => {
    // An operation count: the walk looks at each key once.
    const count = { keys: 0 };
    structureProblems(parseDocument(distinctKeys(20_000), { uniqueKeys: false }).contents, 24, count);
    expect(count.keys).toBe(20_001);
    // And the whole parser, timed as a ratio of this process's CPU time (robust on a loaded machine: the best of three
    // of each size). The library's own check took 2.0 s for 10,000 keys and 7.4 s for 20,000.
    const best = (text: string) =>
      Math.min(
        ...[0, 1, 2].map(() => {
          const t = process.cpuUsage();
          parsePlanFile(text, 'x.yaml');
          const d = process.cpuUsage(t);
          return d.user + d.system;
        }),
      );
    best(distinctKeys(2_000)); // warm-up
    const small = best(distinctKeys(10_000));
    const large = best(distinctKeys(20_000));
    expect(large / small).toBeLessThanOrEqual(3);
    // 20,000 wrong keys are listed as 500 and how many more.
    const r = parsePlanFile(distinctKeys(20_000), 'x.yaml');
    expect(errorsOf(r)).toHaveLength(501);
    expect(errorsOf(r)[500]).toMatchObject({ code: 'PLAN_MORE_DIAGNOSTICS' });
    // Duplicates are still reported where they are.
    const dup = SEED.replace(
      '  vice_chair_vhxh:',
      '  chairman: {unit: ubnd_xa_ha_giang, title: "x", person: "x", email: "x@y.org"}\n  vice_chair_vhxh:',
    );
    const e = errorsOf(parsePlanFile(dup, 'dup.yaml'));
    expect(e).toEqual([
      expect.objectContaining({
        line: lineOf(dup, '  chairman: {unit: ubnd_xa_ha_giang, title: "x"'),
        message: 'khóa "chairman" bị ghi hai lần trong cùng một bảng',
        code: 'DUPLICATE_KEY',
      }),
    ]);
  });

  it('refuses nesting deeper than the limit, once, located', () => {
    const deep = `plan:\n  x: ${'['.repeat(40)}1${']'.repeat(40)}\n`;
    const e = errorsOf(parsePlanFile(deep, 'deep.yaml'));
    expect(e).toEqual([expect.objectContaining({ code: 'PLAN_TOO_DEEP', line: 2, vars: { max: PLAN_LIMITS.maxDepth } })]);
    // Far deeper than a stack: refused, not thrown.
    expect(errorsOf(parsePlanFile(`a: ${'['.repeat(50_000)}`, 'deeper.yaml')).length).toBeGreaterThan(0);
  });

  it('refuses a plan file larger than 2 MiB before parsing it, in bytes (Vietnamese letters are 2–3 bytes)', () => {
    const big = `# ${'ự'.repeat(800_000)}\n${SEED}`; // 800,000 chars, 2.4 MB
    expect(errorsOf(parsePlanFile(big, 'big.yaml'))).toEqual([expect.objectContaining({ code: 'PLAN_FILE_TOO_BIG', line: 1, col: 1 })]);
  });

  it("refuses the issue's instance explosion (a 25 KB file expanding to tens of thousands of instances) before expanding it, at the step that does it", () => {
    const text = explode(withVillages(SEED, 100)); // 110 villages × 60 months from one step
    expect(Buffer.byteLength(text)).toBeLessThan(40 * 1024);
    const e = errorsOf(parsePlanFile(text, 'no.yaml'));
    const found = e.find((d) => d.code === 'PLAN_TOO_MANY_INSTANCES');
    expect(found).toMatchObject({ line: lineOf(text, 'id: I01.4,'), vars: { max: PLAN_LIMITS.maxInstances, step: 'I01.4', stepN: 6_600 } });
    expect(Number(found?.vars?.n)).toBeGreaterThan(PLAN_LIMITS.maxInstances);
    // Just under: the same step over 5 years for the seed's 10 villages is 600 instances, accepted.
    expect(parsePlanFile(explode(SEED), 'ok.yaml').ok).toBe(true);
  });

  it('refuses a recurrence of more occurrences than five years of months, and more villages or units than a plan has', () => {
    const forever = SEED.replace(
      'recurrence: {freq: monthly, from: 2023-04, to: 2023-12, due: last_working_day_of_month}, evidence: "nhật ký phát thanh"',
      'recurrence: {freq: monthly, from: 2023-04, to: 9999-12, due: last_working_day_of_month}, evidence: "nhật ký phát thanh"',
    );
    expect(errorsOf(parsePlanFile(forever, 'f.yaml'))).toContainEqual(
      expect.objectContaining({
        code: 'PLAN_TOO_MANY_OCCURRENCES',
        line: lineOf(forever, 'id: I03.1,'),
        vars: expect.objectContaining({ step: 'I03.1', max: 60 }),
      }),
    );
    const villages = errorsOf(parsePlanFile(withVillages(SEED, PLAN_LIMITS.maxVillages), 'v.yaml'));
    expect(villages).toContainEqual(
      expect.objectContaining({ code: 'PLAN_TOO_MANY_VILLAGES', vars: { n: PLAN_LIMITS.maxVillages + 10, max: PLAN_LIMITS.maxVillages } }),
    );
    // A higher limit (a configured one) lets the same file through.
    expect(parsePlanFile(withVillages(SEED, 20), 'v.yaml', undefined, { ...PLAN_LIMITS, maxInstances: 50_000 }).ok).toBe(true);
  });
});
