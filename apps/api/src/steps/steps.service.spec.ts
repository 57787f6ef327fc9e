import { describe, expect, it } from '@jest/globals';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { EvidenceRepository, PlanRepository, StaffRepository, StepRepository, StepTextRepository } from '#libs/database/src/index.js';
import { planFactory } from '../../../../test/factories/plan.factory.js';
import { fake, planRowFactory, stepRowFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { ActorRolesService } from '../auth/actor-roles.service.js';
import { APP_CONFIG } from '#libs/config/src/index.js';
import { RetryLaterError } from '#libs/domain/src/index.js';
import { StepsService, toDomainError } from './steps.service.js';

const step = stepRowFactory({ planId: 'TEST-STEPS', stepId: 'I99.1', workflowId: 'step-TEST-STEPS-I99.1', state: 'submitted' });
const by = { kind: 'user', userId: 'u-2', name: 'Phó Chủ tịch', email: 'pct@test.example.org' };

async function steps(
  o: {
    updateFails?: unknown;
    updateHangs?: boolean;
    updateTimeoutMs?: number;
    lastVersion?: number;
    submitter?: string;
    approverHeld?: string[];
  } = {},
) {
  const updates: { name: string; arg: Record<string, unknown> }[] = [];
  const temporal = {
    withDeadline: <R>(_deadline: number, fn: () => Promise<R>) => fn(),
    workflow: {
      getHandle: (id: string) => ({
        executeUpdate: async (def: { name: string }, options: { args: [Record<string, unknown>] }) => {
          if (o.updateFails) throw o.updateFails;
          if (o.updateHangs) return new Promise(() => undefined);
          updates.push({ name: `${id}:${def.name}`, arg: options.args[0] });
          return 'ok';
        },
      }),
    },
  };
  const service = await unitUnderTest(StepsService, [
    [Client, temporal],
    ...(o.updateTimeoutMs ? [[APP_CONFIG, { temporal: { updateTimeoutMs: o.updateTimeoutMs } }] as [string, unknown]] : []),
    [
      ActorRolesService,
      fake<ActorRolesService>({
        signedForStep: async (_a: unknown, _s: unknown, duty: string) => ({
          role: duty === 'approver' ? 'vice_chair_vhxh' : 'officer_ldtbxh',
          by,
        }),
        held: async () => (o.approverHeld ?? ['vice_chair_vhxh']).map((roleKey) => ({ roleKey, unitId: null })),
      }),
    ],
    [
      StepRepository,
      fake<StepRepository>({
        find: async (_p: string, id: string) => (id === step.stepId ? step : undefined),
        lastSubmission: async () => ({
          seq: 3,
          actor: 'officer_ldtbxh',
          version: o.lastVersion ?? 1,
          note: null,
          evidence: null,
          actedBy: o.submitter ? { kind: 'user', userId: o.submitter, name: 'x', email: 'x@test.example.org' } : null,
        }),
      }),
    ],
    [
      EvidenceRepository,
      fake<EvidenceRepository>({
        forStep: async (_p: string, _s: string, ids: string[]) => ids.filter((i) => i.startsWith('ok-')).map((id) => ({ id })),
      }),
    ],
    [StaffRepository, fake<StaffRepository>({ membershipsOfHolders: async () => [], currentHolders: async () => [] })],
    [
      StepTextRepository,
      fake<StepTextRepository>({
        store: async (_p: string, _s: string, kind: string, body: string | undefined) => (body ? `${kind}-ref` : body),
      }),
    ],
    [
      PlanRepository,
      fake<PlanRepository>({
        find: async (id: string) => (id === step.planId ? planRowFactory(planFactory({ id: step.planId })) : undefined),
      }),
    ],
  ]);
  return { service, updates };
}

describe('StepsService', () => {
  it('sends an approval as the approving role, signed with who acts, the note by reference', async () => {
    const { service, updates } = await steps();
    const view = await service.approve({ role: 'vice_chair_vhxh', userId: 'u-2' }, step.planId, step.stepId, 'Đồng ý');
    expect(view).toMatchObject({ stepId: step.stepId });
    expect(updates).toEqual([{ name: 'step-TEST-STEPS-I99.1:approveStep', arg: { actor: 'vice_chair_vhxh', note: 'note-ref', by } }]);
  });

  it('gives up on an Update Temporal does not answer within TEMPORAL_UPDATE_TIMEOUT_MS: UPDATE_TIMED_OUT, to retry after a few seconds', async () => {
    const { service } = await steps({ updateHangs: true, updateTimeoutMs: 1000 });
    const started = Date.now();
    const err = await service.approve({ role: 'vice_chair_vhxh', userId: 'u-2' }, step.planId, step.stepId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryLaterError);
    expect(err).toMatchObject({ code: 'UPDATE_TIMED_OUT', retryAfterSeconds: 1 });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses an approval for evidence a later submission replaced, and one by the person who submitted', async () => {
    await expect(
      (await steps({ lastVersion: 2 })).service.approve({ role: 'vice_chair_vhxh' }, step.planId, step.stepId, undefined, 1),
    ).rejects.toMatchObject({ code: 'EVIDENCE_SUPERSEDED' });
    const self = await steps({ submitter: 'u-2' });
    await expect(self.service.approve({ role: 'vice_chair_vhxh', userId: 'u-2' }, step.planId, step.stepId)).rejects.toMatchObject({
      code: expect.stringMatching(/SELF/),
    });
    expect(self.updates).toEqual([]);
  });

  it('refuses files not uploaded to the step on the field fileIds, before anything is sent', async () => {
    const { service, updates } = await steps();
    await expect(
      service.submit({ role: 'officer_ldtbxh' }, step.planId, step.stepId, { note: 'Xong', fileIds: ['ok-1', 'lost-2'] }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fileIds: expect.stringContaining('lost-2') },
    });
    expect(updates).toEqual([]);
  });

  it('answers an unknown step with STEP_NOT_FOUND', async () => {
    await expect((await steps()).service.cancel({ role: 'chairman' }, step.planId, 'I99.404', 'Hủy')).rejects.toMatchObject({
      code: 'STEP_NOT_FOUND',
    });
  });

  it("turns the workflow's refusal into its domain code, and a missing workflow into not started or not open", () => {
    const refused = new WorkflowUpdateFailedError('refused', ApplicationFailure.nonRetryable('Reason required', 'REJECT_REASON_REQUIRED'));
    expect(toDomainError(refused, step)).toMatchObject({ code: 'REJECT_REASON_REQUIRED' });
    const gone = new WorkflowNotFoundError('gone', step.workflowId, undefined);
    expect(toDomainError(gone, { ...step, seq: 0 })).toMatchObject({ code: 'STEP_NOT_STARTED' });
    expect(toDomainError(gone, { ...step, state: 'completed' })).toMatchObject({ code: 'STEP_NOT_OPEN' });
    const other = new Error('boom');
    expect(toDomainError(other, step)).toBe(other);
  });
});
