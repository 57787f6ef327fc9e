import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../config/src/project-root.js';
import { WorkingCalendar } from '../calendar/index.js';
import { parsePlanFile } from './plan-file.js';

const SEED = readFileSync(join(projectRoot(), 'plans', 'ha-giang-2023.yaml'), 'utf8');
const cal = WorkingCalendar.vietnam();

/** A small deterministic generator, so a failing case can be reproduced from its number. */
function prng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

const ITEMS_AT = SEED.indexOf('\nitems:');
const WRONG_VALUES = [
  '[1, 2]',
  '{a: 1}',
  '1e400',
  '-1',
  '"tuesday"',
  '123456789012345678901234567890',
  'null',
  'true',
  '~',
  '0x1F',
  '.nan',
];
const TYPED_KEYS = [
  'year',
  'due',
  'start',
  'after_wd',
  'sla_wd',
  'before_wd',
  'rehearsal_start',
  'email',
  'assignee',
  'id',
  'kind',
  'freq',
];

/** Each generator returns text that is certainly not a valid plan. */
const generators: Record<string, (r: () => number) => string> = {
  truncated: (r) => SEED.slice(0, Math.floor(r() * ITEMS_AT)),
  wrongType: (r) => {
    const key = TYPED_KEYS[Math.floor(r() * TYPED_KEYS.length)];
    const matches = [...SEED.matchAll(new RegExp(`([{ ,])${key}: ([^,}\\n]+)`, 'g'))];
    const m = matches[Math.floor(r() * matches.length)];
    const value = WRONG_VALUES[Math.floor(r() * WRONG_VALUES.length)];
    return SEED.slice(0, m.index + m[1].length) + `${key}: ${value}` + SEED.slice(m.index + m[0].length);
  },
  randomBytes: (r) => Buffer.from(Array.from({ length: 1 + Math.floor(r() * 3000) }, () => Math.floor(r() * 256))).toString('latin1'),
  hugeNumbers: (r) => SEED.replace('year: 2023', `year: ${'9'.repeat(20 + Math.floor(r() * 400))}`),
  deepNesting: (r) => {
    const depth = 100 + Math.floor(r() * 5000);
    return r() < 0.5
      ? `format: dondoc/plan@1\nplan: ${'['.repeat(depth)}${']'.repeat(depth)}\n`
      : `format: dondoc/plan@1\n${Array.from({ length: Math.min(depth, 3000) }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`;
  },
  unknownKey: (r) => {
    const lines = SEED.split('\n');
    const i = lines.findIndex((l, n) => n > 30 + Math.floor(r() * 300) && /^\s+- \{id: I\d\d\.\d/.test(l));
    lines[i] = lines[i].replace('{id:', `{ghi_chu_${Math.floor(r() * 1000)}: 1, id:`);
    return lines.join('\n');
  },
  brokenSyntax: (r) => {
    // Unclosed brackets and quotes at the start of a line that is not a comment.
    const lines = SEED.split('\n');
    const candidates = lines.map((l, i) => (l.trim() && !l.trim().startsWith('#') ? i : -1)).filter((i) => i >= 0);
    const i = candidates[Math.floor(r() * candidates.length)];
    const garbage = ['{', '[', '"', '{[', '["', '"{'][Math.floor(r() * 6)];
    const indent = lines[i].length - lines[i].trimStart().length;
    lines[i] = lines[i].slice(0, indent) + garbage + lines[i].slice(indent);
    return lines.join('\n');
  },
  wrongRoot: (r) => ['', '[]', '42', '"plan"', 'null', '---\n---\n', '- a\n- b', '{', '%YAML 9.9\n---\na: 1'][Math.floor(r() * 9)],
};

describe('1,000 malformed plan files', () => {
  it('never crash the parser, and each is rejected with a located message', () => {
    const names = Object.keys(generators);
    const counts: Record<string, number> = {};
    for (let n = 0; n < 1000; n++) {
      const name = names[n % names.length];
      const text = generators[name](prng(n + 1));
      let result;
      try {
        result = parsePlanFile(text, `case-${n}.yaml`, cal);
      } catch (err) {
        throw new Error(`case ${n} (${name}) crashed the parser: ${String(err)}`);
      }
      if (result.ok) throw new Error(`case ${n} (${name}) was accepted:\n${text.slice(0, 300)}`);
      expect(result.errors.length).toBeGreaterThan(0);
      for (const e of result.errors) {
        if (!(e.line >= 1 && e.col >= 1 && e.message.trim() && e.file === `case-${n}.yaml`))
          throw new Error(`case ${n} (${name}): unlocated ${JSON.stringify(e)}`);
      }
      counts[name] = (counts[name] ?? 0) + 1;
    }
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1000);
  });
});
