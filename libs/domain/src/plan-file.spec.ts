import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../mail/src/project-root.js';
import { allSteps } from './plan.js';
import { formatDiagnostic, parsePlanFile, PLAN_FORMAT, type PlanDiagnostic, type PlanParseResult } from './plan-file.js';

/** Lines 1-15 of a small valid plan; the steps of item I01 start on line 16, indented by 6. */
const HEADER = `format: dondoc/plan@1
plan:
  id: P-TEST
  number: "01/KH-UBND"
  title: "Kế hoạch thử"
  year: 2023
  issuer: { id: ubnd_xa, name: "UBND xã" }
  rehearsal_start: 2023-03-23
roles:
  officer: { title: "Công chức", person: "Phạm Thị D", email: officer@x.example.org, supervisor: vice_chair }
  vice_chair: { title: "Phó Chủ tịch", person: "Trần Thị B", email: pct@x.example.org }
items:
  - id: I01
    title: "Ban hành kế hoạch"
    steps:
`;
const planWith = (steps: string) => HEADER + steps;
const GOOD_STEP = '      - { id: S1, title: "Dự thảo", assignee: officer, approval: vice_chair, start: 2023-03-23, due: 2023-03-29 }\n';

const errorsOf = (r: PlanParseResult): PlanDiagnostic[] => {
  if (r.ok) throw new Error(`expected errors, the plan parsed: ${JSON.stringify(r.plan)}`);
  return r.errors;
};
const brief = (d: PlanDiagnostic) => ({ line: d.line, col: d.col, message: d.message });

describe('parsePlanFile: the shipped plan', () => {
  const text = readFileSync(join(projectRoot(), 'plans', 'ha-giang-2023.yaml'), 'utf8');
  const r = parsePlanFile(text, 'plans/ha-giang-2023.yaml');

  it('parses without errors or warnings', () => {
    if (!r.ok) throw new Error(r.errors.map(formatDiagnostic).join('\n'));
    expect(r.warnings).toEqual([]);
  });

  it('has the header of plan HG-2023-BVCSTE', () => {
    if (!r.ok) throw new Error('plan did not parse');
    expect(r.plan.id).toBe('HG-2023-BVCSTE');
    expect(r.plan.year).toBe(2023);
    expect(r.plan.issuedOn).toBe('2023-03-31');
    expect(r.plan.rehearsalStart).toBe('2023-03-23');
    expect(r.plan.issuer).toEqual({ id: 'ubnd_xa_ha_giang', name: 'UBND xã Hà Giang' });
    expect(r.plan.signer?.role).toBe('vice_chair_vhxh');
  });

  it('has its roles with e-mail addresses and supervisors', () => {
    if (!r.ok) throw new Error('plan did not parse');
    expect(Object.keys(r.plan.roles).sort()).toEqual(
      ['chairman', 'finance_officer', 'office_officer', 'officer_ldtbxh', 'vice_chair_kt', 'vice_chair_vhxh'].sort(),
    );
    expect(r.plan.roles.officer_ldtbxh).toMatchObject({ key: 'officer_ldtbxh', person: 'Phạm Thị D', supervisor: 'vice_chair_vhxh' });
    expect(r.plan.roles.chairman.supervisor).toBeUndefined();
    for (const role of Object.values(r.plan.roles)) expect(role.email).toMatch(/^[^@\s]+@hagiang\.example\.org$/);
  });

  it('has 4 steps in item I01, each assigned to a known role, with dates as local-date strings', () => {
    if (!r.ok) throw new Error('plan did not parse');
    const steps = allSteps(r.plan);
    expect(steps.map((s) => s.id)).toEqual(['I01.1', 'I01.2', 'I01.3', 'I01.5']);
    for (const s of steps) {
      expect(s.itemId).toBe('I01');
      expect(r.plan.roles[s.assignee]).toBeDefined();
      if (s.approval !== null) expect(r.plan.roles[s.approval]).toBeDefined();
      expect(typeof s.due).toBe('string');
      expect(s.start! <= s.due).toBe(true);
    }
    expect(steps[1]).toMatchObject({ id: 'I01.2', assignee: 'vice_chair_vhxh', approval: null, due: '2023-03-31' });
    expect(steps[3]).toMatchObject({ assignee: 'finance_officer', approval: 'vice_chair_vhxh', start: '2023-04-03', due: '2023-04-07' });
  });
});

describe('parsePlanFile: a valid plan', () => {
  it('parses the small plan the error tests start from', () => {
    const r = parsePlanFile(planWith(GOOD_STEP));
    if (!r.ok) throw new Error(r.errors.map(formatDiagnostic).join('\n'));
    expect(allSteps(r.plan)).toEqual([
      { id: 'S1', itemId: 'I01', title: 'Dự thảo', assignee: 'officer', approval: 'vice_chair', start: '2023-03-23', due: '2023-03-29', evidence: undefined, source: undefined },
    ]);
  });
});

