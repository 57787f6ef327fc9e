import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { APP_DB_ROLE, createDataSource, openAppDataSource } from '#libs/database/src/index.js';
import { createTestDatabase, type TestDatabase } from '../utils/database.js';

/** The SQLSTATE a query fails with, or 'ok'. */
const sqlstate = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return String((err as { code?: string }).code ?? err);
  }
};

describe('the role the api and the worker run as (real PostgreSQL)', () => {
  let db: TestDatabase;
  let owner: DataSource;
  /** As the api and the worker connect: the login dondoc_app (openAppDataSource). */
  let app: DataSource;
  /** As the admin CLI connects: the owner's URL switched to the role (SET ROLE at connection start). */
  let cli: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    owner = await createDataSource(db.url).initialize();
    app = await openAppDataSource({ databaseUrl: db.url, appDatabaseUrl: db.appUrl }, 'dondoc-test-app');
    cli = await createDataSource(db.url, { applicationName: 'dondoc-test-cli', poolSize: 2, role: APP_DB_ROLE }).initialize();
  });
  afterAll(async () => {
    await cli?.destroy();
    await app?.destroy();
    await owner?.destroy();
    await db?.drop();
  });

  it('logs the apps in as dondoc_app itself, not a superuser, so RESET ROLE leaves them dondoc_app', async () => {
    expect(await app.query(`SELECT session_user AS s, current_user AS u`)).toEqual([{ s: 'dondoc_app', u: 'dondoc_app' }]);
    expect(await app.query(`SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = session_user`)).toEqual(
      [{ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false }],
    );
    expect(
      await app.transaction(async (m) => {
        await m.query(`RESET ROLE`);
        return m.query(`SELECT current_user AS u`);
      }),
    ).toEqual([{ u: 'dondoc_app' }]);
    // It owns nothing.
    expect(
      await owner.query(`SELECT count(*)::int AS n FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = 'dondoc_app'`),
    ).toEqual([{ n: 0 }]);
  });

  it("runs the CLI's pooled connections as dondoc_app; that URL user stays the owner", async () => {
    expect(await cli.query(`SELECT current_user AS u`)).toEqual([{ u: 'dondoc_app' }]);
    expect(await cli.transaction((m) => m.query(`SELECT current_user AS u`))).toEqual([{ u: 'dondoc_app' }]);
    const [{ u }] = await owner.query(`SELECT current_user AS u`);
    expect(u).not.toBe('dondoc_app');
  });

  it("refuses to open the apps' data source as a superuser", async () => {
    const [{ su }] = await owner.query(`SELECT rolsuper AS su FROM pg_roles WHERE rolname = current_user`);
    if (!su) return expect(su).toBe(false); // a suite run against a non-superuser owner: nothing to refuse
    await expect(openAppDataSource({ databaseUrl: db.url }, 'dondoc-test-app')).rejects.toThrow(/superuser/);
  });

  it('keeps an options parameter of the URL beside the role', async () => {
    const url = new URL(db.url);
    url.searchParams.set('options', '-c statement_timeout=4321');
    const ds = await createDataSource(url.toString(), { poolSize: 1, role: APP_DB_ROLE }).initialize();
    try {
      expect(await ds.query(`SELECT current_user AS u, current_setting('statement_timeout') AS t`)).toEqual([
        { u: 'dondoc_app', t: '4321ms' },
      ]);
    } finally {
      await ds.destroy();
    }
  });

  it('writes plans and steps, and appends to the audit trail', async () => {
    await app.query(`INSERT INTO plan (id, number, title, year, issuer_name, spec) VALUES ('P', '01/KH', 'Kế hoạch', 2023, 'UBND', '{}')`);
    await app.query(
      `INSERT INTO step (plan_id, step_id, spec_step_id, item_id, title, assignee, due_date, due_at_plan, due_at_real, state, bucket, workflow_id)
       VALUES ('P', 'S', 'S', 'I', 'Bước', 'officer', '2023-04-07', now(), now(), 'assigned', 'open_on_time', 'step-P-S')`,
    );
    const hash = 'ab'.repeat(32);
    await app.query(
      `INSERT INTO step_event (plan_id, step_id, seq, kind, at_plan, hash, chain_version) VALUES ('P', 'S', 1, 'assigned', now(), $1, 2)`,
      [hash],
    );
    await app.query(
      `INSERT INTO step_event (plan_id, step_id, seq, kind, at_plan, hash, chain_version) VALUES ('P', 'S', 1, 'assigned', now(), $1, 2) ON CONFLICT ON CONSTRAINT step_event_seq_uq DO NOTHING`,
      [hash],
    );
    const updated = await app.transaction(async (m) => {
      await m.query(`SELECT 1 FROM step WHERE plan_id = 'P' AND step_id = 'S' FOR UPDATE`);
      return m.query(
        `UPDATE step SET state = 'submitted', seq = 1, updated_at = now() WHERE plan_id = 'P' AND step_id = 'S' RETURNING state`,
      );
    });
    expect(updated).toEqual([[{ state: 'submitted' }], 1]);
    expect(await app.query(`SELECT seq, kind FROM step_event`)).toEqual([{ seq: 1, kind: 'assigned' }]);
  });

  it('may not change, delete or truncate the audit trail: the grant refuses, before the trigger', async () => {
    // 42501 insufficient_privilege; the owner meets the append-only trigger instead (23001 restrict_violation).
    expect(await sqlstate(app.query(`UPDATE step_event SET kind = 'approved'`))).toBe('42501');
    expect(await sqlstate(app.query(`DELETE FROM step_event`))).toBe('42501');
    expect(await sqlstate(app.query(`TRUNCATE step_event`))).toBe('42501');
    expect(await sqlstate(app.query(`SELECT 1 FROM step_event FOR UPDATE`))).toBe('42501');
    expect(await sqlstate(app.query(`ALTER TABLE step_event DISABLE TRIGGER step_event_append_only`))).toBe('42501');
    expect(await sqlstate(owner.query(`UPDATE step_event SET kind = 'approved'`))).toBe('23001');
    expect(await owner.query(`SELECT kind FROM step_event`)).toEqual([{ kind: 'assigned' }]);
  });

  it('after RESET ROLE still may not change or delete the audit trail, nor a step outside the columns a transition writes', async () => {
    await app.query(`INSERT INTO plan (id, number, title, year, issuer_name, spec) VALUES ('Q', '02/KH', 'Kế hoạch', 2023, 'UBND', '{}')`);
    await app.query(
      `INSERT INTO step (plan_id, step_id, spec_step_id, item_id, title, assignee, approver, due_date, due_at_plan, due_at_real, state, bucket, workflow_id)
       VALUES ('Q', 'S', 'S', 'I', 'Bước', 'officer', 'vice_chair', '2023-04-07', now(), now(), 'assigned', 'open_on_time', 'step-Q-S')`,
    );
    await app.query(
      `INSERT INTO step_event (plan_id, step_id, seq, kind, at_plan, hash, chain_version) VALUES ('Q', 'S', 1, 'assigned', now(), $1, 2)`,
      ['cd'.repeat(32)],
    );
    const asReset = (sql: string) =>
      sqlstate(
        app.transaction(async (m) => {
          await m.query(`RESET ROLE`);
          return m.query(sql);
        }),
      );
    expect(await asReset(`UPDATE step_event SET kind = 'approved' WHERE plan_id = 'Q'`)).toBe('42501');
    expect(await asReset(`DELETE FROM step_event WHERE plan_id = 'Q'`)).toBe('42501');
    expect(await asReset(`SET ROLE postgres`)).toBe('42501');
    expect(await asReset(`UPDATE step SET approver = 'officer' WHERE plan_id = 'Q'`)).toBe('42501');
    expect(await asReset(`UPDATE step SET due_date = '2023-12-31' WHERE plan_id = 'Q'`)).toBe('42501');
    expect(await asReset(`DELETE FROM step WHERE plan_id = 'Q'`)).toBe('42501');
    // What a transition writes still works.
    expect(await asReset(`UPDATE step SET state = 'submitted', seq = 2, updated_at = now() WHERE plan_id = 'Q' RETURNING state`)).toBe(
      'ok',
    );
    expect(await owner.query(`SELECT approver, to_char(due_date, 'YYYY-MM-DD') AS d, state FROM step WHERE plan_id = 'Q'`)).toEqual([
      { approver: 'vice_chair', d: '2023-04-07', state: 'submitted' },
    ]);
    expect(await owner.query(`SELECT kind FROM step_event WHERE plan_id = 'Q'`)).toEqual([{ kind: 'assigned' }]);
  });

  it('changes no schema and no migration record', async () => {
    expect(await sqlstate(app.query(`DROP TABLE step`))).toBe('42501');
    expect(await sqlstate(app.query(`TRUNCATE step`))).toBe('42501');
    expect(await sqlstate(app.query(`DELETE FROM schema_migrations`))).toBe('42501');
    expect(await sqlstate(app.query(`INSERT INTO schema_migrations (timestamp, name) VALUES (1, 'x')`))).toBe('42501');
    expect(Number((await app.query(`SELECT count(*) AS n FROM schema_migrations`))[0].n)).toBe(owner.migrations.length);
  });

  it('may close a role holding but not rewrite or delete who held what; may record a delegation but not delete it', async () => {
    const id = '00000000-0000-4000-8000-00000000000a';
    await app.query(`INSERT INTO staff_user (id, email, display_name) VALUES ($1, 'a@test.example.org', 'A')`, [id]);
    await app.query(`INSERT INTO staff_membership (user_id, plan_id, role_key, source) VALUES ($1, 'P', 'chairman', 'admin')`, [id]);
    expect(await sqlstate(app.query(`UPDATE staff_membership SET valid_to = now() WHERE user_id = $1`, [id]))).toBe('ok');
    expect(await sqlstate(app.query(`UPDATE staff_membership SET role_key = 'x' WHERE user_id = $1`, [id]))).toBe('42501');
    expect(await sqlstate(app.query(`UPDATE staff_membership SET valid_from = now() WHERE user_id = $1`, [id]))).toBe('42501');
    expect(await sqlstate(app.query(`DELETE FROM staff_membership WHERE user_id = $1`, [id]))).toBe('42501');
    await app.query(
      `INSERT INTO role_delegation (id, plan_id, role_key, from_user_id, to_user_id, valid_from, valid_to, reason, created_by) VALUES ($1, 'P', 'chairman', $1, $1, '2026-01-01', '2026-01-02', 'x', 'cli')`,
      [id],
    );
    expect(await sqlstate(app.query(`UPDATE role_delegation SET revoked_at = now()`))).toBe('ok');
    expect(await sqlstate(app.query(`UPDATE role_delegation SET valid_to = '2027-01-01'`))).toBe('42501');
    expect(await sqlstate(app.query(`DELETE FROM role_delegation`))).toBe('42501');
  });

  it('reaches a table a later migration creates (default privileges), unless that migration says otherwise', async () => {
    await owner.query(`CREATE TABLE later_table (id serial PRIMARY KEY, v text)`);
    try {
      await app.query(`INSERT INTO later_table (v) VALUES ('a')`);
      expect(await app.query(`UPDATE later_table SET v = 'b' RETURNING v`)).toEqual([[{ v: 'b' }], 1]);
    } finally {
      await owner.query(`DROP TABLE later_table`);
    }
  });
});
