import { describe, expect, it } from '@jest/globals';
import {
  changedAttributes,
  DONDOC_ASSIGNEE,
  DONDOC_DUE_DATE,
  DONDOC_STATE,
  localDayStart,
  stepSearchAttributes,
  stepStateAttribute,
} from './search-attributes.js';
import type { StepLiveState, StepWorkflowInput } from './step.contracts.js';

const input: StepWorkflowInput = {
  planId: 'P',
  stepId: 'I01.4-thon_01',
  assignee: 'village_head',
  approver: 'vice_chair',
  dueAtReal: '2023-04-07T16:59:59.999Z',
  dueDate: '2023-04-07',
  unit: 'thon_01',
};
const live: StepLiveState = { state: 'assigned', overdue: false, seq: 1, busy: false, next: 0 };
const value = (pairs: ReturnType<typeof stepSearchAttributes>, name: string) => pairs.find((p) => p.key.name === name)?.value;

describe("a step workflow's search attributes", () => {
  it('says overdue only while the assignee still owes the result', () => {
    expect(stepStateAttribute({ state: 'assigned', overdue: true })).toBe('overdue');
    expect(stepStateAttribute({ state: 'returned', overdue: true })).toBe('overdue');
    expect(stepStateAttribute({ state: 'submitted', overdue: true })).toBe('submitted');
    expect(stepStateAttribute({ state: 'completed', overdue: true })).toBe('completed');
    expect(stepStateAttribute({ state: 'assigned', overdue: false })).toBe('assigned');
  });

  it('carries plan, step, village, state, assignee and the due date as 00:00 in Hà Nội; an extension and a reassignment move them', () => {
    const first = stepSearchAttributes(input, live);
    expect(Object.fromEntries(first.map((p) => [p.key.name, p.value instanceof Date ? p.value.toISOString() : p.value]))).toEqual({
      DondocPlanId: 'P',
      DondocStepId: 'I01.4-thon_01',
      DondocUnit: 'thon_01',
      DondocState: 'assigned',
      DondocAssignee: 'village_head',
      DondocDueDate: '2023-04-06T17:00:00.000Z',
    });
    const later = stepSearchAttributes(input, { ...live, extendedDue: '2023-04-14', assignee: 'officer' });
    expect((value(later, DONDOC_DUE_DATE.name) as Date).toISOString()).toBe('2023-04-13T17:00:00.000Z');
    expect(value(later, DONDOC_ASSIGNEE.name)).toBe('officer');
    expect(
      changedAttributes(first, later)
        .map((p) => p.key.name)
        .sort(),
    ).toEqual(['DondocAssignee', 'DondocDueDate']);
    expect(changedAttributes(first, stepSearchAttributes(input, live))).toEqual([]);
    expect(changedAttributes([], first)).toHaveLength(6);
  });

  it('names the commune when the step has no village, and leaves out a due date it cannot read', () => {
    const pairs = stepSearchAttributes({ ...input, unit: undefined, dueDate: undefined }, { ...live, state: 'completed' });
    expect(value(pairs, 'DondocUnit')).toBe('commune');
    expect(value(pairs, DONDOC_STATE.name)).toBe('completed');
    expect(pairs.some((p) => p.key.name === 'DondocDueDate')).toBe(false);
    expect(localDayStart('07/04/2023')).toBeUndefined();
    expect(localDayStart('2023-02-30')).toBeUndefined();
    expect(localDayStart('2024-02-29')?.toISOString()).toBe('2024-02-28T17:00:00.000Z');
  });
});
