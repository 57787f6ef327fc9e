import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../config/src/project-root.js';
import { WorkingCalendar } from '../calendar/index.js';
import {
  locateDiagnostics,
  modelOfPlanFile,
  modelPlanFacts,
  modelShapeProblems,
  planFileOfModel,
  todosOf,
  type PlanModel,
} from './plan-draft-model.js';
import { parsePlanFile } from './plan-file.js';

const cal = WorkingCalendar.vietnam();
const SEED = readFileSync(join(projectRoot(), 'plans', 'ha-giang-2023.yaml'), 'utf8');
const model = (text: string): PlanModel => {
  const m = modelOfPlanFile(text);
  if (!m.ok) throw new Error(m.reason);
  return m.model;
};
const spec = (text: string) => {
  const r = parsePlanFile(text, 'plan.yaml', cal);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}:${e.col} ${e.message}`).join('\n'));
  return r.plan;
};

describe('the plan draft model', () => {
  it('round-trips the seed plan: plan file → model → plan file → the same plan', () => {
    const m = model(SEED);
    expect(modelPlanFacts(m)).toEqual({
      title: expect.stringContaining('trẻ em năm 2023'),
      issuer: 'ubnd_xa_ha_giang',
      id: 'HG-2023-BVCSTE',
      year: 2023,
    });
    // The model is plain JSON: what the API stores and answers.
    const json = JSON.parse(JSON.stringify(m)) as PlanModel;
    expect(json).toEqual(m);
    const written = planFileOfModel(json);
    expect(written).not.toBe(SEED);
    expect(spec(written)).toEqual(spec(SEED));
    // And again: the file written from a model reads back as that model.
    expect(model(written)).toEqual(m);
    expect(modelShapeProblems(m)).toEqual({});
    expect(todosOf(m)).toEqual([]);
  });

  it('finds every TODO by its field path, and places each diagnostic of the validator at its field', () => {
    const m = model(SEED) as {
      roles: Record<string, Record<string, unknown>>;
      items: { steps: Record<string, unknown>[] }[];
      plan: Record<string, unknown>;
    };
    m.roles.chairman.email = 'TODO: e-mail address';
    m.items[1].steps[0].due = 'TODO: due date not given';
    delete m.items[1].steps[0].due_by;
    delete m.items[1].steps[0].due_anchor;
    m.items[2].steps[0].assignee = 'nobody_here';
    m.plan.year = 'hai nghìn';
    const text = planFileOfModel(m);
    expect(todosOf(m)).toEqual([
      { path: 'roles.chairman.email', text: 'e-mail address' },
      { path: 'items.1.steps.0.due', text: 'due date not given' },
    ]);
    const r = parsePlanFile(text, 'plan.yaml', cal);
    expect(r.ok).toBe(false);
    const located = locateDiagnostics(text, r.ok ? [] : r.errors);
    const paths = located.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['roles.chairman.email', 'items.1.steps.0.due', 'items.2.steps.0.assignee', 'plan.year']));
    const assignee = located.find((d) => d.path === 'items.2.steps.0.assignee')!;
    expect(assignee.message).toContain('nobody_here');
    expect(located.every((d) => d.path !== '' || d.line === 1)).toBe(true);
  });

  it('tells a model that cannot be a plan file by its shape, field by field', () => {
    expect(modelShapeProblems([])).toEqual({ model: 'phải là một bảng khóa: giá trị' });
    const m = model(SEED) as Record<string, any>;
    m.items = { a: 1 };
    m.roles.chairman = ['x'];
    m.plan.title = { nested: true };
    expect(modelShapeProblems(m)).toEqual({
      items: 'phải là một danh sách',
      'roles.chairman': 'phải là một bảng khóa: giá trị',
      'plan.title': 'phải là một giá trị (chữ, số, ngày), không phải danh sách hay bảng',
    });
  });

  it('refuses text that is no plan file', () => {
    expect(modelOfPlanFile('just: [unclosed').ok).toBe(false);
    expect(modelOfPlanFile('- a list\n- of things').ok).toBe(false);
    expect(modelOfPlanFile('a: &x 1\nb: *x').ok).toBe(false);
  });
});
