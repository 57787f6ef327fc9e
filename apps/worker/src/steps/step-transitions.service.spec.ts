import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import type { RecordTransitionInput } from '#libs/contracts/src/index.js';
import {
  ActionLinkRepository,
  AssessmentRepository,
  EvidenceRepository,
  OutboxRepository,
  RunningPlans,
  StepRepository,
  StepTextRepository,
  type OutboxMail,
  type RoleRow,
  type StepRow,
} from '#libs/database/src/index.js';
import { planFactory, stepFactory } from '../../../../test/factories/plan.factory.js';
import { fake, fakeDataSource, planRowFactory, stepRowFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { WALL_CLOCK } from '../wall-clock.js';
import { StepMailComposer } from './step-mail.composer.js';
import { StepTransitionsService } from './step-transitions.service.js';

const spec = planFactory({ id: 'TEST-TRANSITIONS' }, [stepFactory({ id: 'I99.1', due: '2023-04-14' })]);
const plan = planRowFactory(spec, { running: true });
const roles = new Map<string, RoleRow>(
  Object.values(spec.roles).map((r) => [
    r.key,
    { roleKey: r.key, title: r.title, person: r.person, email: r.email, supervisor: r.supervisor ?? null },
  ]),
);
// Plan time 2023-04-03 00:00 local at real 2026-01-05T01:00Z, speed 1: a day later in real time is 2023-04-04 in plan time.
const now = new Date('2026-01-06T03:00:00Z');

async function transitions(o: { recorded?: boolean; stepMissing?: boolean } = {}) {
  const step: StepRow & { lastHash: string | null } = {
    ...stepRowFactory({ planId: spec.id, stepId: 'I99.1', dueDate: '2023-04-14' }),
    lastHash: 'h0',
  };
  const updates: unknown[] = [];
  const events: Record<string, unknown>[] = [];
  const queued: OutboxMail[] = [];
  const service = await unitUnderTest(StepTransitionsService, [
    [DataSource, fakeDataSource()],
    [StepMailComposer, new StepMailComposer('http://dondoc.test')],
    [
      StepRepository,
      fake<StepRepository>({
        lockWithLastHash: async () => (o.stepMissing ? undefined : step),
        lock: async () => ({ ...step, state: 'submitted', submittedAtPlan: new Date('2023-04-03T03:00:00Z') }),
        nextEvidenceVersion: async () => 2,
        appendEvent: async (_m: unknown, _p: string, _s: string, e: Record<string, unknown>, lastHash: string) => (
          events.push({ ...e, lastHash }),
          !o.recorded
        ),
        updateInto: (_batch: unknown, _cur: unknown, next: unknown) => void updates.push(next),
      }),
    ],
    [
      OutboxRepository,
      fake<OutboxRepository>({
        enqueueInto: (_batch: unknown, mail: OutboxMail) => void queued.push(mail),
        keysWithPrefix: async (_m: unknown, prefix: string) => [`${prefix}earlier`],
      }),
    ],
    [EvidenceRepository, fake<EvidenceRepository>({ forStep: async () => [{ id: 'f1', name: 'bien-ban.pdf', sha256: 'abc', size: 10 }] })],
    [ActionLinkRepository, fake<ActionLinkRepository>({ insertInto: () => undefined })],
    [AssessmentRepository, fake<AssessmentRepository>({})],
    [StepTextRepository, fake<StepTextRepository>({ resolve: async (_m: unknown, _p: string, _s: string, t: unknown) => t })],
    [RunningPlans, fake<RunningPlans>({ running: async () => ({ plan, roles }) })],
    [WALL_CLOCK, () => now],
  ]);
  return { service, updates, events, queued };
}

const submission: RecordTransitionInput = {
  planId: spec.id,
  stepId: 'I99.1',
  seq: 3,
  transition: { kind: 'submitted', actor: 'officer_ldtbxh', note: 'Đã xong', fileIds: ['f1'] },
  by: { kind: 'user', userId: 'u-1', name: 'Người officer_ldtbxh', email: 'officer-ldtbxh@test.example.org' },
};

describe('StepTransitionsService', () => {
  it('records a submission: the audit event chained to the last hash with its evidence version, the step submitted, the approver mailed', async () => {
    const { service, updates, events, queued } = await transitions();
    const r = await service.record(submission);
    expect(events).toEqual([
      expect.objectContaining({
        seq: 3,
        kind: 'submitted',
        actor: 'officer_ldtbxh',
        note: 'Đã xong',
        lastHash: 'h0',
        actedBy: submission.by,
        evidence: { version: 2, links: [], files: [{ id: 'f1', name: 'bien-ban.pdf', sha256: 'abc', size: 10 }] },
      }),
    ]);
    expect(updates).toEqual([expect.objectContaining({ state: 'submitted', submittedAt: now })]);
    expect(queued.length).toBeGreaterThan(0);
    expect(queued.map((m) => m.toAddress)).toContain(spec.roles.vice_chair_vhxh.email);
    // The mail opens the step in the web app: its plan page with the step's drawer.
    const toApprover = queued.find((m) => m.toAddress === spec.roles.vice_chair_vhxh.email)!;
    expect(toApprover.html).toContain('href="http://dondoc.test/app/ke-hoach/TEST-TRANSITIONS/buoc/I99.1"');
    expect(toApprover.text).toContain('http://dondoc.test/app/ke-hoach/TEST-TRANSITIONS/buoc/I99.1');
    expect(toApprover.html).not.toContain('/plans/TEST-TRANSITIONS/steps/');
    expect(r.mailKeys).toEqual(queued.map((m) => m.idempotencyKey));
    // The approval SLA (2 working days) runs from the submission's plan day, Tuesday 2023-04-04.
    expect(r.approvalEscalation).toMatchObject({ to: 'chairman', date: '2023-04-07' });
  });

  it('records a transition seen before only once: the earlier mail keys again, nothing written', async () => {
    const { service, updates, queued } = await transitions({ recorded: true });
    const r = await service.record(submission);
    expect(updates).toEqual([]);
    expect(queued).toEqual([]);
    expect(r.mailKeys).toEqual([`${spec.id}:I99.1:3:earlier`]);
  });

  it("marks what a timer does as the system's act, and fails for good on a step without a row", async () => {
    const { service, events } = await transitions();
    await service.record({ planId: spec.id, stepId: 'I99.1', seq: 4, transition: { kind: 'overdue' } });
    expect(events[0]).toMatchObject({ kind: 'overdue', actedBy: { kind: 'system' } });
    await expect((await transitions({ stepMissing: true })).service.record(submission)).rejects.toMatchObject({
      type: 'STEP_NOT_FOUND',
      nonRetryable: true,
    });
  });
});
