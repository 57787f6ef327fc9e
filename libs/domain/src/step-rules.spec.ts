import { describe, expect, it } from '@jest/globals';
import { ERROR_CODES } from './errors.js';
import type { StepState } from './status.js';
import {
  checkApprove,
  checkReassignSeparation,
  checkReject,
  checkSelfApproval,
  checkSubmit,
  completesOnSubmit,
  type StepParties,
} from './step-rules.js';

const withApproval: StepParties = { assignee: 'finance_officer', approver: 'vice_chair_vhxh' };
const noApproval: StepParties = { assignee: 'office_officer', approver: null };
const standing = (state: StepState, busy = false) => ({ state, busy });

describe('checkSubmit', () => {
  it('allows the assignee to submit an assigned step with a note', () => {
    expect(checkSubmit(withApproval, standing('assigned'), 'finance_officer', 'dự toán đã lập')).toBeNull();
  });

  it('allows a returned step to be submitted again', () => {
    expect(checkSubmit(withApproval, standing('returned'), 'finance_officer', 'đã bổ sung')).toBeNull();
  });

  it('requires an actor', () => {
    expect(checkSubmit(withApproval, standing('assigned'), undefined, 'x')?.code).toBe('ACTOR_REQUIRED');
    expect(checkSubmit(withApproval, standing('assigned'), '', 'x')?.code).toBe('ACTOR_REQUIRED');
  });

  it('refuses anyone but the assignee, the approver included', () => {
    expect(checkSubmit(withApproval, standing('assigned'), 'vice_chair_vhxh', 'x')?.code).toBe('ACTOR_NOT_ASSIGNEE');
    expect(checkSubmit(withApproval, standing('assigned'), 'chairman', 'x')?.code).toBe('ACTOR_NOT_ASSIGNEE');
  });

  it('refuses while another change is in progress', () => {
    expect(checkSubmit(withApproval, standing('assigned', true), 'finance_officer', 'x')?.code).toBe('STEP_BUSY');
  });

  it('refuses a step that is already submitted or completed', () => {
    expect(checkSubmit(withApproval, standing('submitted'), 'finance_officer', 'x')?.code).toBe('STEP_NOT_OPEN');
    expect(checkSubmit(withApproval, standing('completed'), 'finance_officer', 'x')?.code).toBe('STEP_NOT_OPEN');
  });

  it('requires a non-blank evidence note', () => {
    for (const note of [undefined, '', '   ', '\n\t ']) {
      expect(checkSubmit(withApproval, standing('assigned'), 'finance_officer', note)?.code).toBe('EVIDENCE_NOTE_REQUIRED');
    }
  });

  it('names who may act in the refusal message', () => {
    expect(checkSubmit(withApproval, standing('assigned'), 'chairman', 'x')?.message).toContain('finance_officer');
  });
});

describe('checkApprove', () => {
  it('allows the approver to approve a submitted step', () => {
    expect(checkApprove(withApproval, standing('submitted'), 'vice_chair_vhxh')).toBeNull();
  });

  it('requires an actor', () => {
    expect(checkApprove(withApproval, standing('submitted'), undefined)?.code).toBe('ACTOR_REQUIRED');
  });

  it('refuses anyone but the approver, the assignee included', () => {
    expect(checkApprove(withApproval, standing('submitted'), 'finance_officer')?.code).toBe('ACTOR_NOT_APPROVER');
    expect(checkApprove(withApproval, standing('submitted'), 'chairman')?.code).toBe('ACTOR_NOT_APPROVER');
  });

  it('refuses everyone on a step without an approver', () => {
    expect(checkApprove(noApproval, standing('submitted'), 'office_officer')?.code).toBe('ACTOR_NOT_APPROVER');
    expect(checkApprove(noApproval, standing('submitted'), 'vice_chair_vhxh')?.code).toBe('ACTOR_NOT_APPROVER');
  });

  it('refuses while another change is in progress', () => {
    expect(checkApprove(withApproval, standing('submitted', true), 'vice_chair_vhxh')?.code).toBe('STEP_BUSY');
  });

  it('refuses a step that is not submitted', () => {
    for (const state of ['assigned', 'returned', 'completed'] as const) {
      expect(checkApprove(withApproval, standing(state), 'vice_chair_vhxh')?.code).toBe('STEP_NOT_SUBMITTED');
    }
  });
});

describe('checkReject', () => {
  it('allows the approver to return a submitted step with a reason', () => {
    expect(checkReject(withApproval, standing('submitted'), 'vice_chair_vhxh', 'thiếu bảng tính')).toBeNull();
  });

  it('requires a non-blank reason', () => {
    for (const reason of [undefined, '', '  ', '\t\n']) {
      expect(checkReject(withApproval, standing('submitted'), 'vice_chair_vhxh', reason)?.code).toBe('REJECT_REASON_REQUIRED');
    }
  });

  it('checks who acts and the standing before the reason', () => {
    expect(checkReject(withApproval, standing('submitted'), undefined, '')?.code).toBe('ACTOR_REQUIRED');
    expect(checkReject(withApproval, standing('submitted'), 'finance_officer', '')?.code).toBe('ACTOR_NOT_APPROVER');
    expect(checkReject(withApproval, standing('submitted', true), 'vice_chair_vhxh', '')?.code).toBe('STEP_BUSY');
    expect(checkReject(withApproval, standing('assigned'), 'vice_chair_vhxh', 'x')?.code).toBe('STEP_NOT_SUBMITTED');
  });
});

