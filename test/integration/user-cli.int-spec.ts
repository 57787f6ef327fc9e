import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { APP_DB_ROLE, createDataSource, hashToken, newToken, PlanRepository, StaffRepository } from '../../libs/database/src/index.js';
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
      village_head: roleFactory('village_head', { unit: 'thon_*', title: 'Trưởng thôn', person: 'Trưởng thôn', email: 'truongthon-{nn}@test.example.org', fanOut: 'villages_all' }),
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
    expect(r.stdout.split('\n')).toEqual(expect.arrayContaining([
      'officer-ldtbxh@test.example.org\tactive\tNgười officer_ldtbxh\tTEST-USERS:officer_ldtbxh',
      'truongthon-02@test.example.org\tactive\tTrưởng thôn Thôn Hai\tTEST-USERS:village_head@thon_02',
    ]));
  });

  it('adds a user, gives and takes back a role, disables and enables', () => {
    expect(run('add', 'Pho.Chu.Tich@Test.example.org', '--name', 'Lê Văn C')).toMatchObject({ code: 0, stdout: 'added pho.chu.tich@test.example.org\n' });
    expect(run('add', 'pho.chu.tich@test.example.org', '--name', 'Lê Văn Cường')).toMatchObject({ code: 0, stdout: 'updated pho.chu.tich@test.example.org\n' });
    expect(run('grant', 'pho.chu.tich@test.example.org', 'TEST-USERS', 'vice_chair_vhxh')).toMatchObject({ code: 0, stdout: 'granted pho.chu.tich@test.example.org TEST-USERS vice_chair_vhxh\n' });
    expect(run('grant', 'pho.chu.tich@test.example.org', 'TEST-USERS', 'vice_chair_vhxh').stdout).toMatch(/^already held/);
    expect(run('grant', 'pho.chu.tich@test.example.org', 'TEST-USERS', 'village_head', '--unit', 'thon_01').stdout).toMatch(/^granted .* village_head@thon_01$/m);
    expect(run('list').stdout).toContain('pho.chu.tich@test.example.org\tactive\tLê Văn Cường\tTEST-USERS:vice_chair_vhxh,TEST-USERS:village_head@thon_01');
    expect(run('revoke', 'pho.chu.tich@test.example.org', 'TEST-USERS', 'village_head', '--unit', 'thon_01').stdout).toMatch(/^revoked/);
    expect(run('disable', 'pho.chu.tich@test.example.org')).toMatchObject({ code: 0, stdout: 'pho.chu.tich@test.example.org disabled\n' });
    expect(run('list').stdout).toContain('pho.chu.tich@test.example.org\tdisabled\tLê Văn Cường\tTEST-USERS:vice_chair_vhxh\n');
    expect(run('enable', 'pho.chu.tich@test.example.org').stdout).toBe('pho.chu.tich@test.example.org active\n');
  });

  it('refuses what cannot be given, with exit 1 and a reason', () => {
    const unknownRole = run('grant', 'pho.chu.tich@test.example.org', 'TEST-USERS', 'vice_chair');
    expect(unknownRole).toMatchObject({ code: 1, stdout: '' });
    expect(unknownRole.stderr).toContain('"vice_chair" is not a role of plan TEST-USERS');
    expect(run('grant', 'pho.chu.tich@test.example.org', 'TEST-USERS', 'village_head').stderr).toContain('give --unit, one of thon_01, thon_02');
    expect(run('grant', 'pho.chu.tich@test.example.org', 'NO-PLAN', 'chairman')).toMatchObject({ code: 1, stderr: 'no plan NO-PLAN is loaded\n' });
    expect(run('disable', 'ai-do@test.example.org')).toMatchObject({ code: 1 });
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
    await ds.query(`INSERT INTO staff_session (id_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 hour')`, [hashToken(token), user.id]);
    expect((await staff.sessionUser(hashToken(token)))?.email).toBe('officer-ldtbxh@test.example.org');
    expect(run('disable', 'officer-ldtbxh@test.example.org').code).toBe(0);
    expect(await staff.sessionUser(hashToken(token))).toBeUndefined();
  });
});
