import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { createDataSource } from '#libs/database/src/index.js';
import { createTestDatabase, type TestDatabase } from '../utils/database.js';

describe('schema (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('the committed migrations produce exactly what the entities describe', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('keeps the audit trail append-only', async () => {
    await ds.query(
      `INSERT INTO step_event (plan_id, step_id, seq, kind, at_plan, hash, chain_version) VALUES ('P', 'S', 1, 'assigned', now(), $1, 2)`,
      ['0'.repeat(64)],
    );
    await expect(
      ds.query(`INSERT INTO step_event (plan_id, step_id, seq, kind, at_plan, chain_version) VALUES ('P', 'S', 2, 'assigned', now(), 2)`),
    ).rejects.toThrow(/not-null/);
    await expect(ds.query(`UPDATE step_event SET kind = 'approved'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM step_event`)).rejects.toThrow(/append-only/);
    expect(await ds.query(`SELECT kind FROM step_event`)).toEqual([{ kind: 'assigned' }]);
  });

  it('every migration reverts, and they all apply again', async () => {
    for (let i = 0; i < ds.migrations.length; i++) await ds.undoLastMigration();
    expect(await ds.query(`SELECT to_regclass('public.step') AS t`)).toEqual([{ t: null }]);
    expect(await ds.query(`SELECT count(*)::int AS n FROM schema_migrations`)).toEqual([{ n: 0 }]);
    expect((await ds.runMigrations()).length).toBe(ds.migrations.length);
    expect(await ds.query(`SELECT to_regclass('public.step')::text AS t`)).toEqual([{ t: 'step' }]);
    expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
});
