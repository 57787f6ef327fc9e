import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../config/src/project-root.js';
import { WorkingCalendar } from '../calendar/index.js';
import { allSteps } from '../plan/plan.js';
import { formatDiagnostic, parsePlanFile, type PlanParseResult } from '../plan/plan-file.js';
import { planJsonSchema } from '../plan/plan-json-schema.js';
import { QD_06_2019 } from './criteria/qd-06-2019.js';
import { evidenceCoverage, evidenceGaps, indicatorRefProblem, resolveIndicatorRef } from './coverage.js';
import { indicatorsOf } from './registry.js';
import { scoreAssessment } from './scoring.js';

const set = QD_06_2019;
const cal = WorkingCalendar.vietnam();
const SEED = readFileSync(join(projectRoot(), 'plans', 'ha-giang-2023.yaml'), 'utf8');
const ok = (r: PlanParseResult) => {
  if (!r.ok) throw new Error(r.errors.map(formatDiagnostic).join('\n'));
  return r.plan;
};

/** A small valid plan; `steps` is spliced in as the steps of its only item. */
const planWith = (steps: string) => `format: dondoc/plan@1
plan: {id: P-T, number: "01/KH-UBND", title: "Thử", issuer: ubnd_xa, year: 2023, rehearsal_start: 2023-03-23}
org_units:
  - {id: ubnd_xa, kind: commune, name: "UBND xã"}
roles:
  officer: {unit: ubnd_xa, title: "Công chức", person: "D", email: officer@x.example.org, supervisor: vice_chair}
  vice_chair: {unit: ubnd_xa, title: "Phó Chủ tịch", person: "B", email: pct@x.example.org}
policies:
  reminders_default: {before_wd: [-1, 0]}
  escalation:
    commune_officer: [{after_wd: 1, to: vice_chair}]
    approval: {approver: vice_chair, sla_wd: 2, on_breach: {to: vice_chair}}
  monitoring_body_by_date:
    - {role: vice_chair}
items:
  - id: I01
    title: "Mục"
    steps:
${steps}`;
const step = (extra: string) => `      - {id: S1, title: "Rà soát", assignee: officer, due: 2023-04-28${extra}}\n`;

describe('resolveIndicatorRef', () => {
  it('expands a criterion number to its indicators and keeps a known indicator id', () => {
    expect(resolveIndicatorRef(set, '6')).toEqual(set.criteria[5].indicators.map((i) => i.id));
    expect(resolveIndicatorRef(set, '7.1')).toEqual(['7.1']);
    expect(resolveIndicatorRef(set, '6.9')).toBeUndefined();
    expect(resolveIndicatorRef(set, '14')).toBeUndefined();
  });
});

describe('the step field `indicators` of plan files', () => {
  it('is carried into the step as written, and absent when not written', () => {
    const plan = ok(parsePlanFile(planWith(step(', indicators: ["6", "7.1"]')), 't.yaml', cal));
    expect(allSteps(plan)[0].indicators).toEqual(['6', '7.1']);
    const without = ok(parsePlanFile(planWith(step('')), 't.yaml', cal));
    expect('indicators' in allSteps(without)[0]).toBe(false);
  });

  it('refuses an unknown indicator at its place, with a suggestion', () => {
    const text = planWith(step(', indicators: ["6.1", "6.3"]'));
    const r = parsePlanFile(text, 't.yaml', cal);
    expect(r.ok).toBe(false);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('"6.3"'));
    const errors = r.ok ? [] : r.errors;
    expect(errors.map((e) => ({ line: e.line, col: e.col }))).toEqual([{ line: line + 1, col: lines[line].indexOf('"6.3"') + 1 }]);
    expect(errors[0].message).toMatch(
      /^chỉ tiêu "6\.3" không có trong 06\/QĐ-TTg \(tiêu chí 1–13 hoặc các chỉ tiêu của chúng, ví dụ 1\.1\); có phải là "\d+\.\d+"\?$/,
    );
  });

  it('refuses a reference listed twice or already covered by its criterion, and one that is not a text', () => {
    const messages = (extra: string) => {
      const r = parsePlanFile(planWith(step(extra)), 't.yaml', cal);
      return r.ok ? [] : r.errors.map((e) => e.message);
    };
    expect(messages(', indicators: ["2.1", "2.1"]')).toEqual(['chỉ tiêu "2.1" được ghi hai lần']);
    expect(messages(', indicators: ["6", "6.2"]')).toEqual(['chỉ tiêu "6.2" đã thuộc tiêu chí "6" ghi ở trước']);
    expect(messages(', indicators: [[6]]')).toEqual([expect.stringMatching(/"indicators" phải là một đoạn chữ/)]);
    expect(indicatorRefProblem('13')).toBeUndefined();
    expect(indicatorRefProblem('0')).toMatch(/chỉ tiêu "0" không có/);
  });

  it('is described in the published JSON Schema of steps', () => {
    const stepSchema = (planJsonSchema() as any).properties.items.items.properties.steps.items;
    expect(stepSchema.properties.indicators).toMatchObject({
      type: 'array',
      items: { type: 'string' },
      description: expect.stringMatching(/QĐ 06\/QĐ-TTg/),
    });
  });
});