describe('refusal codes', () => {
  it('are all known error codes', () => {
    const refusals = [
      checkSubmit(withApproval, standing('assigned'), undefined, 'x'),
      checkSubmit(withApproval, standing('assigned'), 'chairman', 'x'),
      checkSubmit(withApproval, standing('assigned'), 'finance_officer', ''),
      checkApprove(withApproval, standing('assigned'), 'vice_chair_vhxh'),
      checkReject(withApproval, standing('submitted'), 'vice_chair_vhxh', ''),
    ];
    for (const r of refusals) expect(ERROR_CODES).toContain(r?.code);
  });
});

describe('completesOnSubmit', () => {
  it('is true only for a step without an approver', () => {
    expect(completesOnSubmit(noApproval)).toBe(true);
    expect(completesOnSubmit(withApproval)).toBe(false);
  });
});

describe('separation of duties', () => {
  const step = { ...withApproval, unitId: null };
  const caseStep = { assignee: 'officer_ldtbxh', approver: 'chairman', unitId: 'thon_03' };

  it('lets the approver approve what the assignee submitted', () => {
    expect(checkSelfApproval(step, { role: 'vice_chair_vhxh' }, { role: 'finance_officer' })).toBeNull();
    expect(
      checkSelfApproval(
        step,
        { role: 'vice_chair_vhxh', userId: 'u-b', held: [{ roleKey: 'vice_chair_vhxh', unitId: null }] },
        { role: 'finance_officer', userId: 'u-g' },
      ),
    ).toBeNull();
  });

  it('refuses an approval in the role the step is assigned to (roles compared when nobody signed in)', () => {
    expect(checkSelfApproval({ assignee: 'vice_chair_vhxh', approver: 'vice_chair_vhxh' }, { role: 'vice_chair_vhxh' })?.code).toBe(
      'SELF_APPROVAL',
    );
    expect(checkSelfApproval(step, { role: 'vice_chair_vhxh' }, { role: 'vice_chair_vhxh' })?.code).toBe('SELF_APPROVAL');
  });

  it('refuses a person who holds the assignee role too (an officer who is also acting vice-chairman)', () => {
    const held = [
      { roleKey: 'vice_chair_vhxh', unitId: null },
      { roleKey: 'finance_officer', unitId: null },
    ];
    const r = checkSelfApproval(step, { role: 'vice_chair_vhxh', userId: 'u-x', held }, { role: 'finance_officer', userId: 'u-x' });
    expect(r?.code).toBe('SELF_APPROVAL');
    // …even when a colleague in the same role submitted: the person was assigned the step.
    expect(
      checkSelfApproval(step, { role: 'vice_chair_vhxh', userId: 'u-x', held }, { role: 'finance_officer', userId: 'u-y' })?.code,
    ).toBe('SELF_APPROVAL');
  });

  it('refuses the person who submitted, whatever roles they hold now', () => {
    const held = [{ roleKey: 'vice_chair_vhxh', unitId: null }];
    expect(
      checkSelfApproval(step, { role: 'vice_chair_vhxh', userId: 'u-x', held }, { role: 'finance_officer', userId: 'u-x' })?.code,
    ).toBe('SELF_APPROVAL');
  });

  it('counts a village role only in its own village', () => {
    const heldElsewhere = [
      { roleKey: 'chairman', unitId: null },
      { roleKey: 'officer_ldtbxh', unitId: 'thon_05' },
    ];
    expect(checkSelfApproval(caseStep, { role: 'chairman', userId: 'u-a', held: heldElsewhere }, { role: 'officer_ldtbxh' })).toBeNull();
    const heldHere = [
      { roleKey: 'chairman', unitId: null },
      { roleKey: 'officer_ldtbxh', unitId: 'thon_03' },
    ];
    expect(checkSelfApproval(caseStep, { role: 'chairman', userId: 'u-a', held: heldHere }, { role: 'officer_ldtbxh' })?.code).toBe(
      'SELF_APPROVAL',
    );
  });

  it('never gives a step to the role that approves it: the vice-chairman, the chairman on a case support plan', () => {
    expect(checkReassignSeparation(step, 'vice_chair_vhxh')?.code).toBe('SELF_APPROVAL');
    expect(checkReassignSeparation(caseStep, 'chairman')?.code).toBe('SELF_APPROVAL');
    expect(checkReassignSeparation(step, 'officer_culture')).toBeNull();
    expect(checkReassignSeparation(noApproval, 'vice_chair_vhxh')).toBeNull();
  });

  it("nor to a role the approver's holder also holds", () => {
    const approverHolds = [
      { roleKey: 'vice_chair_vhxh', unitId: null },
      { roleKey: 'officer_culture', unitId: null },
    ];
    expect(checkReassignSeparation(step, 'officer_culture', approverHolds)?.code).toBe('SELF_APPROVAL');
    expect(checkReassignSeparation(step, 'justice_officer', approverHolds)).toBeNull();
  });

  it('says so with a code the API knows', () => {
    expect(ERROR_CODES).toContain('SELF_APPROVAL');
  });
});
