import { describe, expect, it } from '@jest/globals';
import type { Request } from 'express';
import {
  AccessRefusalRepository,
  ApiTokenRepository,
  PlanRepository,
  RunningPlans,
  StaffRepository,
  StepRepository,
  type MembershipRow,
} from '#libs/database/src/index.js';
import { planFactory } from '../../../../test/factories/plan.factory.js';
import { fake, planRowFactory, signedInUserFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { AccessService, planDate, visiblePlans } from './access.service.js';

const mine = planFactory({ id: 'TEST-MINE' });
const other = planFactory({ id: 'TEST-OTHER' });
const rows = [mine, other].map((s) => planRowFactory(s));
const user = signedInUserFactory();

async function access(held: MembershipRow[] = []) {
  const recorded: Record<string, unknown>[] = [];
  const service = await unitUnderTest(AccessService, [
    [RunningPlans, fake<RunningPlans>({ find: async (id: string) => rows.find((r) => r.id === id) })],
    [PlanRepository, fake<PlanRepository>({ list: async () => rows, find: async (id: string) => rows.find((r) => r.id === id) })],
    [StepRepository, fake<StepRepository>({ find: async () => undefined })],
    [
      StaffRepository,
      fake<StaffRepository>({ memberships: async (_u: string, planId?: string) => held.filter((m) => !planId || m.planId === planId) }),
    ],
    [ApiTokenRepository, fake<ApiTokenRepository>({ use: async () => ({ refused: 'TOKEN_REVOKED', token: { id: 't-1' } }) })],
    [AccessRefusalRepository, fake<AccessRefusalRepository>({ record: async (r: Record<string, unknown>) => void recorded.push(r) })],
  ]);
  return { service, recorded };
}

const request = (headers: Record<string, string> = {}, auth: object = { actorHeader: false }) =>
  ({ headers, method: 'GET', path: '/api/v1/plans', dondocAuth: auth }) as unknown as Request;

describe('AccessService', () => {
  it('lets the approving vice-chairman or the chairman of a loaded plan load plans (load_plans), nobody else, a village chairman neither', async () => {
    const member = (roleKey: string, unitId: string | null = null) =>
      ({ planId: mine.id, roleKey, unitId, source: 'plan' }) as MembershipRow;
    const asUser = request({}, { actorHeader: false, user, sessionToken: 's' });
    for (const [held, allowed] of [
      [member('vice_chair_vhxh'), true],
      [member('chairman'), true],
      [member('officer_ldtbxh'), false],
      [member('chairman', 'thon_01'), false],
    ] as const) {
      const r = await (await access([held])).service.check(asUser, 'load_plans', {}, 'POST /api/v1/plan-drafts');
      expect({ held, refused: r?.body.reason }).toEqual({ held, refused: allowed ? undefined : 'NOT_PLAN_LOADER' });
    }
  });

  it('answers 401 with a Vietnamese message when nobody is named', async () => {
    const r = await (await access()).service.check(request(), 'read_plan', { planId: mine.id });
    expect(r).toMatchObject({
      status: 401,
      body: { code: 'ACTOR_REQUIRED', reason: 'NO_CREDENTIALS', message: expect.stringMatching(/[ăâđêôơư]/) },
    });
  });

  it('refuses the development header unless it is switched on for this request', async () => {
    const r = await (await access()).service.check(request({ 'x-dondoc-actor': 'chairman' }), 'read_plan', { planId: mine.id });
    expect(r).toMatchObject({ status: 401, body: { code: 'ACTOR_HEADER_DISABLED' } });
  });

  it('refuses a revoked token with 401 and records the refusal', async () => {
    const { service, recorded } = await access();
    const r = await service.check(
      request({ authorization: `Bearer ddt_${'a'.repeat(43)}` }),
      'read_plan',
      { planId: mine.id },
      'GET /api/v1/plans/:planId',
    );
    expect(r?.status).toBe(401);
    expect(r?.body.code).toBe('TOKEN_INVALID');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ principalKind: 'token', route: 'GET /api/v1/plans/:planId', code: 'TOKEN_INVALID' });
  });

  it('refuses (403, recorded) a route without an access rule, whoever asks', async () => {
    const { service, recorded } = await access();
    const r = await service.check(request({ 'x-dondoc-actor': 'chairman' }, { actorHeader: true }), undefined, {});
    expect(r).toMatchObject({ status: 403, body: { code: 'ACCESS_DENIED', reason: 'ROUTE_NOT_CLASSIFIED' } });
    expect(recorded[0]).toMatchObject({ principalKind: 'role', roleKey: 'chairman', code: 'ACCESS_DENIED' });
  });

  it('lets a user list only the plans they hold a role in, and read one; refuses another plan with 403', async () => {
    const { service } = await access([{ planId: mine.id, roleKey: 'officer_ldtbxh', unitId: null, source: 'plan' }]);
    const req = request({}, { actorHeader: false, user });
    expect(await service.check(req, 'list_plans', {})).toBeUndefined();
    expect(visiblePlans(req, rows).map((p) => p.id)).toEqual([mine.id]);
    expect(await service.check(req, 'read_plan', { planId: mine.id })).toBeUndefined();
    expect((await service.check(req, 'read_plan', { planId: other.id }))?.status).toBe(403);
  });

  it('shows no plan when no access check ran (fail closed), and reads validity on the run date', () => {
    expect(visiblePlans(request(), rows)).toEqual([]);
    expect(planDate(planRowFactory(mine, { running: true }), new Date('2026-01-06T01:00:00Z'))).toBe('2023-04-04');
  });
});
