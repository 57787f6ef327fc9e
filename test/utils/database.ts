import { randomBytes } from 'node:crypto';
import { appLoginUrl } from '#libs/config/src/index.js';
import { provisionAppLogin, runMigrations } from '#libs/database/src/index.js';
import { dropDatabase, ensureDatabase } from '#libs/database/src/provision.js';

export interface TestDatabase {
  /** As the owner (the suite's server user): migrations, and what a test does behind the app's back. */
  url: string;
  /** As the app's login role dondoc_app (not a superuser), as the api and the worker connect. */
  appUrl: string;
  drop(): Promise<void>;
}

/**
 * The secret the suite derives the app login's password from. The role belongs to the whole server, which every test
 * file shares, so they must all give it the same password (each stack keeps its own action-link secret).
 */
export const TEST_LOGIN_SECRET = 'dondoc-test-suite-database-login-secret';

/** A fresh, migrated database of this test file's own on the suite's PostgreSQL server. */
export async function createTestDatabase(migrate = true): Promise<TestDatabase> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) throw new Error('TEST_DATABASE_URL is not set: run the suite with npm test (global setup sets it)');
  const name = `dondoc_t_${randomBytes(6).toString('hex')}`;
  const url = await ensureDatabase(server, name);
  const appUrl = appLoginUrl(url, TEST_LOGIN_SECRET);
  if (migrate) {
    await runMigrations(url);
    await provisionAppLogin(url, appUrl);
  }
  return { url, appUrl, drop: () => dropDatabase(server, name) };
}
