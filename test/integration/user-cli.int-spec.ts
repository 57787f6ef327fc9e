import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { APP_DB_ROLE, createDataSource, hashToken, newToken, PlanRepository, StaffRepository } from '#libs/database/src/index.js';
import { planFactory, roleFactory } from '../factories/plan.factory.js';
import { runCli } from '../utils/cli.js';
import { createTestDatabase, type TestDatabase } from '../utils/database.js';

/** The built CLI as `npm run -s cli -- user …` runs it, against this file's database. */
const cli = (env: Record<string, string | undefined>, ...args: string[]) => runCli(env, 'user', ...args);

describe('user administration CLI (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const plan = planFactory({
    id: 'TEST-USERS',
    roles: {
      ...planFactory().roles,
      village_head: roleFactory('village_head', {
        unit: 'thon_*',
        title: 'Trưởng thôn',
        person: 'Trưởng thôn',
        email: 'truongthon-{nn}@test.example.org',
        fanOut: 'villages_all',
      }),
    },
  });
  const run = (...args: string[]) => cli({ DATABASE_URL: db.url }, ...args);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url, { role: APP_DB_ROLE }).initialize();
    await new PlanRepository(ds).insertIfAbsent(plan);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('lists the users a loaded plan made, one per line: e-mail, state, name, roles', () => {
    const r = run('list');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        'officer-ldtbxh@test.example.org\tđang dùng\tNgười officer_ldtbxh\tTEST-USERS:officer_ldtbxh',
        'truongthon-02@test.example.org\tđang dùng\tTrưởng thôn Thôn Hai\tTEST-USERS:village_head@thon_02',
      ]),
    );
  });

  it('adds a user, gives and takes back a role, disables and enables', () => {
    expect(run('add', 'Pho.Chu.Tich@Test.example.org', '--name', 'Lê Văn C')).toMatchObject({
      code: 0,
      stdout: 'đã thêm pho.chu.tich@test.example.org\n',
    });
    expect(run('add', 'pho.chu.tich@test.example.org', '--name', 'Lê Văn Cường')).toMatchObject({
      code: 0,
      stdout: 'đã cập nhật pho.chu.tich@test.example.org\n',
    });
    expect(run('grant', 'pho.chu.tich@test.example.org', 'TEST-USERS', 'vice_chair_vhxh')).toMatchObject({
      code: 0,
      stdout: 'đã giao pho.chu.tich@test.example.org TEST-USERS vice_chair_vhxh\n',
    });
    expect(run('grant', 'pho.chu.tich@test.example.org', 'TEST-USERS', 'vice_chair_vhxh').stdout).toMatch(/^đã giữ từ trước/);
    expect(run('grant', 'pho.chu.tich@test.example.org', 'TEST-USERS', 'village_head', '--unit', 'thon_01').stdout).toMatch(
      /^đã giao .* village_head@thon_01$/m,
    );
    expect(run('list').stdout).toContain(
      'pho.chu.tich@test.example.org\tđang dùng\tLê Văn Cường\tTEST-USERS:vice_chair_vhxh,TEST-USERS:village_head@thon_01',
    );
    expect(run('revoke', 'pho.chu.tich@test.example.org', 'TEST-USERS', 'village_head', '--unit', 'thon_01').stdout).toMatch(/^đã thu hồi/);
    expect(run('disable', 'pho.chu.tich@test.example.org')).toMatchObject({ code: 0, stdout: 'pho.chu.tich@test.example.org đã khóa\n' });
    expect(run('list').stdout).toContain('pho.chu.tich@test.example.org\tđã khóa\tLê Văn Cường\tTEST-USERS:vice_chair_vhxh\n');
    expect(run('enable', 'pho.chu.tich@test.example.org').stdout).toBe('pho.chu.tich@test.example.org đang dùng\n');
  });

  it('refuses what cannot be given, with exit 1 and a reason', () => {
    const unknownRole = run('grant', 'pho.chu.tich@test.example.org', 'TEST-USERS', 'vice_chair');
    expect(unknownRole).toMatchObject({ code: 1, stdout: '' });
    expect(unknownRole.stderr).toContain('"vice_chair" không phải vai trò của kế hoạch TEST-USERS');
    expect(run('grant', 'pho.chu.tich@test.example.org', 'TEST-USERS', 'village_head').stderr).toContain(
      'cần --unit, một trong thon_01, thon_02',
    );
    expect(run('grant', 'pho.chu.tich@test.example.org', 'NO-PLAN', 'chairman')).toMatchObject({
      code: 1,
      stderr: 'chưa nạp kế hoạch NO-PLAN\n',
    });
    expect(run('disable', 'ai-do@test.example.org')).toMatchObject({ code: 1 });
  });

  it('a role handed to another person mid-year keeps who held it when: revoking closes the holding, never deletes it', async () => {
    expect(run('add', 'pct-moi@test.example.org', '--name', 'Tổng Văn Trưởng').code).toBe(0);
    expect(run('revoke', 'chairman@test.example.org', 'TEST-USERS', 'chairman').stdout).toMatch(/^đã thu hồi/);
    expect(run('grant', 'pct-moi@test.example.org', 'TEST-USERS', 'chairman').stdout).toMatch(/^đã giao/);
    const history = run('history', 'TEST-USERS', 'chairman');
    expect(history.code).toBe(0);
    const lines = history.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(lines.map((l) => [l[0], l[1], l[3]])).toEqual([
      ['Tổng Văn Trưởng', 'pct-moi@test.example.org', 'đến nay'],
      ['Người chairman', 'chairman@test.example.org', expect.stringMatching(/^đến \d\d\/\d\d\/\d{4} \d\d:\d\d$/)],
    ]);
    const rows = await ds.query(`SELECT count(*)::int AS n FROM staff_membership WHERE plan_id = 'TEST-USERS' AND role_key = 'chairman'`);
    expect(rows[0].n).toBe(2);
    const staff = new StaffRepository(ds);
    const before = (await staff.findByEmail('chairman@test.example.org'))!;
    expect(await staff.memberships(before.id, 'TEST-USERS')).toEqual([]);
    const [{ at }] = await ds.query(
      `SELECT valid_from + (valid_to - valid_from) / 2 AS at FROM staff_membership WHERE user_id = $1 AND role_key = 'chairman'`,
      [before.id],
    );
    expect((await staff.holderAt('TEST-USERS', 'chairman', null, at))?.email).toBe('chairman@test.example.org');
    expect((await staff.holderAt('TEST-USERS', 'chairman', null, new Date()))?.email).toBe('pct-moi@test.example.org');
    // Given again later: a new holding beside the closed one.
    expect(run('grant', 'chairman@test.example.org', 'TEST-USERS', 'chairman').stdout).toMatch(/^đã giao/);
    expect(run('revoke', 'chairman@test.example.org', 'TEST-USERS', 'chairman').stdout).toMatch(/^đã thu hồi/);
    expect(
      (await ds.query(`SELECT count(*)::int AS n FROM staff_membership WHERE plan_id = 'TEST-USERS' AND role_key = 'chairman'`))[0].n,
    ).toBe(3);
  });

  it("records a delegation (ủy quyền) of a leader's role for a period; the delegate holds the role on those days only", async () => {
    const staff = new StaffRepository(ds);
    const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
    const vi = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
    const later = new Date(Date.now() + 7 * 3600e3 + 10 * 86400e3).toISOString().slice(0, 10);
    /** `user delegate` in TEST-USERS: `giver`'s `role` to `to` from `from` to `until` (dd/mm/yyyy), with `reason` if given. */
    const delegateRole = (giver: string, to: string, role: string, from: string, until: string, reason?: string) =>
      run('delegate', giver, to, 'TEST-USERS', role, '--from', from, '--to', until, ...(reason === undefined ? [] : ['--reason', reason]));
    const r = delegateRole(
      'pct-moi@test.example.org',
      'officer-ldtbxh@test.example.org',
      'chairman',
      vi(today),
      vi(later),
      'Đi học tập trung',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `^đã ủy quyền [0-9a-f-]{36}: Tổng Văn Trưởng ủy quyền vai trò .* cho Người officer_ldtbxh từ ${vi(today)} đến ${vi(later)}\\n$`,
      ),
    );
    const id = /đã ủy quyền ([0-9a-f-]{36})/.exec(r.stdout)![1];
    const delegate = (await staff.findByEmail('officer-ldtbxh@test.example.org'))!;
    const giver = (await staff.findByEmail('pct-moi@test.example.org'))!;
    expect(await staff.memberships(delegate.id, 'TEST-USERS')).toEqual(
      expect.arrayContaining([
        {
          planId: 'TEST-USERS',
          roleKey: 'chairman',
          unitId: null,
          source: 'delegation',
          delegation: { id, fromUserId: giver.id, fromName: 'Tổng Văn Trưởng', fromEmail: 'pct-moi@test.example.org' },
        },
      ]),
    );
    const after = new Date(Date.now() + 7 * 3600e3 + 11 * 86400e3).toISOString().slice(0, 10);
    expect((await staff.memberships(delegate.id, 'TEST-USERS', after)).some((m) => m.delegation)).toBe(false);
    expect(run('delegations', 'TEST-USERS').stdout).toContain(
      `${id}\tTEST-USERS\tchairman\tTổng Văn Trưởng <pct-moi@test.example.org> → Người officer_ldtbxh <officer-ldtbxh@test.example.org>\t${vi(today)} – ${vi(later)}\tcòn hiệu lực\tĐi học tập trung`,
    );
    // Only a leader's role, only by its holder, only for a real period.
    expect(
      delegateRole('officer-ldtbxh@test.example.org', 'pct-moi@test.example.org', 'officer_ldtbxh', vi(today), vi(later), 'x'),
    ).toMatchObject({ code: 1, stderr: expect.stringContaining('không ủy quyền được') });
    expect(
      delegateRole('chairman@test.example.org', 'officer-ldtbxh@test.example.org', 'chairman', vi(today), vi(later), 'x'),
    ).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('không giữ vai trò chairman'),
    });
    expect(delegateRole('pct-moi@test.example.org', 'officer-ldtbxh@test.example.org', 'chairman', '31/02/2026', vi(later), 'x').code).toBe(
      2,
    );
    expect(delegateRole('pct-moi@test.example.org', 'officer-ldtbxh@test.example.org', 'chairman', vi(today), vi(later)).code).toBe(2);
    expect(run('undelegate', id)).toMatchObject({ code: 0, stdout: `đã thu hồi ủy quyền ${id}\n` });
    expect((await staff.memberships(delegate.id, 'TEST-USERS')).some((m) => m.delegation)).toBe(false);
    expect(run('delegations', 'TEST-USERS').stdout).toContain('đã thu hồi');
  });

  it('says how to use it, with exit 2', () => {
    expect(run('add', 'not-an-address', '--name', 'X')).toMatchObject({ code: 2, stdout: '' });
    expect(run('add', 'x@test.example.org').stderr).toContain('--name');
    expect(run('frobnicate').code).toBe(2);
    const noDb = cli({ DATABASE_URL: '' }, 'list');
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toContain('DATABASE_URL');
  });

  it('a disabled user is signed out at once: their session no longer counts', async () => {
    const staff = new StaffRepository(ds);
    const user = (await staff.findByEmail('officer-ldtbxh@test.example.org'))!;
    const token = newToken();
    await ds.query(`INSERT INTO staff_session (id_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 hour')`, [
      hashToken(token),
      user.id,
    ]);
    expect((await staff.sessionUser(hashToken(token)))?.email).toBe('officer-ldtbxh@test.example.org');
    expect(run('disable', 'officer-ldtbxh@test.example.org').code).toBe(0);
    expect(await staff.sessionUser(hashToken(token))).toBeUndefined();
  });
});
