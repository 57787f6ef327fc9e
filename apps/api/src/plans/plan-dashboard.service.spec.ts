import { describe, expect, it } from '@jest/globals';
import { RunningPlans, StepRepository } from '#libs/database/src/index.js';
import { planFactory } from '../../../../test/factories/plan.factory.js';
import { fake, planRowFactory, stepRowFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { PlanDashboardService } from './plan-dashboard.service.js';
import { planNames } from './plan-views.js';
import { PlansService } from './plans.service.js';

const spec = planFactory({ id: 'TEST-DASH' });
// Plan time runs at speed 1 from 2023-04-03 (real 2026-01-05T01:00Z): real 2026-01-09T03:00Z is 2023-04-07 in plan time.
const now = new Date('2026-01-09T03:00:00Z');
const rollup = { completed_on_time: 3, completed_late: 1, open_on_time: 2, open_overdue: 2, cancelled: 1 };
const byItemUnit = [
  { itemId: 'I99', unitId: 'thon_01', counts: { completed_on_time: 2, completed_late: 0, open_on_time: 1, open_overdue: 1, cancelled: 0 } },
  { itemId: 'I99', unitId: 'thon_02', counts: { completed_on_time: 1, completed_late: 1, open_on_time: 1, open_overdue: 1, cancelled: 1 } },
  { itemId: 'I99', unitId: '', counts: { completed_on_time: 0, completed_late: 0, open_on_time: 0, open_overdue: 0, cancelled: 0 } },
];
const steps = [
  stepRowFactory({ planId: spec.id, stepId: 'I99.1', dueDate: '2023-04-20', state: 'submitted', bucket: 'open_on_time', unitId: 'thon_01' }),
  stepRowFactory({ planId: spec.id, stepId: 'I99.2', dueDate: '2023-06-10', state: 'completed', bucket: 'completed_late', completedAtPlan: new Date('2023-06-12T03:00:00Z') }),
  stepRowFactory({ planId: spec.id, stepId: 'I99.3', dueDate: '2023-06-30', state: 'returned', bucket: 'open_overdue', unitId: 'thon_02' }),
];

const dashboard = () =>
  unitUnderTest(PlanDashboardService, [
    [RunningPlans, fake<RunningPlans>({ find: async (id: string) => (id === spec.id ? planRowFactory(spec, { running: true }) : undefined) })],
    [PlansService, fake<PlansService>({ names: async () => planNames(spec, [{ roleKey: 'officer_ldtbxh', unitId: '', displayName: 'Trần Văn Một' }]) })],
    [StepRepository, fake<StepRepository>({ rollup: async () => rollup, rollupByItemUnit: async () => byItemUnit, list: async () => steps })],
  ]);

describe('PlanDashboardService', () => {
  it('answers an unknown plan with PLAN_NOT_FOUND', async () => {
    await expect((await dashboard()).dashboard('NOPE', now)).rejects.toMatchObject({ code: 'PLAN_NOT_FOUND' });
  });

  it('counts the totals from the roll-up, cancelled apart, and says the time base in Vietnamese', async () => {
    const d = await (await dashboard()).dashboard(spec.id, now);
    expect(d.timeBase).toMatchObject({ kind: 'plan', today: '2023-04-07', label: 'Thời gian kế hoạch (diễn tập): hôm nay là ngày 07/04/2023' });
    expect(d.totals).toMatchObject({ total: 8, cancelled: 1, overdue: 2, percentComplete: 50, onTimePercent: 50 });
    expect(d.plan).toEqual({ id: spec.id, number: '01/KH-UBND', title: 'Kế hoạch thử nghiệm', issuer: 'UBND xã Thử Nghiệm', year: 2023 });
  });

  it('groups by item and by village by name, leaving out the steps of the whole plan from the villages', async () => {
    const d = await (await dashboard()).dashboard(spec.id, now);
    expect(d.byItem).toEqual([expect.objectContaining({ itemId: 'I99', title: 'Nội dung thử nghiệm', total: 8 })]);
    expect(d.byVillage.map((v) => [v.name, v.total, v.overdue])).toEqual([['Thôn Một', 4, 1], ['Thôn Hai', 4, 1]]);
  });

  it('fills every month from the first due to the last, with Vietnamese labels', async () => {
    const d = await (await dashboard()).dashboard(spec.id, now);
    expect(d.byMonth.map((m) => [m.label, m.due, m.completedLate])).toEqual([['Tháng 04/2023', 1, 0], ['Tháng 05/2023', 0, 0], ['Tháng 06/2023', 2, 1]]);
    expect(d.byWeek[0].label).toMatch(/^Tuần từ \d\d\/06\/2023$/);
  });

  it('shows each Gantt step with what a person reads: waiting for approval, returned, the assignee and village by name', async () => {
    const [item] = (await (await dashboard()).dashboard(spec.id, now)).gantt;
    expect(item).toMatchObject({ itemId: 'I99', title: 'Nội dung thử nghiệm' });
    expect(item.steps.map((s) => [s.stepId, s.display, s.displayLabel])).toEqual([
      ['I99.1', 'awaiting', 'Chờ duyệt'], ['I99.2', 'completed_late', expect.any(String)], ['I99.3', 'returned', 'Bị trả lại'],
    ]);
    expect(item.steps[0]).toMatchObject({ dueDateVi: '20/04/2023', village: { id: 'thon_01', name: 'Thôn Một' }, assignee: { title: 'Chức danh officer_ldtbxh', holders: ['Trần Văn Một'] } });
  });
});
