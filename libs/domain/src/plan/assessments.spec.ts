import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkingCalendar } from '../calendar/index.js';
import { assessmentIdFor, assessmentInstance, assessmentStepOf } from './assessments.js';
import { parsePlanFile } from './plan-file.js';
import { instanceTimeline } from './timeline.js';

const SEED_TEXT = readFileSync(join(process.cwd(), 'plans', 'ha-giang-2023.yaml'), 'utf8');
const seed = () => {
  const r = parsePlanFile(SEED_TEXT, 'plans/ha-giang-2023.yaml');
  if (!r.ok) throw new Error('seed plan invalid');
  return r.plan;
};
const cal = WorkingCalendar.vietnam();
/** The seed with its assessment policy line replaced. */
const withPolicy = (line: string) => SEED_TEXT.replace(/^ {2}child_friendly_assessment: .*$/m, line);

describe('child-friendly commune assessment step', () => {
  it('is drafted in the seed step I05.4: the officer drafts, the vice-chairman approves, scored by QĐ 06 for an ordinary commune', () => {
    const { step, policy } = assessmentStepOf(seed());
    expect(step).toMatchObject({ id: 'I05.4', assignee: 'officer_ldtbxh', approval: 'vice_chair_vhxh' });
    expect(policy).toEqual({ step: 'I05.4', criteriaSet: 'qd-06-2019', communeClass: 'ordinary' });
  });

  it('for 2024 is due the last working day of November (Fri 29/11/2024), opens on the first of October, reminded before', () => {
    const plan = seed();
    const inst = assessmentInstance(plan, cal, 2024);
    expect(assessmentIdFor(2024)).toBe('DG2024');
    expect(inst).toMatchObject({
      key: 'I05.4-DG2024',
      stepId: 'I05.4',
      itemId: 'I05',
      assignee: 'officer_ldtbxh',
      approver: 'vice_chair_vhxh',
      due: '2024-11-29',
      start: '2024-10-01',
    });
    expect(inst.dueAt.toISOString()).toBe(cal.deadlineInstant('2024-11-29').toISOString());
    const reminders = instanceTimeline(plan, cal, inst).filter((e) => e.kind === 'reminder');
    expect(reminders.map((e) => e.date)).toEqual(plan.policies.remindersBeforeWd.map((wd) => cal.add('2024-11-29', wd)));
    expect(reminders.every((e) => e.date <= '2024-11-29' && e.to === 'officer_ldtbxh')).toBe(true);
    // 30/11/2029 is a Friday; 30/11/2025 a Sunday, so the deadline moves back to Friday 28/11.
    expect(assessmentInstance(plan, cal, 2029).due).toBe('2029-11-30');
    expect(assessmentInstance(plan, cal, 2025).due).toBe('2025-11-28');
  });

  it('refuses a plan without the policy', () => {
    const p = seed();
    delete p.policies.childFriendlyAssessment;
    expect(() => assessmentStepOf(p)).toThrow(/child_friendly_assessment/);
  });

  it('the plan file names a step that exists, has an approval and is the commune’s own, and a known class', () => {
    const errorsOf = (line: string) => {
      const r = parsePlanFile(withPolicy(line), 'p.yaml');
      return r.ok ? [] : r.errors.map((e) => `${e.line}:${e.col} ${e.message}`);
    };
    const lineNo = SEED_TEXT.split('\n').findIndex((l) => l.startsWith('  child_friendly_assessment:')) + 1;
    expect(errorsOf('  child_friendly_assessment: {step: I05.5, commune_class: ordinary}')).toEqual([
      expect.stringMatching(new RegExp(`^${lineNo}:\\d+ bước "I05.5" không có trong kế hoạch; có phải là "I\\d\\d\\.\\d"\\?`)),
    ]);
    expect(errorsOf('  child_friendly_assessment: {step: I05.2, commune_class: ordinary}')).toEqual([
      expect.stringContaining('bước I05.2 không có người phê duyệt (approval)'),
    ]);
    expect(errorsOf('  child_friendly_assessment: {step: I06.1, commune_class: ordinary}')).toEqual([
      expect.stringContaining('lặp lại theo từng đơn vị (fan_out)'),
    ]);
    expect(errorsOf('  child_friendly_assessment: {step: I05.4, commune_class: mountain}')).toEqual([
      expect.stringContaining('"mountain" không phải là một trong "ordinary", "difficult", "urban_ward"'),
    ]);
    expect(errorsOf('  child_friendly_assessment: {step: I05.4, criteria: qd-06-2091, commune_class: ordinary}')).toEqual([
      expect.stringContaining('bộ tiêu chí "qd-06-2091" không có trong hệ thống; có phải là "qd-06-2019"?'),
    ]);
    expect(errorsOf('  child_friendly_assessment: {step: I05.4, commune_class: difficult}')).toEqual([]);
  });
});
