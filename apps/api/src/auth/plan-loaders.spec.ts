import { describe, expect, it } from '@jest/globals';
import type { MembershipRow, PlanRepository, StaffRepository } from '#libs/database/src/index.js';
import { planFactory } from '../../../../test/factories/plan.factory.js';
import { fake, planRowFactory } from '../../../../test/factories/rows.js';
import { mayLoadPlans, plansManagedBy } from './plan-loaders.js';

const specs = [planFactory({ id: 'TEST-A' }), planFactory({ id: 'TEST-B' }), planFactory({ id: 'TEST-C' })];
const plans = fake<PlanRepository>({ find: async (id: string) => specs.filter((s) => s.id === id).map((s) => planRowFactory(s))[0] });
const staff = (held: MembershipRow[]) => fake<StaffRepository>({ memberships: async () => held });
const member = (planId: string, roleKey: string, unitId: string | null = null): MembershipRow => ({
  planId,
  roleKey,
  unitId,
  source: 'plan',
});

describe('who may load plans (plansManagedBy, mayLoadPlans)', () => {
  it('counts the plans whose chairman or approving vice-chairman the person is at the commune, and only those', async () => {
    const held = [
      member('TEST-A', 'chairman'),
      member('TEST-B', 'officer_ldtbxh'),
      member('TEST-C', 'chairman', 'thon_01'),
      member('TEST-GONE', 'chairman'),
    ];
    expect((await plansManagedBy(staff(held), plans, 'u1')).map((p) => p.id)).toEqual(['TEST-A']);
    expect(await mayLoadPlans(staff(held), plans, 'u1')).toBe(true);
  });

  it('refuses a person who manages no loaded plan: an officer, a village holder of the chairman role, nobody', async () => {
    expect(await mayLoadPlans(staff([member('TEST-B', 'officer_ldtbxh'), member('TEST-C', 'chairman', 'thon_01')]), plans, 'u1')).toBe(
      false,
    );
    expect(await mayLoadPlans(staff([]), plans, 'u1')).toBe(false);
    expect(await plansManagedBy(staff([member('TEST-B', 'vice_chair_vhxh')]), plans, 'u1')).toHaveLength(1);
  });
});
