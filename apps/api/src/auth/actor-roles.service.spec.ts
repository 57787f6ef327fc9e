import { describe, expect, it } from '@jest/globals';
import { PlanRepository, StaffRepository, type MembershipRow } from '#libs/database/src/index.js';
import { planFactory } from '../../../../test/factories/plan.factory.js';
import { fake, planRowFactory, signedInUserFactory, stepRowFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { ActorRolesService } from './actor-roles.service.js';

const spec = planFactory({ id: 'TEST-ROLES' });
const step = stepRowFactory({ planId: spec.id });
const user = signedInUserFactory();
const membership = (roleKey: string, over: Partial<MembershipRow> = {}): MembershipRow => ({
  planId: spec.id,
  roleKey,
  unitId: null,
  source: 'plan',
  ...over,
});

const service = (held: MembershipRow[], holdings: unknown[] = []) =>
  unitUnderTest(ActorRolesService, [
    [PlanRepository, fake<PlanRepository>({ find: async (id: string) => (id === spec.id ? planRowFactory(spec) : undefined) })],
    [StaffRepository, fake<StaffRepository>({ memberships: async () => held, holdings: async () => holdings })],
  ]);

describe('ActorRolesService', () => {
  it('gives a signed-in assignee their own role, acted by them', async () => {
    const roles = await service([membership('officer_ldtbxh')]);
    const r = await roles.signedForStep({ user }, step, 'assignee');
    expect(r).toEqual({ role: 'officer_ldtbxh', by: { kind: 'user', userId: user.id, name: user.displayName, email: user.email } });
  });

  it('marks the delegation when the role is held only through one', async () => {
    const delegation = { id: 'd-1', fromUserId: 'u-9', fromName: 'Người ủy quyền', fromEmail: 'a@test.example.org' };
    const roles = await service([membership('officer_ldtbxh', { delegation })]);
    expect((await roles.signedForStep({ user }, step, 'assignee')).by).toMatchObject({ kind: 'user', delegation });
  });

  it('refuses someone without the role the duty needs, and someone with no role in the plan', async () => {
    await expect((await service([membership('chairman')])).forStep({ user }, step, 'approver')).rejects.toMatchObject({
      code: 'ACTOR_NOT_APPROVER',
    });
    await expect((await service([])).forStep({ user }, step, 'assignee')).rejects.toMatchObject({ code: 'ACTOR_UNKNOWN' });
  });

  it('stands the development header for the current holder, else for the plan file person', async () => {
    const holder = { userId: 'u-7', displayName: 'Chị Bảy', email: 'bay@test.example.org' };
    expect((await (await service([], [holder])).signedForStep({ role: 'officer_ldtbxh' }, step, 'assignee')).by).toEqual({
      kind: 'header',
      ...{ userId: 'u-7', name: 'Chị Bảy', email: 'bay@test.example.org' },
    });
    const fromFile = (await (await service([], [])).signedForStep({ role: 'officer_ldtbxh' }, step, 'assignee')).by;
    expect(fromFile).toEqual({
      kind: 'header',
      userId: null,
      name: spec.roles.officer_ldtbxh.person,
      email: spec.roles.officer_ldtbxh.email,
    });
  });

  it('picks the role in the named village first when reporting in a plan', async () => {
    const roles = await service([membership('chairman'), membership('village_head', { unitId: 'thon_02' })]);
    expect(await roles.inPlan({ user }, spec.id, 'thon_02')).toBe('village_head');
    expect(await roles.inPlan({ user }, spec.id)).toBe('chairman');
    await expect((await service([])).inPlan({ user }, spec.id)).rejects.toMatchObject({ code: 'ACTOR_UNKNOWN' });
  });
});
