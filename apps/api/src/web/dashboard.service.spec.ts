import { describe, expect, it } from '@jest/globals';
import { PlanRepository, StaffRepository } from '../../../../libs/database/src/index.js';
import { planFactory } from '../../../../test/factories/plan.factory.js';
import { fake, planRowFactory, signedInUserFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { PlansService } from '../plans/plans.service.js';
import { DashboardService } from './dashboard.service.js';

const spec = planFactory({ id: 'TEST-DASH' });
const summary = (id: string, buckets: Record<string, { count: number }>) => ({ id, title: `Kế hoạch ${id}`, number: '01/KH', issuer: 'UBND', runStartedAt: null, buckets });

const dashboard = (running: boolean) =>
  unitUnderTest(DashboardService, [
    [PlansService, fake<PlansService>({ list: async () => [summary('A', { completed_on_time: { count: 3 }, open_overdue: { count: 1 } }), summary('B', {})] })],
    [PlanRepository, fake<PlanRepository>({ find: async (id: string) => (id === spec.id ? planRowFactory(spec, { running }) : undefined) })],
    [StaffRepository, fake<StaffRepository>({ memberships: async () => [{ planId: 'A', roleKey: 'chairman', unitId: null, source: 'plan' }] })],
  ]);

describe('DashboardService', () => {
  it("shows only the plans the user holds a role in, with their percentages from the roll-up", async () => {
    const rows = await (await dashboard(true)).monitored(signedInUserFactory());
    expect(rows.map((r) => r.id)).toEqual(['A']);
    expect(rows[0]).toMatchObject({ steps: 4, overdue: 1, percentComplete: 75, onTime: 75 });
  });

  it("gives today in plan time only once the run started, and 404s an unknown plan", async () => {
    // The run clock maps real 2026-01-05T01:00Z to plan 2023-04-03 00:00 local, at speed 1.
    expect((await (await dashboard(true)).planFrame(spec.id, new Date('2026-01-06T01:00:00Z'))).today).toBe('2023-04-04');
    expect((await (await dashboard(false)).planFrame(spec.id)).today).toBeNull();
    await expect((await dashboard(true)).planFrame('NOPE')).rejects.toMatchObject({ code: 'PLAN_NOT_FOUND' });
  });
});
