import { describe, expect, it } from '@jest/globals';
import type { Request } from 'express';
import { formToken, PlanRepository, StaffRepository, type MembershipRow } from '#libs/database/src/index.js';
import { planFactory, roleFactory } from '../../../../test/factories/plan.factory.js';
import { fake, planRowFactory, signedInUserFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { API_CSRF_PURPOSE, type RequestPrincipal } from '../auth/access.service.js';
import { MyWorkService } from './my-work.service.js';
import { MeService } from './me.service.js';

const base = planFactory();
const spec = planFactory({
  id: 'TEST-ME',
  orgUnits: [...base.orgUnits, { id: 'huyen_test', kind: 'district', name: 'UBND huyện Thử Nghiệm' }],
  roles: {
    ...base.roles,
    district_officer: roleFactory('district_officer', { unit: 'huyen_test', title: 'Chuyên viên Phòng Văn hóa huyện' }),
  },
});
const user = signedInUserFactory({ id: 'u-7', displayName: 'Lê Thị Bảy' });
const held = (roleKey: string, planId = spec.id, unitId: string | null = null): MembershipRow => ({
  planId,
  roleKey,
  unitId,
  source: 'plan',
});
const request = (over: Record<string, unknown> = {}, remoteAddress = '10.0.0.9') =>
  ({ dondocAuth: { user, sessionToken: 'session-token', actorHeader: false, ...over }, socket: { remoteAddress } }) as unknown as Request;
const asUser: RequestPrincipal = { kind: 'user', user };

function me(memberships: MembershipRow[], admin = false) {
  const duties: string[] = [];
  return unitUnderTest(MeService, [
    [PlanRepository, fake<PlanRepository>({ list: async () => [planRowFactory(spec)] })],
    [
      StaffRepository,
      fake<StaffRepository>({ memberships: async () => memberships, isAdmin: async (id: string) => admin && id === user.id }),
    ],
    [
      MyWorkService,
      fake<MyWorkService>({
        forApp: async (_u: unknown, duty: string) => (
          duties.push(duty),
          duty === 'assignee' ? [{ state: 'assigned' }, { state: 'returned' }, { state: 'submitted' }] : [{ state: 'submitted' }]
        ),
      }),
    ],
  ]);
}

const keys = (menu: { key: string }[]) => menu.map((m) => m.key);

describe('MeService', () => {
  it('answers nobody signed in with an empty shell and no form token', async () => {
    const answer = await (await me([held('chairman')])).me(request({ user: undefined, sessionToken: undefined }), undefined);
    expect(answer).toMatchObject({
      user: null,
      principal: null,
      roles: [],
      menu: [],
      csrfToken: null,
      counters: { myWork: 0, approvals: 0 },
    });
    const header = await (
      await me([held('chairman')])
    ).me(request({ actorHeader: true }, '127.0.0.1'), { kind: 'role', roleKey: 'chairman' });
    expect(header).toMatchObject({ user: null, principal: 'role', menu: [], dev: { mailbox: false, apiDocs: true } });
  });

  it("names an officer's roles by title and village, counts open work, and shows no import or administration", async () => {
    const answer = await (await me([held('officer_ldtbxh', spec.id, 'thon_01'), held('chairman', 'GONE')])).me(request(), asUser);
    expect(answer.roles).toEqual([
      expect.objectContaining({
        planId: spec.id,
        planTitle: 'Kế hoạch thử nghiệm',
        role: 'officer_ldtbxh',
        title: 'Chức danh officer_ldtbxh',
        unitName: 'Thôn Một',
        monitor: false,
      }),
    ]);
    expect(answer.commune).toBe('UBND xã Thử Nghiệm');
    expect(keys(answer.menu)).toEqual(['my-work', 'approvals', 'plans', 'assessments']);
    expect(answer.menu[0].label).toBe('Việc của tôi');
    expect(answer.counters).toEqual({ myWork: 2, approvals: 1 });
    expect(answer.csrfToken).toBe(formToken('session-token', API_CSRF_PURPOSE));
    expect(answer.dev).toEqual({ mailbox: false, apiDocs: false });
  });

  it('gives the chairman, who runs the plan, monitoring and import; an administrator also administration', async () => {
    expect(keys((await (await me([held('chairman')])).me(request(), asUser)).menu)).toEqual([
      'my-work',
      'approvals',
      'plans',
      'monitoring',
      'assessments',
      'import',
    ]);
    expect(keys((await (await me([held('chairman')], true)).me(request(), asUser)).menu)).toContain('admin');
  });

  it("shows the district's officer monitoring but no commune of their own and no import", async () => {
    const answer = await (await me([held('district_officer')])).me(request(), asUser);
    expect(answer.roles[0]).toMatchObject({ title: 'Chuyên viên Phòng Văn hóa huyện', monitor: true, unitName: null });
    expect(answer.commune).toBeNull();
    expect(keys(answer.menu)).toContain('monitoring');
    expect(keys(answer.menu)).not.toContain('import');
  });

  it('lists the API docs for the actor header only from this machine', async () => {
    const s = await me([held('chairman')]);
    expect((await s.me(request({ actorHeader: true }, '10.0.0.9'), asUser)).dev.apiDocs).toBe(false);
    expect((await s.me(request({ actorHeader: true }, '127.0.0.1'), asUser)).dev.apiDocs).toBe(true);
    expect((await s.me(request({ mailbox: true }), asUser)).dev).toEqual({ mailbox: true, apiDocs: true });
  });
});