describe('evidenceCoverage on the shipped seed plan', () => {
  const plan = ok(parsePlanFile(SEED, 'ha-giang-2023.yaml', cal));
  const coverage = evidenceCoverage(set, plan);
  const stepsOf = (id: string) => coverage.find((c) => c.indicatorId === id)!.steps.map((s) => s.stepId);

  it('lists every indicator of the set once, in order', () => {
    expect(coverage.map((c) => c.indicatorId)).toEqual(indicatorsOf(set).map((i) => i.id));
  });

  it('agrees with what the steps declare, in both directions', () => {
    const declaring = allSteps(plan).filter((s) => s.indicators?.length);
    expect(declaring.length).toBeGreaterThan(0);
    for (const s of declaring) {
      const ids = s.indicators!.flatMap((ref) => resolveIndicatorRef(set, ref)!);
      for (const id of ids) expect(stepsOf(id)).toContain(s.id);
    }
    for (const c of coverage) {
      for (const st of c.steps) {
        const s = allSteps(plan).find((x) => x.id === st.stepId)!;
        expect(s.indicators!.flatMap((ref) => resolveIndicatorRef(set, ref)!)).toContain(c.indicatorId);
        expect(st).toEqual({ stepId: s.id, title: s.title, assignee: s.assignee });
      }
    }
  });

  it('links the seed steps the issue names', () => {
    expect(stepsOf('6.1')).toEqual(['I04.1']); // annual review of children in special circumstances
    expect(stepsOf('6.2')).toEqual(['I04.2']); // case management: plans approved in time
    expect(stepsOf('2.1')).toEqual(['I05.2']); // birth registration, justice officer
    for (const id of ['7.1', '8.1', '8.2', '9.1']) expect(stepsOf(id)).toEqual(['I05.3']); // health station
    expect(stepsOf('5.1')).toEqual(expect.arrayContaining(['I06.1', 'I06.3', 'I06.4']));
    expect(stepsOf('11.1')).toEqual(['I08.2']); // children's forum
    expect(stepsOf('12.3')).toEqual(['I07.3', 'I09.4']);
    expect(stepsOf('1.4')).toEqual(['I01.5', 'I14.1', 'I17.1', 'I17.2']); // budget and mobilised resources (III.4)
    expect(stepsOf('1.3')).toEqual(['I15.1', 'I15.2', 'I15.3', 'I15.4']); // the child-protection board and its meetings (III.1)
    expect(stepsOf('1.2')).toEqual(['I16.1', 'I16.2']); // village collaborators (III.3)
  });

  it('shows the indicators no step of the plan supplies', () => {
    const uncovered = coverage.filter((c) => c.steps.length === 0).map((c) => c.indicatorId);
    expect(uncovered).toEqual(expect.arrayContaining(['10.1', '10.2', '13.1', '13.2']));
    expect(uncovered).not.toContain('6.1');
    // The board (III.1: I15), the collaborators (III.3: I16.1) now have steps feeding them.
    for (const id of ['1.1', '1.2', '1.3', '1.4']) expect(uncovered).not.toContain(id);
  });

  it('gives, for each indicator without a value, the (open) steps that would supply it', () => {
    const values = Object.fromEntries(
      indicatorsOf(set).map((i) => [i.id, i.unit === 'yes_no' ? true : (i.thresholds[0].min ?? i.thresholds[0].max)!]),
    );
    delete values['6.1'];
    delete values['10.1'];
    const score = scoreAssessment(set, 'ordinary', values);
    expect(evidenceGaps(score, coverage)).toEqual([
      {
        indicatorId: '6.1',
        title: set.criteria[5].indicators[0].title,
        steps: [{ stepId: 'I04.1', title: expect.any(String), assignee: 'officer_ldtbxh' }],
      },
      { indicatorId: '10.1', title: set.criteria[9].indicators[0].title, steps: [] },
    ]);
    expect(evidenceGaps(score, coverage, (id) => id !== 'I04.1')[0].steps).toEqual([]);
  });
});
