import { describe, expect, it } from '@jest/globals';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { AdminActionRepository, ApiTokenRepository, PlanRepository, StaffRepository, type ApiTokenRow } from '#libs/database/src/index.js';
import { planFactory } from '../../../../test/factories/plan.factory.js';
import { fake, fakeDataSource, planRowFactory, signedInUserFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { AdminService } from './admin.service.js';

const spec = planFactory({ id: 'TEST-ADMIN' });
const plan = planRowFactory(spec);
const now = new Date('2026-03-10T03:00:00Z');
const TOKEN_ID = '0b0e7a52-6d7c-4f3e-9a1b-2c3d4e5f6a7b';
const tokenRow = (over: Partial<ApiTokenRow> = {}): ApiTokenRow => ({
  id: TOKEN_ID,
  name: 'Hệ thống huyện',
  unitId: 'ubnd_xa_test',
  planId: null,
  createdAt: now,
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  ...over,
});
const asAdmin = { dondocAccess: { principal: { kind: 'user', user: signedInUserFactory({ id: 'admin-1' }) } } } as unknown as Request;
const asRole = { dondocAccess: { principal: { kind: 'role', roleKey: 'chairman' } } } as unknown as Request;

function admin(tokens: ApiTokenRow[] = []) {
  const created: unknown[] = [];
  const recorded: unknown[] = [];
  const revoked: string[] = [];
  const service = unitUnderTest(AdminService, [
    [DataSource, fakeDataSource()],
    [PlanRepository, fake<PlanRepository>({ list: async () => [plan] })],
    [
      ApiTokenRepository,
      fake<ApiTokenRepository>({
        list: async () => tokens,
        named: async (id: string) =>
          tokens
            .filter((t) => t.id === id.toLowerCase() || t.name === id)
            .map((t) => (revoked.includes(t.id) ? { ...t, revokedAt: now } : t)),
        create: async (o: Omit<ApiTokenRow, 'id' | 'createdAt' | 'revokedAt' | 'lastUsedAt'> & { tokenHash: string }) => (
          created.push(o),
          tokenRow({ name: o.name, unitId: o.unitId, planId: o.planId, expiresAt: o.expiresAt })
        ),
        revoke: async (id: string) => (revoked.includes(id) ? false : (revoked.push(id), true)),
      }),
    ],
    [StaffRepository, fake<StaffRepository>({})],
    [AdminActionRepository, fake<AdminActionRepository>({ record: async (a: unknown) => void recorded.push(a) })],
  ]);
  return { service, created, recorded, revoked };
}

describe('AdminService', () => {
  it('lists tokens with their unit by name and their state in Vietnamese', async () => {
    const { service } = admin([
      tokenRow(),
      tokenRow({ id: 'b', revokedAt: now }),
      tokenRow({ id: 'c', expiresAt: new Date('2026-03-01T00:00:00Z'), planId: spec.id }),
    ]);
    const list = await (await service).listTokens(now);
    expect(list.map((t) => t.stateLabel)).toEqual(['đang dùng', 'đã thu hồi', 'hết hạn']);
    expect(list[0]).toMatchObject({ unit: { id: 'ubnd_xa_test', name: 'UBND xã Thử Nghiệm' }, plan: null });
    expect(list[2].plan).toEqual({ id: spec.id, number: '01/KH-UBND', title: 'Kế hoạch thử nghiệm' });
  });

  it('creates a token for the commune: the raw token once, only its hash stored, the action recorded with who made it', async () => {
    const { service, created, recorded } = admin();
    const answer = await (await service).createToken(asAdmin, { name: '  Hệ thống huyện ', unitId: 'ubnd_xa_test', expires: '30d' }, now);
    expect(answer.token).toEqual(expect.any(String));
    expect(answer.reads).toEqual([{ id: spec.id, number: '01/KH-UBND', title: 'Kế hoạch thử nghiệm' }]);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      name: 'Hệ thống huyện',
      unitId: 'ubnd_xa_test',
      planId: null,
      expiresAt: new Date(now.getTime() + 30 * 86_400_000),
    });
    expect(JSON.stringify(created[0])).not.toContain(answer.token);
    expect(recorded).toEqual([expect.objectContaining({ actorKind: 'user', userId: 'admin-1', action: 'token_create' })]);
  });

  it('refuses a village, an unknown unit, an unknown plan and a past date per field in Vietnamese, writing nothing', async () => {
    const { service, created, recorded } = admin();
    const s = await service;
    await expect(s.createToken(asAdmin, { name: 'x', unitId: 'thon_01' }, now)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { unitId: expect.stringContaining('"thon_01" không bao gồm xã đó') },
    });
    await expect(s.createToken(asAdmin, { name: 'x', unitId: 'huyen_99' }, now)).rejects.toMatchObject({
      details: { unitId: expect.stringContaining('không có đơn vị "huyen_99" trong các kế hoạch đã nạp') },
    });
    await expect(s.createToken(asAdmin, { name: 'x', unitId: 'ubnd_xa_test', planId: 'NOPE' }, now)).rejects.toMatchObject({
      details: { planId: expect.stringContaining('không có kế hoạch "NOPE" đã nạp') },
    });
    await expect(s.createToken(asAdmin, { name: 'x', unitId: 'ubnd_xa_test', expires: '2026-03-09' }, now)).rejects.toMatchObject({
      details: { expires: expect.stringContaining('đã qua') },
    });
    await expect(s.createToken(asAdmin, { name: 'x', unitId: 'ubnd_xa_test', expires: '2026-02-30' }, now)).rejects.toMatchObject({
      details: { expires: expect.stringContaining('ngày có thật') },
    });
    expect(created).toEqual([]);
    expect(recorded).toEqual([]);
  });

  it('lets only a signed-in administrator act (not the development header)', async () => {
    const { service } = admin();
    await expect((await service).createToken(asRole, { name: 'x', unitId: 'ubnd_xa_test' }, now)).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
    });
  });

  it('revokes a token once, records it, and answers a bad or unknown id with its code', async () => {
    const { service, recorded } = admin([tokenRow()]);
    const s = await service;
    const first = await s.revokeToken(asAdmin, TOKEN_ID.toUpperCase(), now);
    expect(first).toMatchObject({ revokedNow: true, state: 'revoked', stateLabel: 'đã thu hồi' });
    expect((await s.revokeToken(asAdmin, TOKEN_ID, now)).revokedNow).toBe(false);
    expect(recorded).toHaveLength(1);
    await expect(s.revokeToken(asAdmin, 'abc', now)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { id: expect.stringContaining('UUID') },
    });
    await expect(s.revokeToken(asAdmin, '11111111-2222-3333-4444-555555555555', now)).rejects.toMatchObject({ code: 'TOKEN_NOT_FOUND' });
  });
});
