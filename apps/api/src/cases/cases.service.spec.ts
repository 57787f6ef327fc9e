import { describe, expect, it } from '@jest/globals';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '#libs/config/src/index.js';
import { CaseRepository, PlanRepository, StepRepository, type NewStepRow } from '#libs/database/src/index.js';
import { planFactory, stepFactory } from '../../../../test/factories/plan.factory.js';
import { fake, fakeDataSource, fakeTemporal, planRowFactory, stepRowFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { ActorRolesService } from '../auth/actor-roles.service.js';
import { CasesService, caseKpis } from './cases.service.js';

const caseStep = stepFactory({ id: 'I04.2', trigger: 'case_reported', approval: 'chairman' });
const withCases = planFactory({ id: 'TEST-CASES' }, [caseStep]);
withCases.policies.childAbuseCase = { emergencyInterventionH: 12, to: 'chairman', planDraftingWd: 5, planApprover: 'chairman' };
const withoutCases = planFactory({ id: 'TEST-NO-CASES' });
const config = { temporal: { taskQueue: 'test-queue' } };

async function cases(o: { running?: boolean; alreadyStarted?: boolean } = {}) {
  const inserted: NewStepRow[] = [];
  const temporal = fakeTemporal(o.alreadyStarted ? ['case-TEST-CASES-VV01'] : []);
  const rows = [withCases, withoutCases].map((s) => planRowFactory(s, { running: o.running ?? true }));
  const service = await unitUnderTest(CasesService, [
    [DataSource, fakeDataSource()],
    [Client, temporal.client],
    [APP_CONFIG, config],
    [ActorRolesService, fake<ActorRolesService>({ inPlan: async () => 'officer_ldtbxh' })],
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
        forCase: async () => [],
      }),
    ],
    [
      CaseRepository,
      fake<CaseRepository>({
        nextId: async () => 'VV01',
        insert: async () => undefined,
        list: async () => [],
        find: async (planId: string, caseId: string) => ({
          planId,
          caseId,
          unitId: 'thon_01',
          summary: 'Trẻ bị bạo hành',
          reportedBy: 'officer_ldtbxh',
          reportedAtPlan: new Date(),
        }),
      }),
    ],
  ]);
  return { service, inserted, started: temporal.started };
}

describe('CasesService', () => {
  it('writes the two steps of a case (the 12-hour emergency and the support plan) and starts its workflow', async () => {
    const { service, inserted, started } = await cases();
    const c = await service.report({ role: 'officer_ldtbxh' }, withCases.id, { summary: '  Trẻ bị bạo hành ', unitId: 'thon_01' });
    expect(c).toMatchObject({ caseId: 'VV01', workflowId: 'case-TEST-CASES-VV01' });
    expect(inserted.map((r) => [r.stepId, r.assignee, r.approver, r.caseId])).toEqual([
      ['I04.2-VV01-khan-cap', 'chairman', null, 'VV01'],
      ['I04.2-VV01-ke-hoach', caseStep.assignee, 'chairman', 'VV01'],
    ]);
    expect(started).toEqual([
      { type: 'caseWorkflow', workflowId: 'case-TEST-CASES-VV01', args: [{ planId: withCases.id, caseId: 'VV01' }] },
    ]);
  });

  it('reports again without failing when the case workflow already runs', async () => {
    const { service, started } = await cases({ alreadyStarted: true });
    await expect(service.report({ role: 'officer_ldtbxh' }, withCases.id, { summary: 'x' })).resolves.toMatchObject({ caseId: 'VV01' });
    expect(started).toEqual([]);
  });

  it('refuses a village of another plan, a plan without a case step and a plan not running, writing nothing', async () => {
    const a = await cases();
    await expect(a.service.report({ role: 'officer_ldtbxh' }, withCases.id, { summary: 'x', unitId: 'thon_99' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { unitId: expect.any(String) },
    });
    await expect(a.service.report({ role: 'officer_ldtbxh' }, withoutCases.id, { summary: 'x' })).rejects.toMatchObject({
      code: 'CASE_NOT_SUPPORTED',
    });
    const b = await cases({ running: false });
    await expect(b.service.report({ role: 'officer_ldtbxh' }, withCases.id, { summary: 'x' })).rejects.toMatchObject({
      code: 'PLAN_NOT_RUNNING',
    });
    expect([...a.inserted, ...b.inserted, ...a.started, ...b.started]).toEqual([]);
  });

  it('counts the KPI of cases: support plans approved in time over cases reported', () => {
    const s = (caseId: string, approver: string | null, bucket: 'completed_on_time' | 'open_overdue') =>
      stepRowFactory({ caseId, approver, bucket });
    expect(
      caseKpis([
        s('VV01', null, 'completed_on_time'),
        s('VV01', 'chairman', 'completed_on_time'),
        s('VV02', 'chairman', 'open_overdue'),
        stepRowFactory(),
      ]),
    ).toEqual({
      reported: 2,
      emergencyInTime: 1,
      supportPlansApprovedInTime: 1,
      pctSupportPlansApprovedInTime: 50,
    });
  });
});
