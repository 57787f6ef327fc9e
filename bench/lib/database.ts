import { randomBytes } from 'node:crypto';
import { checkPostgres, dropDatabase, ensureDatabase, runMigrations } from '#libs/database/src/index.js';

export interface BenchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one benchmark on BENCH_DATABASE_URL (default: the machine's PostgreSQL on
 * 127.0.0.1:5432). Benchmarks measure a real server; they do not start an embedded one.
 */
export async function benchDatabase(): Promise<BenchDatabase> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  await checkPostgres(server);
  const name = `dondoc_bench_${randomBytes(4).toString('hex')}`;
  const url = await ensureDatabase(server, name);
  await runMigrations(url);
  return { url, name, drop: () => dropDatabase(server, name) };
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
