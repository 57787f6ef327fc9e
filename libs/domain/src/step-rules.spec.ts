import { describe, expect, it } from '@jest/globals';
import { ERROR_CODES } from './errors.js';
import type { StepState } from './status.js';
import { checkApprove, checkReject, checkSubmit, completesOnSubmit, type StepParties } from './step-rules.js';

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
