import { randomBytes } from 'node:crypto';
import { runMigrations } from '../../libs/database/src/index.js';
import { dropDatabase, ensureDatabase } from '../../libs/database/src/provision.js';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of this test file's own on the suite's PostgreSQL server. */
export async function createTestDatabase(migrate = true): Promise<TestDatabase> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) throw new Error('TEST_DATABASE_URL is not set: run the suite with npm test (global setup sets it)');
  const name = `dondoc_t_${randomBytes(6).toString('hex')}`;
  const url = await ensureDatabase(server, name);
  if (migrate) await runMigrations(url);
  return { url, drop: () => dropDatabase(server, name) };
}
