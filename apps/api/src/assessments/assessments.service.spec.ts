import { describe, expect, it } from '@jest/globals';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '#libs/config/src/index.js';
import {
  AssessmentRepository,
  EvidenceRepository,
  PlanRepository,
  StepRepository,
  type AssessmentRow,
  type NewStepRow,
} from '#libs/database/src/index.js';
import { planFactory, stepFactory } from '../../../../test/factories/plan.factory.js';
import { fake, fakeDataSource, fakeTemporal, planRowFactory, stepRowFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { ActorRolesService } from '../auth/actor-roles.service.js';
import { StepsService } from '../steps/steps.service.js';
import { AssessmentsService } from './assessments.service.js';

const spec = planFactory({ id: 'TEST-DG' }, [stepFactory({ id: 'I05.4', assignee: 'officer_ldtbxh', approval: 'chairman' })]);
spec.policies.childFriendlyAssessment = { step: 'I05.4', criteriaSet: 'qd-06-2019', communeClass: 'ordinary' };
const plain = planFactory({ id: 'TEST-NO-DG' });
const assessment = (over: Partial<AssessmentRow> = {}): AssessmentRow => ({
  planId: spec.id,
  assessmentId: 'DG2023',
  unitId: spec.issuer.id,
  year: 2023,
  criteriaSet: 'qd-06-2019',
  communeClass: 'ordinary',
  values: {},
  evidence: {},
  stepId: 'I05.4-DG2023',
  version: 1,
  submittedScore: null,
  createdBy: 'officer_ldtbxh',
  createdAt: new Date(),
  updatedAt: new Date(),
  ...over,
});

async function assessments(o: { stepState?: 'assigned' | 'submitted'; exists?: boolean } = {}) {
  const inserted: NewStepRow[] = [];
  const temporal = fakeTemporal();
  const rows = [spec, plain].map((s) => planRowFactory(s, { running: true }));
  const service = await unitUnderTest(AssessmentsService, [
    [DataSource, fakeDataSource()],
    [Client, temporal.client],
    [APP_CONFIG, { temporal: { taskQueue: 'q' } }],
    [ActorRolesService, fake<ActorRolesService>({ inPlan: async () => 'officer_ldtbxh' })],
    [StepsService, fake<StepsService>({})],
    [
      PlanRepository,
      fake<PlanRepository>({
        lock: async (_m: unknown, id: string) => rows.find((r) => r.id === id),
        find: async (id: string) => rows.find((r) => r.id === id),
      }),
    ],
    [
      StepRepository,
      fake<StepRepository>({
        insertMissing: async (_m: unknown, r: NewStepRow[]) => (inserted.push(...r), r.length),
        find: async () => stepRowFactory({ planId: spec.id, stepId: 'I05.4-DG2023', state: o.stepState ?? 'assigned' }),
      }),
    ],
    [
      AssessmentRepository,
      fake<AssessmentRepository>({
        insert: async () => !o.exists,
        find: async () => assessment(),
        lock: async () => assessment(),
        previous: async () => undefined,
      }),
    ],
    [EvidenceRepository, fake<EvidenceRepository>({ forStep: async () => [], listForStep: async () => [] })],
  ]);
  return { service, inserted, started: temporal.started };
}

describe('AssessmentsService', () => {
  it("opens the year's assessment: its step row due in November and the step workflow started with its timeline", async () => {
    const { service, inserted, started } = await assessments();
    await service.create({ role: 'officer_ldtbxh' }, spec.id, { year: 2023 }, new Date('2026-01-05T01:00:00Z')).catch(() => undefined);
    expect(inserted).toHaveLength(1);
    expect(inserted[0]).toMatchObject({
      stepId: 'I05.4-DG2023',
      assessmentId: 'DG2023',
      assignee: 'officer_ldtbxh',
      approver: 'chairman',
      dueDate: expect.stringMatching(/^2023-11-/),
    });
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ type: 'stepWorkflow', workflowId: 'step-TEST-DG-I05.4-DG2023' });
    expect(started[0].args[0]).toMatchObject({
      planId: spec.id,
      stepId: 'I05.4-DG2023',
      managers: expect.arrayContaining(['chairman']),
      timeline: expect.any(Array),
    });
  });

  it('starts nothing when the assessment of that year exists already', async () => {
    const { service, inserted, started } = await assessments({ exists: true });
    await service.create({ role: 'officer_ldtbxh' }, spec.id, { year: 2023 }).catch(() => undefined);
    expect([...inserted, ...started]).toEqual([]);
  });

  it('refuses a plan without the assessment policy and a year far from the plan year', async () => {
    const { service, inserted } = await assessments();
    await expect(service.create({ role: 'officer_ldtbxh' }, plain.id, { year: 2023 })).rejects.toMatchObject({
      code: 'ASSESSMENT_NOT_SUPPORTED',
    });
    await expect(service.create({ role: 'officer_ldtbxh' }, spec.id, { year: 2040 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { year: expect.stringContaining('2022 đến 2033') },
    });
    expect(inserted).toEqual([]);
  });

  it('refuses changes to an assessment waiting for approval', async () => {
    const { service } = await assessments({ stepState: 'submitted' });
    await expect(service.save({ role: 'officer_ldtbxh' }, spec.id, 'DG2023', { values: {} })).rejects.toMatchObject({
      code: 'ASSESSMENT_LOCKED',
    });
  });
});
