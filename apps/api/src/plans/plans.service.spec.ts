import { describe, expect, it } from '@jest/globals';
import { PlanRepository, RunningPlans, StaffRepository, StepRepository } from '#libs/database/src/index.js';
import { planFactory } from '../../../../test/factories/plan.factory.js';
import { fake, planRowFactory, stepRowFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { PlansService } from './plans.service.js';

const spec = planFactory({ id: 'TEST-PLANS' });
const plan = planRowFactory(spec, { running: true });
const counts = { completed_on_time: 2, completed_late: 0, open_on_time: 1, open_overdue: 1 };
const rows = [1, 2, 3, 4].map((n) => stepRowFactory({ planId: spec.id, stepId: `I99.${n}` }));
const pages: unknown[] = [];

const plans = () =>
  unitUnderTest(PlansService, [
    [RunningPlans, fake<RunningPlans>({ find: async (id: string) => (id === spec.id ? plan : undefined) })],
    [PlanRepository, fake<PlanRepository>({ list: async () => [plan] })],
    [StaffRepository, fake<StaffRepository>({ currentHolders: async () => [] })],
    [
      StepRepository,
      fake<StepRepository>({
        rollup: async () => counts, rollupByItemUnit: async () => [], rollupByAssignee: async () => [], countByState: async () => ({ assigned: 4 }),
        list: async () => rows,
        page: async (_: string, o: unknown) => (pages.push(o), rows.slice(0, 2)),
        statusVersion: async (id: string) => (id === spec.id ? { version: '7', rows: 4, clock: plan.clock, runStartedAt: plan.runStartedAt } : undefined),
      }),
    ],
  ]);

describe('PlansService', () => {
  it('lists plans with their step count from the roll-up', async () => {
    expect((await (await plans()).list())[0]).toMatchObject({ id: spec.id, stepCount: 4 });
  });

  it('pages the steps: the total from the roll-up, the offset from the page', async () => {
    const page = await (await plans()).stepsPage(spec.id, { page: 2, pageSize: 2 });
    expect(page).toMatchObject({ page: 2, pageSize: 2, total: 4, pages: 2 });
    expect(page.items.map((s) => s.stepId)).toEqual(['I99.1', 'I99.2']);
    expect(pages.pop()).toMatchObject({ offset: 2, limit: 2 });
  });

  it('refuses a unit the plan does not have with a Vietnamese message on the unit field', async () => {
    await expect((await plans()).unitStatus(spec.id, 'thon_99')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { unit: expect.stringContaining('không có đơn vị "thon_99"') } });
  });

  it('answers an unknown plan with PLAN_NOT_FOUND, for the status and for its tag', async () => {
    const s = await plans();
    await expect(s.status('NOPE')).rejects.toMatchObject({ code: 'PLAN_NOT_FOUND' });
    await expect(s.statusTag('NOPE', {})).rejects.toMatchObject({ code: 'PLAN_NOT_FOUND' });
  });

  it('gives one tag for one version and another when the query differs', async () => {
    const s = await plans();
    const a = await s.statusTag(spec.id, { page: 1 });
    expect(await s.statusTag(spec.id, { page: 1 })).toBe(a);
    expect(await s.statusTag(spec.id, { page: 2 })).not.toBe(a);
  });
});
