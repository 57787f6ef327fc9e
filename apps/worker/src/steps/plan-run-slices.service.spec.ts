import { describe, expect, it } from '@jest/globals';
import { CaseRepository, PlanRepository, StepRepository } from '#libs/database/src/index.js';
import { planFactory, stepFactory } from '../../../../test/factories/plan.factory.js';
import { fake, planRowFactory, stepRowFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { WALL_CLOCK } from '../wall-clock.js';
import { PlanRunSlicesService } from './plan-run-slices.service.js';

const spec = planFactory({ id: 'TEST-SLICES' }, [stepFactory({ id: 'I99.1', due: '2023-04-14' })]);

async function slices(running = true, now = new Date('2026-01-05T01:00:00Z')) {
  const asked: unknown[] = [];
  const service = await unitUnderTest(PlanRunSlicesService, [
    [
      PlanRepository,
      fake<PlanRepository>({ find: async (id: string) => (id === spec.id ? planRowFactory(spec, { running }) : undefined) }),
    ],
    [
      StepRepository,
      fake<StepRepository>({
        countForRun: async () => 2,
        sliceForRun: async (_p: string, from: number, to: number) => (
          asked.push([from, to]),
          [
            stepRowFactory({ planId: spec.id, stepId: 'I99.1', workflowId: 'step-TEST-SLICES-I99.1', dueDate: '2023-04-14' }),
            stepRowFactory({ planId: spec.id, stepId: 'X.9' }),
          ]
        ),
      }),
    ],
    [CaseRepository, fake<CaseRepository>({ find: async () => undefined })],
    [WALL_CLOCK, () => now],
  ]);
  return { service, asked };
}

describe('PlanRunSlicesService', () => {
  it('gives each step row of a range its workflow input: parties, due instant, the notices still ahead, managers and roles', async () => {
    const { service, asked } = await slices();
    const [first, unknown] = await service.slice({ planId: spec.id, range: { from: 0, to: 2 } });
    expect(asked).toEqual([[0, 2]]);
    expect(first).toMatchObject({
      workflowId: 'step-TEST-SLICES-I99.1',
      planId: spec.id,
      stepId: 'I99.1',
      assignee: 'officer_ldtbxh',
      approver: 'vice_chair_vhxh',
      dueDate: '2023-04-14',
      managers: ['vice_chair_vhxh', 'chairman'],
      roles: Object.keys(spec.roles),
    });
    // Reminders 3 and 1 working days before and on the due date, at 08:00 plan time.
    expect(first.timeline!.map((n) => [n.kind, n.date])).toEqual(
      expect.arrayContaining([
        ['reminder', '2023-04-11'],
        ['reminder', '2023-04-13'],
        ['reminder', '2023-04-14'],
      ]),
    );
    // A row without a dated instance in the plan file gets no timeline.
    expect(unknown.timeline).toEqual([]);
  });

  it('sends no notice that is already past when the run starts mid-plan', async () => {
    // Real 2026-01-14T01:00Z is plan 2023-04-12: the reminder of the 11th is past.
    const { service } = await slices(true, new Date('2026-01-14T01:00:00Z'));
    const [first] = await service.slice({ planId: spec.id, range: { from: 0, to: 1 } });
    expect(first.timeline!.map((n) => n.date)).not.toContain('2023-04-11');
  });

  it('fails for good on a plan without a run and on an unknown case', async () => {
    await expect((await slices(false)).service.slice({ planId: spec.id, range: { from: 0, to: 1 } })).rejects.toMatchObject({
      type: 'PLAN_NOT_RUNNING',
      nonRetryable: true,
    });
    await expect((await slices()).service.caseSlice({ planId: spec.id, caseId: 'VV09' })).rejects.toMatchObject({ type: 'CASE_NOT_FOUND' });
  });
});
