import { describe, expect, it } from '@jest/globals';
import { endOfLocalDay } from './local-date.js';
import { applyStepTransition, type StepFields, type StepTransition } from './step-transition.js';

// Due 07/04/2023, i.e. 2023-04-07T17:00:00Z in plan time. The rehearsal runs in 2026 real time.
const dueAtPlan = endOfLocalDay('2023-04-07');
const assigned = (over: Partial<StepFields> = {}): StepFields => ({
  state: 'assigned',
  overdue: false,
  bucket: 'open_on_time',
  dueAtPlan,
  submittedAt: null,
  submittedAtPlan: null,
  completedAt: null,
  completedAtPlan: null,
  ...over,
});
const at = (plan: string, real: string) => ({ plan: new Date(plan), real: new Date(real) });
const run = (start: StepFields, ...moves: [StepTransition, { plan: Date; real: Date }][]) =>
  moves.reduce((cur, [t, now]) => applyStepTransition(cur, t, now), start);

const submit: StepTransition = { kind: 'submitted', actor: 'finance_officer', note: 'dự toán' };
const approve: StepTransition = { kind: 'approved', actor: 'vice_chair_vhxh' };
const reject: StepTransition = { kind: 'returned', actor: 'vice_chair_vhxh', reason: 'thiếu bảng tính' };

describe('applyStepTransition', () => {
  it('records the submission instants and keeps the step open', () => {
    const now = at('2023-04-05T03:00:00Z', '2026-01-05T02:00:05Z');
    const next = applyStepTransition(assigned(), submit, now);
    expect(next.state).toBe('submitted');
    expect(next.submittedAt).toEqual(now.real);
    expect(next.submittedAtPlan).toEqual(now.plan);
    expect(next.completedAtPlan).toBeNull();
    expect(next.bucket).toBe('open_on_time');
  });

  it('completes on time when the approved submission was before the due instant, though approved after it', () => {
    const submittedAt = at('2023-04-07T10:00:00Z', '2026-01-05T02:00:10Z');
    const approvedAt = at('2023-04-10T02:00:00Z', '2026-01-05T02:00:30Z');
    const done = run(assigned(), [submit, submittedAt], [approve, approvedAt]);
    expect(done.state).toBe('completed');
    expect(done.completedAtPlan).toEqual(submittedAt.plan);
    expect(done.completedAt).toEqual(submittedAt.real);
    expect(done.bucket).toBe('completed_on_time');
  });

  it('completes on time for a submission exactly at 24:00 of the due day', () => {
    const done = run(
      assigned(),
      [submit, { plan: dueAtPlan, real: new Date('2026-01-05T02:00:16Z') }],
      [approve, at('2023-04-09T02:00:00Z', '2026-01-05T02:00:20Z')],
    );
    expect(done.bucket).toBe('completed_on_time');
  });

  it('completes late when the submission was after the due instant', () => {
    const lateSubmission = at('2023-04-08T01:00:00Z', '2026-01-05T02:00:17Z');
    const done = run(assigned(), [submit, lateSubmission], [approve, at('2023-04-08T02:00:00Z', '2026-01-05T02:00:18Z')]);
    expect(done.completedAtPlan).toEqual(lateSubmission.plan);
    expect(done.bucket).toBe('completed_late');
  });

  it('clears the submission when the step is returned, and counts it as not completed', () => {
    const submitted = run(assigned(), [submit, at('2023-04-05T03:00:00Z', '2026-01-05T02:00:05Z')]);
    const returned = applyStepTransition(submitted, reject, at('2023-04-06T03:00:00Z', '2026-01-05T02:00:06Z'));
    expect(returned.state).toBe('returned');
    expect(returned.submittedAt).toBeNull();
    expect(returned.submittedAtPlan).toBeNull();
    expect(returned.completedAtPlan).toBeNull();
    expect(returned.bucket).toBe('open_on_time');
    expect(applyStepTransition(returned, { kind: 'overdue' }, at('2023-04-08T00:00:00Z', '2026-01-05T02:00:16Z')).bucket).toBe(
      'open_overdue',
    );
  });

  it('takes the completion from the resubmission after a return, not from the first submission', () => {
    const first = at('2023-04-05T03:00:00Z', '2026-01-05T02:00:05Z');
    const resubmitted = at('2023-04-09T03:00:00Z', '2026-01-05T02:00:19Z');
    const done = run(
      assigned(),
      [submit, first],
      [reject, at('2023-04-06T03:00:00Z', '2026-01-05T02:00:06Z')],
      [submit, resubmitted],
      [approve, at('2023-04-09T04:00:00Z', '2026-01-05T02:00:20Z')],
    );
    expect(done.completedAtPlan).toEqual(resubmitted.plan);
    expect(done.bucket).toBe('completed_late');
  });

  it('marks an open step overdue and puts it in open_overdue', () => {
    const next = applyStepTransition(assigned(), { kind: 'overdue' }, { plan: dueAtPlan, real: new Date('2026-01-05T02:00:16Z') });
    expect(next.overdue).toBe(true);
    expect(next.state).toBe('assigned');
    expect(next.bucket).toBe('open_overdue');
  });

  it('does not mark a completed step overdue, nor change its bucket', () => {
    const done = run(
      assigned(),
      [submit, at('2023-04-05T03:00:00Z', '2026-01-05T02:00:05Z')],
      [approve, at('2023-04-06T03:00:00Z', '2026-01-05T02:00:06Z')],
    );
    const next = applyStepTransition(done, { kind: 'overdue' }, at('2023-04-08T00:00:00Z', '2026-01-05T02:00:16Z'));
    expect(next.overdue).toBe(false);
    expect(next.state).toBe('completed');
    expect(next.bucket).toBe('completed_on_time');
  });

  it('keeps the overdue mark of a step that was late before it was completed', () => {
    const late = applyStepTransition(assigned(), { kind: 'overdue' }, { plan: dueAtPlan, real: new Date('2026-01-05T02:00:16Z') });
    const again = applyStepTransition(
      { ...late, state: 'completed', completedAtPlan: dueAtPlan },
      { kind: 'overdue' },
      { plan: dueAtPlan, real: new Date('2026-01-05T02:00:17Z') },
    );
    expect(again.overdue).toBe(true);
  });

  it('does not change the row it is given', () => {
    const cur = assigned();
    const copy = structuredClone(cur);
    applyStepTransition(cur, submit, at('2023-04-05T03:00:00Z', '2026-01-05T02:00:05Z'));
    expect(cur).toEqual(copy);
  });
});