describe('parsePlanFile: errors with line and column', () => {
  it('reports an unknown key with a "did you mean" hint', () => {
    const text = planWith('      - id: S1\n        title: "Dự thảo"\n        asignee: officer\n        due: 2023-04-07\n');
    const errors = errorsOf(parsePlanFile(text));
    expect(errors.map(brief)).toContainEqual({ line: 18, col: 9, message: 'unknown key "asignee" in a step; did you mean "assignee"?' });
  });

  it('reports an unknown key far from any known one without a hint', () => {
    const text = planWith('      - { id: S1, title: "Dự thảo", assignee: officer, due: 2023-04-07, deadline_note: x }\n');
    expect(errorsOf(parsePlanFile(text)).map(brief)).toEqual([{ line: 16, col: 73, message: 'unknown key "deadline_note" in a step' }]);
  });

  it('reports a reference to an unknown role, with a hint when one is close', () => {
    const typo = planWith('      - id: S1\n        title: "Dự thảo"\n        assignee: oficer\n        due: 2023-04-07\n');
    expect(errorsOf(parsePlanFile(typo)).map(brief)).toEqual([{ line: 18, col: 19, message: 'unknown role "oficer"; did you mean "officer"?' }]);
    const stranger = planWith('      - id: S1\n        title: "Dự thảo"\n        assignee: officer\n        approval: mayor\n        due: 2023-04-07\n');
    expect(errorsOf(parsePlanFile(stranger)).map(brief)).toEqual([{ line: 19, col: 19, message: 'unknown role "mayor"' }]);
  });

  it('reports an impossible date', () => {
    const text = planWith('      - id: S1\n        title: "Dự thảo"\n        assignee: officer\n        due: 2023-02-30\n');
    expect(errorsOf(parsePlanFile(text)).map(brief)).toEqual([{ line: 19, col: 14, message: '"due" must be a date YYYY-MM-DD, got "2023-02-30"' }]);
  });

  it('reports a due date before the start date, at the due date', () => {
    const text = planWith('      - id: S1\n        title: "Dự thảo"\n        assignee: officer\n        start: 2023-04-08\n        due: 2023-04-07\n');
    expect(errorsOf(parsePlanFile(text)).map(brief)).toEqual([{ line: 20, col: 14, message: 'due 2023-04-07 is before start 2023-04-08' }]);
  });

  it('reports a duplicate step id at the second occurrence, also across items', () => {
    const sameItem = planWith(GOOD_STEP + GOOD_STEP);
    expect(errorsOf(parsePlanFile(sameItem)).map(brief)).toEqual([{ line: 17, col: 15, message: 'duplicate step id "S1"' }]);
    const otherItem = planWith(GOOD_STEP + '  - id: I02\n    title: "Dự toán"\n    steps:\n' + GOOD_STEP);
    expect(errorsOf(parsePlanFile(otherItem)).map(brief)).toEqual([{ line: 20, col: 15, message: 'duplicate step id "S1"' }]);
  });

  it('reports a wrong format', () => {
    const text = planWith(GOOD_STEP).replace('format: dondoc/plan@1', 'format: dondoc/plan@2');
    expect(errorsOf(parsePlanFile(text)).map(brief)).toEqual([
      { line: 1, col: 9, message: `unsupported format "dondoc/plan@2"; expected "${PLAN_FORMAT}"` },
    ]);
  });

  it('reports a missing format at the top of the file', () => {
    const text = planWith(GOOD_STEP).replace('format: dondoc/plan@1\n', '');
    expect(errorsOf(parsePlanFile(text)).map(brief)).toEqual([{ line: 1, col: 1, message: 'missing required key "format"' }]);
  });

  it('reports an unknown supervisor', () => {
    const text = planWith(GOOD_STEP).replace('supervisor: vice_chair', 'supervisor: chairman');
    expect(errorsOf(parsePlanFile(text)).map((d) => d.message)).toEqual(['role "officer" has an unknown supervisor "chairman"']);
  });

  it('reports a YAML syntax error with the parser message, and nothing else', () => {
    const text = planWith(GOOD_STEP).replace('  title: "Kế hoạch thử"', '  title: @Kế hoạch thử');
    const errors = errorsOf(parsePlanFile(text));
    expect(errors).toHaveLength(1);
    expect(errors[0].severity).toBe('error');
    expect(errors[0].message).toMatch(/reserved character @/);
  });

  // BUG: parsePlanFile parses with prettyErrors: false, so the yaml library never fills `linePos` and every syntax
  // error is reported at 1:1. The position is in `e.pos` (an offset the LineCounter can turn into line and column).
  it('reports a YAML syntax error at its line and column', () => {
    const reserved = planWith(GOOD_STEP).replace('  title: "Kế hoạch thử"', '  title: @Kế hoạch thử');
    expect(errorsOf(parsePlanFile(reserved)).map(brief)).toEqual([{ line: 5, col: 10, message: 'Plain value cannot start with reserved character @' }]);
    const duplicateKey = planWith(GOOD_STEP).replace('  year: 2023\n', '  year: 2023\n  year: 2024\n');
    expect(errorsOf(parsePlanFile(duplicateKey)).map(brief)).toEqual([{ line: 7, col: 3, message: 'Map keys must be unique' }]);
  });

  it('reports every error of a file at once, in one pass', () => {
    const text = planWith(
      '      - id: S1\n' + //                                               16
        '        title: "Dự thảo"\n' + //                                     17
        '        asignee: officer\n' + //                                     18: unknown key, so assignee is missing
        '        due: 2023-02-30\n' + //                                      19: bad date
        '      - { id: S2, title: "Dự toán", assignee: mayor, due: 2023-04-07 }\n', // 20: unknown role
    ).replace('format: dondoc/plan@1', 'format: dondoc/plan@0'); //                 1: wrong format
    const errors = errorsOf(parsePlanFile(text)).map(brief);
    expect(errors).toEqual(
      expect.arrayContaining([
        { line: 1, col: 9, message: 'unsupported format "dondoc/plan@0"; expected "dondoc/plan@1"' },
        { line: 18, col: 9, message: 'unknown key "asignee" in a step; did you mean "assignee"?' },
        { line: 16, col: 9, message: 'missing required key "assignee"' },
        { line: 19, col: 14, message: '"due" must be a date YYYY-MM-DD, got "2023-02-30"' },
        { line: 20, col: 47, message: 'unknown role "mayor"' },
      ]),
    );
    expect(errors).toHaveLength(5);
  });

  it('names the file in every diagnostic', () => {
    const errors = errorsOf(parsePlanFile(planWith(GOOD_STEP + GOOD_STEP).replace('@1', '@9'), 'plans/broken.yaml'));
    expect(errors.length).toBe(2);
    for (const e of errors) expect(e.file).toBe('plans/broken.yaml');
  });
});

