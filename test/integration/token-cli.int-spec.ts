import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { APP_DB_ROLE, createDataSource, hashToken, PlanRepository } from '#libs/database/src/index.js';
import { planFactory } from '../factories/plan.factory.js';
import { runCli } from '../utils/cli.js';
import { createTestDatabase, type TestDatabase } from '../utils/database.js';

/** The built CLI as `npm run -s cli -- token …` runs it, against this file's database. */
const cli = (env: Record<string, string | undefined>, ...args: string[]) => runCli(env, 'token', ...args);

describe('API token CLI (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  // A commune under a district under a province.
  const plan = planFactory({
    id: 'TEST-TOKENS',
    orgUnits: [
      { id: 'tinh_test', kind: 'province', name: 'Tỉnh Thử' },
      { id: 'huyen_test', kind: 'district', name: 'Huyện Thử', parent: 'tinh_test' },
      { id: 'ubnd_xa_test', kind: 'commune', name: 'UBND xã Thử Nghiệm', parent: 'huyen_test' },
      { id: 'thon_01', kind: 'village', name: 'Thôn Một', parent: 'ubnd_xa_test' },
    ],
  });
  const run = (...args: string[]) => cli({ DATABASE_URL: db.url }, ...args);
  const tokens = () => ds.query(`SELECT id, name, unit_id, plan_id, token_hash, expires_at, revoked_at FROM api_token ORDER BY created_at`);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url, { role: APP_DB_ROLE }).initialize();
    await new PlanRepository(ds).insertIfAbsent(plan);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('creates a token for a unit subtree and prints it once; only its SHA-256 is stored', async () => {
    const r = run('create', '--name', 'Hệ thống Sở Y tế', '--unit', 'tinh_test', '--expires', '2099-12-31');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ddt_[A-Za-z0-9_-]{43}\n$/);
    expect(r.stderr).toContain('đọc mọi kế hoạch thuộc tinh_test (hiện có TEST-TOKENS), chỉ đọc, đến 01/01/2100 00:00');
    const token = r.stdout.trim();
    const [row] = await tokens();
    expect(row).toMatchObject({
      name: 'Hệ thống Sở Y tế',
      unit_id: 'tinh_test',
      plan_id: null,
      token_hash: hashToken(token),
      revoked_at: null,
    });
    expect(JSON.stringify(await tokens())).not.toContain(token.slice(4));
    // A second one, for one plan of the commune, valid for 30 days.
    const commune = run('create', '--name', 'Bảng điều khiển xã', '--unit', 'ubnd_xa_test', '--plan', 'TEST-TOKENS', '--expires', '30d');
    expect(commune.code).toBe(0);
    expect(commune.stdout.trim()).not.toBe(token);
  });

  it('lists tokens one per line: id, name, unit, plan, state, expiry, last use', async () => {
    const [a, b] = await tokens();
    const lines = run('list').stdout.trim().split('\n');
    expect(lines).toEqual([
      [a.id, 'Hệ thống Sở Y tế', 'tinh_test', '*', 'còn hiệu lực', '2099-12-31T17:00:00.000Z', '-'].join('\t'),
      expect.stringMatching(new RegExp(`^${b.id}\tBảng điều khiển xã\tubnd_xa_test\tTEST-TOKENS\tcòn hiệu lực\t\\d{4}-.*Z\t-$`)),
    ]);
  });

  it('revokes by id or by name, once', async () => {
    const [a] = await tokens();
    expect(run('revoke', a.id)).toMatchObject({ code: 0, stdout: `đã thu hồi ${a.id} Hệ thống Sở Y tế\n` });
    expect(run('revoke', a.id)).toMatchObject({ code: 0, stdout: `đã thu hồi từ trước ${a.id} Hệ thống Sở Y tế\n` });
    expect(run('revoke', 'Hệ thống Sở Y tế')).toMatchObject({
      code: 1,
      stderr: 'không có mã còn hiệu lực Hệ thống Sở Y tế; xem: token list\n',
    });
    expect(run('list').stdout).toContain(`${a.id}\tHệ thống Sở Y tế\ttinh_test\t*\tđã thu hồi`);
    expect(run('revoke', 'Bảng điều khiển xã').stdout).toMatch(/^đã thu hồi /);
  });

  it('refuses a unit that does not hold a whole plan, an unknown plan or unit, a past expiry; exit 1 with a reason', () => {
    const village = run('create', '--name', 'x', '--unit', 'thon_01');
    expect(village).toMatchObject({ code: 1, stdout: '' });
    expect(village.stderr).toContain('thon_01 không bao gồm xã của kế hoạch nào đã nạp: hãy chọn xã hoặc một đơn vị cấp trên');
    expect(run('create', '--name', 'x', '--unit', 'xa_khac').stderr).toBe('không kế hoạch nào đã nạp có đơn vị xa_khac\n');
    expect(run('create', '--name', 'x', '--unit', 'tinh_test', '--plan', 'NO-PLAN').stderr).toBe('chưa nạp kế hoạch NO-PLAN\n');
    expect(run('create', '--name', 'x', '--unit', 'tinh_test', '--expires', '2020-01-01')).toMatchObject({
      code: 1,
      stderr: '--expires 2020-01-01 đã qua\n',
    });
  });

  it('says how to use it, with exit 2', () => {
    expect(run('create', '--unit', 'tinh_test')).toMatchObject({ code: 2, stdout: '' });
    expect(run('create', '--name', 'x', '--unit', 'tinh_test', '--expires', 'mai').stderr).toContain(
      '--expires phải là một ngày YYYY-MM-DD hoặc số ngày',
    );
    expect(run('revoke').code).toBe(2);
    expect(run('frobnicate').code).toBe(2);
    const noDb = cli({ DATABASE_URL: '' }, 'list');
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toContain('DATABASE_URL');
  });

  it('lets the app role make, revoke and note the use of a token, never change its scope or delete it; the refusal log is append-only', async () => {
    const [a] = await tokens();
    await expect(ds.query(`UPDATE api_token SET unit_id = 'tinh_khac' WHERE id = $1`, [a.id])).rejects.toThrow(/permission denied/);
    await expect(ds.query(`UPDATE api_token SET token_hash = 'x' WHERE id = $1`, [a.id])).rejects.toThrow(/permission denied/);
    await expect(ds.query(`DELETE FROM api_token`)).rejects.toThrow(/permission denied/);
    await ds.query(`UPDATE api_token SET last_used_at = now() WHERE id = $1`, [a.id]);
    await ds.query(
      `INSERT INTO access_refusal (principal_kind, method, route, code, reason) VALUES ('token', 'GET', '/api/v1/plans', 'TOKEN_INVALID', 'TOKEN_REVOKED')`,
    );
    await expect(ds.query(`UPDATE access_refusal SET reason = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(ds.query(`DELETE FROM access_refusal`)).rejects.toThrow(/permission denied/);
  });
});
