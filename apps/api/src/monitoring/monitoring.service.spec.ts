import { describe, expect, it } from '@jest/globals';
import type { Request } from 'express';
import {
  PlanRepository,
  StaffRepository,
  StepRepository,
  type MembershipRow,
  type PlanRow,
  type StepRow,
} from '#libs/database/src/index.js';
import type { PlanSpec } from '#libs/domain/src/index.js';
import { planFactory, roleFactory } from '../../../../test/factories/plan.factory.js';
import { fake, planRowFactory, signedInUserFactory, stepRowFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import type { RequestPrincipal } from '../auth/access.service.js';
import { planNames } from '../plans/plan-views.js';
import { PlansService } from '../plans/plans.service.js';
import { MonitoringService } from './monitoring.service.js';

// Plan time runs at speed 1 from 2023-04-03 (real 2026-01-05T01:00Z): real 2026-01-09T03:00Z is 2023-04-07 in plan time.
const now = new Date('2026-01-09T03:00:00Z');
const withDistrict = (over: Partial<PlanSpec>, districtRole: Partial<import('#libs/domain/src/index.js').RoleSpec> = {}): PlanSpec => {
  const base = planFactory(over);
  return {
    ...base,
    orgUnits: [...base.orgUnits, { id: 'huyen_test', kind: 'district', name: 'UBND huyện Thử Nghiệm' }],
    roles: {
      ...base.roles,
      district_officer: roleFactory('district_officer', { unit: 'huyen_test', title: 'Chuyên viên huyện', ...districtRole }),
    },
  };
};
const otherCommune = { issuer: { id: 'ubnd_xa_khac', name: 'UBND xã Khác' } };
const planA = planRowFactory(withDistrict({ id: 'TEST-MON-A', title: 'Kế hoạch A' }), { running: true }); // plan time 2023-04-07
const planB = planRowFactory(withDistrict({ id: 'TEST-MON-B', title: 'Kế hoạch B' })); // real time 2026-01-09
// Plan C is another commune's: its own roles are of that commune, its village is that commune's.
const specC = withDistrict({
  id: 'TEST-MON-C',
  title: 'Kế hoạch C',
  ...otherCommune,
  orgUnits: [
    { id: 'ubnd_xa_khac', kind: 'commune', name: 'UBND xã Khác' },
    { id: 'thon_01', kind: 'village', name: 'Thôn Một xã Khác', parent: 'ubnd_xa_khac' },
  ],
});
for (const r of Object.values(specC.roles)) if (r.unit === 'ubnd_xa_test') r.unit = 'ubnd_xa_khac';
const planC = planRowFactory(specC);
// The district's role in plan D ended before the plan's date: not watched.
const planD = planRowFactory(withDistrict({ id: 'TEST-MON-D' }, { validTo: '2025-12-31' }));
const hidden = planRowFactory(withDistrict({ id: 'TEST-MON-HIDDEN' }));
const all = [planA, planB, planC, planD, hidden];

const counts = (overdue: number) => ({ completed_on_time: 2, completed_late: 1, open_on_time: 1, open_overdue: overdue });
const overdueOf: Record<string, StepRow[]> = {
  [planA.id]: [
    stepRowFactory({
      planId: planA.id,
      stepId: 'I99.1',
      dueDate: '2023-04-03',
      bucket: 'open_overdue',
      unitId: 'thon_01',
      title: 'Rà soát, tổng hợp',
    }),
  ],
  [planB.id]: [stepRowFactory({ planId: planB.id, stepId: 'I99.4', dueDate: '2025-12-29', bucket: 'open_overdue' })],
  [planC.id]: [],
};
const user = signedInUserFactory({ id: 'u-district' });
const held = (roleKey: string, planId: string): MembershipRow => ({ planId, roleKey, unitId: null, source: 'plan' });
const req = (principal: RequestPrincipal) =>
  ({ dondocAccess: { principal, visiblePlanIds: new Set(all.filter((p) => p !== hidden).map((p) => p.id)) } }) as unknown as Request;
const asUser = req({ kind: 'user', user });

const monitoring = (memberships: MembershipRow[] = [...all.map((p) => held('district_officer', p.id)), held('chairman', planC.id)]) =>
  unitUnderTest(MonitoringService, [
    [PlansService, fake<PlansService>({ names: async (p: PlanRow) => planNames(p.spec, []) })],
    [PlanRepository, fake<PlanRepository>({ list: async () => all })],
    [StaffRepository, fake<StaffRepository>({ memberships: async (id: string) => (id === user.id ? memberships : []) })],
    [
      StepRepository,
      fake<StepRepository>({
        rollup: async (id: string) => counts(overdueOf[id]?.length ?? 0),
        rollupByItemUnit: async (id: string) => [
          { itemId: 'I99', unitId: 'thon_01', counts: counts(overdueOf[id]?.length ?? 0) },
          { itemId: 'I99', unitId: '', counts: counts(0) },
        ],
        inBucket: async (id: string, bucket: string) => (bucket === 'open_overdue' ? (overdueOf[id] ?? []) : []),
      }),
    ],
  ]);

describe('MonitoringService', () => {
  it("watches only the readable plans where the principal holds a role outside the commune, valid on the plan's date", async () => {
    const o = await (await monitoring()).overview(asUser, now);
    expect(o.plans.map((p) => p.id)).toEqual([planA.id, planB.id, planC.id]);
    // The commune's own chairman runs plan C: no role outside the commune, nothing watched.
    expect((await (await monitoring([held('chairman', planC.id)])).overview(asUser, now)).plans).toEqual([]);
    expect((await (await monitoring()).overview(req({ kind: 'role', roleKey: 'chairman' }), now)).plans).toEqual([]);
    expect((await (await monitoring()).overview({} as Request, now)).plans).toEqual([]);
  });

  it('lets an API token watch every plan it may read', async () => {
    const o = await (await monitoring([])).overview(req({ kind: 'token', token: {} as never }), now);
    expect(o.plans.map((p) => p.id)).toEqual([planA.id, planB.id, planC.id, planD.id]);
  });

  it("lists the overdue steps most overdue first, each in its plan's time base, with commune, village and assignee by name", async () => {
    const o = await (await monitoring()).overview(asUser, now);
    expect(o.overdueTotal).toBe(2);
    expect(o.overdue.map((s) => [s.planId, s.late.calendarDays])).toEqual([
      [planB.id, 11],
      [planA.id, 4],
    ]);
    expect(o.overdue[1]).toMatchObject({
      commune: { name: 'UBND xã Thử Nghiệm' },
      village: { name: 'Thôn Một' },
      itemTitle: 'Nội dung thử nghiệm',
      assignee: { title: 'Chức danh officer_ldtbxh', holders: ['Người officer_ldtbxh'] },
      dueDateVi: '03/04/2023',
    });
    expect(o.plans[0].timeBase.kind).toBe('plan');
    expect(o.plans[1].timeBase.kind).toBe('real');
  });

  it('adds up the figures per commune and lists villages by name, not the steps of the whole plan', async () => {
    const o = await (await monitoring()).overview(asUser, now);
    expect(o.byCommune.map((c) => [c.name, c.plans, c.total, c.overdue])).toEqual([
      ['UBND xã Thử Nghiệm', 2, 10, 2],
      ['UBND xã Khác', 1, 4, 0],
    ]);
    expect(o.byVillage.map((v) => [v.planId, v.name])).toEqual([
      [planA.id, 'Thôn Một'],
      [planB.id, 'Thôn Một'],
      [planC.id, 'Thôn Một xã Khác'],
    ]);
  });

  it('exports the overdue list as CSV with a BOM, Vietnamese headers, dd/mm/yyyy dates and quoted commas', async () => {
    const { filename, body } = await (await monitoring()).overdueCsv(asUser, now);
    expect(filename).toBe('giam-sat-qua-han-2026-01-09.csv');
    const text = body.toString('utf8');
    expect(text.startsWith('\uFEFFSTT,Xã,Kế hoạch,Mã,Nội dung công việc')).toBe(true);
    const lines = text.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^1,UBND xã Thử Nghiệm,01\/KH-UBND – Kế hoạch B,I99\.4,.*,29\/12\/2025,\d+,11$/);
    expect(lines[2]).toContain('"Rà soát, tổng hợp"');
  });
});