describe('parsePlanFile: garbage in', () => {
  // A small deterministic generator, so a failure can be reproduced.
  const randomText = (seed: number, length: number) => {
    let x = seed;
    const bytes = Buffer.alloc(length);
    for (let i = 0; i < length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = x >> 16;
    }
    return bytes.toString('latin1');
  };
  const inputs: [string, string][] = [
    ['empty', ''],
    ['a list', '[]'],
    ['unclosed braces', '{{{'],
    ['plan is a number', 'plan: 3'],
    ['null', 'null'],
    ['a scalar', 'hello'],
    ['an undefined alias', '*a'],
    ['two documents', '---\na: 1\n---\nb: 2\n'],
    ['wrong shapes everywhere', 'format: 3\nplan: []\nroles: 1\nitems: {}\n'],
    ['items of the wrong shape', 'format: dondoc/plan@1\nitems: [1, [2], {steps: 3}, {steps: [4, {due: x}]}]\n'],
    ['roles of the wrong shape', 'format: dondoc/plan@1\nroles: { a: 1, b: [], ? [c] : {} }\n'],
    ['a binary NUL', '\u0000\u0001\u0002'],
    ...[1, 2, 3, 4, 5, 6, 7, 8].map((seed): [string, string] => [`random bytes #${seed}`, randomText(seed, 64 * seed)]),
    ...[1, 2, 3].map((seed): [string, string] => [`random bytes as UTF-8 #${seed}`, Buffer.from(randomText(seed * 31, 200), 'latin1').toString('utf8')]),
  ];

  it.each(inputs)('returns ok:false for %s, without throwing', (_name, text) => {
    let r: PlanParseResult | undefined;
    expect(() => (r = parsePlanFile(text, 'garbage.yaml'))).not.toThrow();
    const errors = errorsOf(r!);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e.file).toBe('garbage.yaml');
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.col).toBeGreaterThanOrEqual(1);
      expect(e.message.trim()).not.toBe('');
    }
  });
});

describe('formatDiagnostic', () => {
  it('writes file:line:col: severity: message, as compilers do', () => {
    expect(formatDiagnostic({ file: 'plans/x.yaml', line: 18, col: 9, severity: 'error', message: 'unknown key "asignee"' })).toBe(
      'plans/x.yaml:18:9: error: unknown key "asignee"',
    );
    expect(formatDiagnostic({ file: 'a.yaml', line: 1, col: 1, severity: 'warning', message: 'w' })).toBe('a.yaml:1:1: warning: w');
  });

  it('formats what parsePlanFile reports', () => {
    const errors = errorsOf(parsePlanFile(planWith(GOOD_STEP).replace('@1', '@2'), 'plans/broken.yaml'));
    expect(errors.map(formatDiagnostic)).toEqual(['plans/broken.yaml:1:9: error: unsupported format "dondoc/plan@2"; expected "dondoc/plan@1"']);
  });
});
