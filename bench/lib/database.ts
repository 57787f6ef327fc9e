import { randomBytes } from 'node:crypto';
import { appLoginUrl } from '#libs/config/src/index.js';
import { checkPostgres, dropDatabase, ensureDatabase, provisionAppLogin, runMigrations } from '#libs/database/src/index.js';

export interface BenchDatabase {
  /** As the owner (the server's user): migrations, seeding, what a benchmark does behind the app's back. */
  url: string;
  /** As the app's login role dondoc_app (not a superuser), for an api or a worker a benchmark starts. */
  appUrl: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * The secret the benchmarks derive the app login's password from: the role belongs to the whole server, so every
 * benchmark gives it the same password (as the test suite does with its own).
 */
const BENCH_LOGIN_SECRET = 'dondoc-bench-database-login-secret';

/**
 * A fresh, migrated database for one benchmark on BENCH_DATABASE_URL (default: the machine's PostgreSQL on
 * 127.0.0.1:5432), with the app's login provisioned (on a server where nothing of dondoc ran before, the migration
 * leaves dondoc_app a role that cannot log in). Benchmarks measure a real server; they do not start an embedded one.
 */
export async function benchDatabase(): Promise<BenchDatabase> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  await checkPostgres(server);
  const name = `dondoc_bench_${randomBytes(4).toString('hex')}`;
  const url = await ensureDatabase(server, name);
  await runMigrations(url);
  const appUrl = appLoginUrl(url, BENCH_LOGIN_SECRET);
  await provisionAppLogin(url, appUrl);
  return { url, appUrl, name, drop: () => dropDatabase(server, name) };
}

/** libpq environment for a command-line tool (pgbench) pointed at the same database. */
export function libpqEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  return {
    ...process.env,
    PGHOST: u.hostname,
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username || 'postgres'),
    ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}),
    PGDATABASE: u.pathname.slice(1),
  };
}
