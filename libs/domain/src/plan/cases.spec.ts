import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkingCalendar } from '../calendar/index.js';
import { parsePlanFile } from './plan-file.js';
import { caseInstances, caseStepOf } from './cases.js';

const seed = () => {
  const r = parsePlanFile(readFileSync(join(process.cwd(), 'plans', 'ha-giang-2023.yaml'), 'utf8'), 'plans/ha-giang-2023.yaml');
  if (!r.ok) throw new Error('seed plan invalid');
  return r.plan;
};
const cal = WorkingCalendar.vietnam();
const vn = (local: string) => new Date(`${local}+07:00`);

describe('child-abuse case clock', () => {
  it('finds the seed plan step I04.2 and its policy: 12 h to the chairman, plan in 5 working days approved by the chairman', () => {
    const { step, policy } = caseStepOf(seed());
    expect(step.id).toBe('I04.2');
    expect(policy).toMatchObject({ emergencyInterventionH: 12, to: 'chairman', planDraftingWd: 5, planApprover: 'chairman' });
  });

  it('a report on Friday 28/04/2023 at 20:00: the emergency runs in calendar hours into the holidays; the plan skips 29/4–3/5', () => {
    const [emergency, plan] = caseInstances(seed(), cal, { caseId: 'VV01', reportedAtPlan: vn('2023-04-28T20:00:00'), unit: 'thon_03' });
    expect(emergency).toMatchObject({
      key: 'I04.2-VV01-khan-cap',
      assignee: 'chairman',
      approver: null,
      unit: 'thon_03',
      due: '2023-04-29',
    });
    expect(emergency.dueAt.toISOString()).toBe(vn('2023-04-29T08:00:00').toISOString());
    // Working days after Fri 28/04: 29/4–3/5 are off (Sat, Sun, 30/4, 1/5 and the swapped days), so Thu 4/5 is the 1st.
    expect(plan).toMatchObject({ key: 'I04.2-VV01-ke-hoach', assignee: 'officer_ldtbxh', approver: 'chairman', due: '2023-05-10' });
    expect(cal.workingDaysBetween('2023-04-28', plan.due)).toBe(5);
    expect(plan.dueAt.toISOString()).toBe(cal.deadlineInstant(plan.due).toISOString());
  });

  it('a report on Saturday 06/05/2023: Monday 08/05 is day 1, so the plan is due Friday 12/05', () => {
    const [, plan] = caseInstances(seed(), cal, { caseId: 'VV02', reportedAtPlan: vn('2023-05-06T03:00:00'), unit: null });
    expect(plan.due).toBe('2023-05-12');
  });

  it('refuses a plan without a case step', () => {
    const p = seed();
    p.items = p.items.map((i) => ({ ...i, steps: i.steps.filter((s) => !s.trigger) }));
    expect(() => caseStepOf(p)).toThrow(/case_reported/);
  });
});
