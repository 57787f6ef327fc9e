import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../config/src/project-root.js';
import { WorkingCalendar } from '../calendar/index.js';
import { formatDiagnostic, parsePlanFile } from './plan-file.js';

const SEED = readFileSync(join(projectRoot(), 'plans', 'ha-giang-2023.yaml'), 'utf8');
const cal = WorkingCalendar.vietnam();

/** The seed with one text replaced (exactly once) and the position of the replacement. */
function seedWith(from: string, to: string): { text: string; line: number; col: number } {
  const at = SEED.indexOf(from);
  expect(at).toBeGreaterThan(0);
  expect(SEED.indexOf(from, at + 1)).toBe(-1);
  const before = SEED.slice(0, at).split('\n');
  return { text: SEED.slice(0, at) + to + SEED.slice(at + from.length), line: before.length, col: before[before.length - 1].length + 1 };
}

describe('TODO values left for a person (imported drafts)', () => {
  it('reports a TODO due date at its line and column, with its explanation, and nothing else about it', () => {
    const s = seedWith('due: 2023-03-29', 'due: "TODO: due date not given in the document (II.1)"');
    const r = parsePlanFile(s.text, 'plan.yaml', cal);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map(formatDiagnostic)).toEqual([
      `plan.yaml:${s.line}:${s.col + 'due: '.length}: lỗi: TODO ở một bước: due date not given in the document (II.1) — hãy điền vào`,
    ]);
  });

  it('reports a bare TODO in a required key once (no "missing key", no type error), naming the key', () => {
    const s = seedWith('email: taichinh@hagiang.example.org', 'email: TODO');
    const r = parsePlanFile(s.text, 'plan.yaml', cal);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: s.line, col: s.col + 'email: '.length });
    expect(r.errors[0].message).toBe('TODO ở vai trò "finance_officer": chưa ghi "email" — hãy điền vào');
  });

  it('reports a TODO role key, a TODO enum and a TODO date of the plan block, each once', () => {
    let text = SEED.replace('rehearsal_start: 2023-03-23', 'rehearsal_start: "TODO: pick a rehearsal start"');
    text = text.replace('{unit: van_thu, purpose: luu}', '{unit: van_thu, purpose: "TODO purpose not given"}');
    text = text.replace(
      'assignee: finance_officer, due: 2023-12-29',
      'assignee: "TODO: responsible party not recognised: Hội Nông dân", due: 2023-12-29',
    );
    const r = parsePlanFile(text, 'plan.yaml', cal);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.message)).toEqual([
      'TODO ở "plan": pick a rehearsal start — hãy điền vào',
      'TODO ở "recipients": purpose not given — hãy điền vào',
      'TODO ở một bước: responsible party not recognised: Hội Nông dân — hãy điền vào',
    ]);
  });

  it('leaves texts that merely mention TODO alone', () => {
    const r = parsePlanFile(SEED.replace('evidence: "dự toán"', 'evidence: "dự toán (TODOS later)"'), 'plan.yaml', cal);
    expect(r.ok).toBe(true);
  });
});
