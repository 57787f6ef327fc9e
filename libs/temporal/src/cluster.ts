// A real Temporal cluster on one machine (`npm run cluster`, the cluster fault suite): the Temporal server v1.29.1
// built from the Go module proxy like the dev server's CLI, its schemas on PostgreSQL, and each service — frontend,
// two history hosts, matching, the internal worker — a process of its own, all rendered from one config file
// committed to the repository (deploy/temporal/config/cluster.yaml).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import pg from 'pg';
import { loadClusterConfig, processEnv, ProvisionError } from '#libs/config/src/index.js';
import { temporalHealthy } from './connection.js';
import { goInstall } from './go-install.js';
import { ensureSearchAttributes } from './search-attributes.js';

/** The server the pinned CLI embeds; its go.mod has no `replace`, so `go install` builds it from the module proxy. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
export const TEMPORAL_SERVER_PACKAGES = ['go.temporal.io/server/cmd/server', 'go.temporal.io/server/cmd/tools/sql'];
/** Fixed at schema setup (deploy/temporal/config/cluster.yaml); it can never change for a cluster's databases. */
export const CLUSTER_HISTORY_SHARDS = 8;

export interface ServerBinaries {
  server: string;
  sqlTool: string;
}

const executable = (p: string) => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Where the built server and schema tool are kept: outside the repository, beside the dev server's CLI. */
export const serverBinDir = (cacheDir: string) => join(cacheDir, `temporal-server-${TEMPORAL_SERVER_VERSION}`, 'bin');

export function findTemporalServer(cacheDir: string): ServerBinaries | undefined {
  const bin = serverBinDir(cacheDir);
  const found = { server: join(bin, 'temporal-server'), sqlTool: join(bin, 'temporal-sql-tool') };
  return executable(found.server) && executable(found.sqlTool) ? found : undefined;
}

/** `go install`s the server and the schema tool into the cache (first run only), streaming progress lines. */
export async function buildTemporalServer(
  cacheDir: string,
  progress: (line: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<ServerBinaries> {
  const bin = serverBinDir(cacheDir);
  const failHint = 'check that the Go module proxy is reachable (GOPROXY)';
  await goInstall({
    modules: TEMPORAL_SERVER_PACKAGES.map((p) => `${p}@${TEMPORAL_SERVER_VERSION}`),
    bin,
    component: 'Temporal cluster',
    noGoReason: 'the Temporal server is not built yet and Go is not installed to build it',
    noGoHint:
      'install Go 1.23+ (https://go.dev/dl/) and run npm run cluster again; or use `npm start` (the dev server) or your own Temporal cluster (TEMPORAL_ADDRESS)',
    failHint,
    duration: '10–20 minutes on two cores',
    every: 50,
    progress,
    env,
  });
  // `go install` names a binary after its folder: cmd/server → server, cmd/tools/sql → sql.
  for (const [from, to] of [
    ['server', 'temporal-server'],
    ['sql', 'temporal-sql-tool'],
  ]) {
    if (existsSync(join(bin, from))) renameSync(join(bin, from), join(bin, to));
  }
  const built = findTemporalServer(cacheDir);
  if (!built) throw new ProvisionError('Temporal cluster', `go install of the Temporal server left no binaries in ${bin}`, failHint);
  progress(`built ${built.server} and ${built.sqlTool}`);
  return built;
}

/** The PostgreSQL server and login of the cluster's two databases, taken from a PostgreSQL URL. */
export interface ClusterDatabase {
  host: string;
  port: number;
  user: string;
  password: string;
  temporalDb: string;
  visibilityDb: string;
}

export function clusterDatabase(databaseUrl: string, names: { temporalDb?: string; visibilityDb?: string } = {}): ClusterDatabase {
  const u = new URL(databaseUrl);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password),
    temporalDb: names.temporalDb ?? 'temporal',
    visibilityDb: names.visibilityDb ?? 'temporal_visibility',
  };
}

const pgUrl = (db: ClusterDatabase, name: string) =>
  `postgres://${encodeURIComponent(db.user)}${db.password ? `:${encodeURIComponent(db.password)}` : ''}@${db.host.includes(':') ? `[${db.host}]` : db.host}:${db.port}/${name}`;

/**
 * Creates the `temporal` and `temporal_visibility` databases when missing and brings both schemas to the server's
 * version with the schema tool: `setup-schema -v 0.0` on a new database, then `update-schema` (the schemas the tool
 * embeds, the same files as the module's schema/postgresql/v12). Safe to run again: an up-to-date schema is left alone.
 */
export async function migrateClusterSchemas(sqlTool: string, db: ClusterDatabase, progress: (line: string) => void): Promise<void> {
  const base = [
    '--plugin',
    'postgres12',
    '--endpoint',
    db.host,
    '--port',
    String(db.port),
    '--user',
    db.user,
    ...(db.password ? ['--password', db.password] : []),
  ];
  const tool = (dbName: string, args: string[]) => {
    const r = spawnSync(sqlTool, [...base, '--database', dbName, ...args], { encoding: 'utf8' });
    if (r.error || r.status !== 0) {
      throw new ProvisionError(
        'Temporal schema',
        `temporal-sql-tool ${args[0]} on ${dbName} failed (exit ${r.status}):\n${(r.stderr || r.stdout || String(r.error)).slice(-1500)}`,
        `check that ${db.user} may create databases on ${db.host}:${db.port}`,
      );
    }
  };
  const admin = new pg.Client({ connectionString: pgUrl(db, 'postgres') });
  await admin.connect();
  try {
    for (const [name, schema] of [
      [db.temporalDb, 'temporal'],
      [db.visibilityDb, 'visibility'],
    ] as const) {
      const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
      if (!exists) {
        progress(`creating database ${name}`);
        tool(name, ['create-database']);
      }
      const c = new pg.Client({ connectionString: pgUrl(db, name) });
      await c.connect();
      const versioned = (await c.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'schema_version'`)).rowCount;
      await c.end();
      if (!versioned) tool(name, ['setup-schema', '-v', '0.0']);
      tool(name, ['update-schema', '--schema-name', `postgresql/v12/${schema}`]);
      const v = new pg.Client({ connectionString: pgUrl(db, name) });
      await v.connect();
      const [row] = (await v.query('SELECT curr_version FROM schema_version LIMIT 1')).rows as { curr_version: string }[];
      await v.end();
      progress(`${name}: schema ${schema} at version ${row?.curr_version ?? '?'}`);
    }
  } finally {
    await admin.end();
  }
}

/** Drops the cluster's two databases (the fault suite's own, after its run). */
export async function dropClusterDatabases(db: ClusterDatabase): Promise<void> {
  const admin = new pg.Client({ connectionString: pgUrl(db, 'postgres') });
  await admin.connect();
  try {
    for (const name of [db.temporalDb, db.visibilityDb])
      await admin.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export const CLUSTER_SERVICES = ['history-1', 'history-2', 'matching', 'frontend', 'worker'] as const;
export type ClusterService = (typeof CLUSTER_SERVICES)[number];

/**
 * The ports of each process from one base port: the frontend's gRPC port is the base (what TEMPORAL_ADDRESS names),
 * then 15 more in a row (gRPC, membership and metrics of each service; the frontend's HTTP port).
 */
export function clusterPorts(base: number): Record<ClusterService, Record<string, string>> {
  const p = (n: number) => String(base + n);
  return {
    frontend: {
      TEMPORAL_FRONTEND_PORT: p(0),
      TEMPORAL_FRONTEND_HTTP_PORT: p(1),
      TEMPORAL_FRONTEND_MEMBERSHIP_PORT: p(2),
      TEMPORAL_METRICS_PORT: p(11),
    },
    'history-1': { TEMPORAL_HISTORY_PORT: p(3), TEMPORAL_HISTORY_MEMBERSHIP_PORT: p(4), TEMPORAL_METRICS_PORT: p(12) },
    'history-2': { TEMPORAL_HISTORY_PORT: p(5), TEMPORAL_HISTORY_MEMBERSHIP_PORT: p(6), TEMPORAL_METRICS_PORT: p(13) },
    matching: { TEMPORAL_MATCHING_PORT: p(7), TEMPORAL_MATCHING_MEMBERSHIP_PORT: p(8), TEMPORAL_METRICS_PORT: p(14) },
    worker: { TEMPORAL_WORKER_PORT: p(9), TEMPORAL_WORKER_MEMBERSHIP_PORT: p(10), TEMPORAL_METRICS_PORT: p(15) },
  };
}
export const CLUSTER_PORT_COUNT = 16;

/** The Temporal service a process runs: both history hosts run `history`. */
const serviceOf = (name: ClusterService) => (name.startsWith('history') ? 'history' : name);

export interface TemporalCluster {
  /** The frontend's gRPC address (TEMPORAL_ADDRESS for the apps). */
  address: string;
  /** The process of a service, while it runs. */
  process(name: ClusterService): ChildProcess | undefined;
  /** Sends a signal to one service's process and waits for it to exit. */
  kill(name: ClusterService, signal: NodeJS.Signals): Promise<void>;
  /** Starts one service's process again, as it was started first. */
  start(name: ClusterService): Promise<void>;
  /** Stops every service (SIGTERM, then SIGKILL after 15 s). */
  stop(): Promise<void>;
}

/**
 * Starts the five processes from deploy/temporal/config/cluster.yaml, waits for the frontend, registers the
 * `default` namespace when missing, and returns once a workflow can be started there.
 */
export async function startTemporalCluster(o: {
  server: string;
  /** The repository root: the config file is deploy/temporal/config/cluster.yaml under it. */
  root: string;
  db: ClusterDatabase;
  basePort: number;
  log?: (service: ClusterService, line: string) => void;
  progress?: (line: string) => void;
  /** The services' log level (default: TEMPORAL_LOG_LEVEL through libs/config, else warn). */
  logLevel?: string;
  /** What else the frontend needs before the apps start. */
  onFrontendReady?: (connection: Connection) => Promise<void>;
  readyTimeoutMs?: number;
}): Promise<TemporalCluster> {
  const ports = clusterPorts(o.basePort);
  const address = `127.0.0.1:${o.basePort}`;
  const children = new Map<ClusterService, { child: ChildProcess; exited: Promise<void>; tail: string[] }>();
  const outer = processEnv();
  const logLevel = o.logLevel ?? loadClusterConfig(outer).logLevel;
  const env = (name: ClusterService): NodeJS.ProcessEnv => ({
    PATH: outer.PATH,
    HOME: outer.HOME,
    TEMPORAL_DB: o.db.temporalDb,
    TEMPORAL_VISIBILITY_DB: o.db.visibilityDb,
    TEMPORAL_DB_ADDR: `${o.db.host.includes(':') ? `[${o.db.host}]` : o.db.host}:${o.db.port}`,
    TEMPORAL_DB_USER: o.db.user,
    TEMPORAL_DB_PASSWORD: o.db.password,
    TEMPORAL_DYNAMIC_CONFIG: join(o.root, 'deploy', 'temporal', 'dynamicconfig.yaml'),
    TEMPORAL_LOG_LEVEL: logLevel,
    // Every process renders the whole file, so each is given every service's ports; its own come last.
    ...(Object.assign({}, ...CLUSTER_SERVICES.filter((s) => !s.startsWith('history') || s === 'history-1').map((s) => ports[s])) as Record<
      string,
      string
    >),
    ...ports[name],
  });
  const start = async (name: ClusterService) => {
    const child = spawn(
      o.server,
      [
        '--root',
        o.root,
        '--config',
        'deploy/temporal/config',
        '--env',
        'cluster',
        '--allow-no-auth',
        'start',
        '--service',
        serviceOf(name),
      ],
      {
        cwd: o.root,
        env: env(name),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const tail: string[] = [];
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        tail.push(line);
        if (tail.length > 30) tail.shift();
        o.log?.(name, line);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    children.set(name, { child, exited, tail });
    // A process that exits within its first seconds did not start (a port taken, the database unreachable).
    const early = await Promise.race([exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 1500))]);
    if (early) {
      throw new ProvisionError(
        'Temporal cluster',
        `the ${name} process exited at start (code ${child.exitCode}):\n${tail.join('\n').slice(-1500)}`,
        `check that ports ${o.basePort}–${o.basePort + CLUSTER_PORT_COUNT - 1} are free (APP_CLUSTER_PORT) and the database is reachable`,
      );
    }
  };
  const kill = async (name: ClusterService, signal: NodeJS.Signals) => {
    const c = children.get(name);
    if (!c || c.child.exitCode !== null || c.child.signalCode) return;
    c.child.kill(signal);
    const timer = setTimeout(() => c.child.kill('SIGKILL'), 15_000);
    await c.exited;
    clearTimeout(timer);
  };
  const stop = async () => {
    for (const name of ['worker', 'frontend', 'matching', 'history-2', 'history-1'] as const) await kill(name, 'SIGTERM');
  };
  try {
    for (const name of CLUSTER_SERVICES.filter((s) => s !== 'worker')) {
      o.progress?.(`starting ${name} (${Object.values(ports[name]).join(', ')})`);
      await start(name);
    }
    const connection = await connectWhenServing(address, o.readyTimeoutMs ?? 120_000, () =>
      [...children].filter(([, c]) => c.child.exitCode !== null).map(([n, c]) => `${n} exited:\n${c.tail.join('\n')}`),
    );
    try {
      if (await registerDefaultNamespace(connection)) o.progress?.('registered the namespace default');
      const added = await ensureSearchAttributes(connection.operatorService, 'default');
      if (added.length) {
        o.progress?.(`registered the search attributes ${added.join(', ')}`);
        // A history host reads the search attributes as it starts and caches them for a minute: a workflow setting one
        // meanwhile would fail its task. Nothing runs yet on new databases, so the hosts start again and know them.
        for (const name of ['history-1', 'history-2'] as const) {
          o.progress?.(`restarting ${name} (it reads the search attributes as it starts)`);
          await kill(name, 'SIGTERM');
          await start(name);
        }
        await historyServing(connection, o.readyTimeoutMs ?? 120_000);
      }
      await o.onFrontendReady?.(connection);
    } finally {
      await connection.close();
    }
    o.progress?.(`starting worker (${Object.values(ports.worker).join(', ')})`);
    await start('worker');
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, process: (name) => children.get(name)?.child, kill, start, stop };
}

async function connectWhenServing(address: string, timeoutMs: number, failures: () => string[]): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const failed = failures();
    if (failed.length)
      throw new ProvisionError(
        'Temporal cluster',
        failed.join('\n').slice(-2000),
        'read the lines above; the logs of each service are in the data folder',
      );
    try {
      const c = await Connection.connect({ address, connectTimeout: '2 seconds' });
      if (await temporalHealthy(c)) return c;
      await c.close();
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new ProvisionError(
    'Temporal cluster',
    `the frontend at ${address} did not answer within ${Math.round(timeoutMs / 1000)} s${last ? ` (${String(last)})` : ''}`,
    'read the service logs in the data folder',
  );
}

/** Waits until the history hosts answer again (a missing workflow's history is NOT_FOUND, not UNAVAILABLE). */
async function historyServing(connection: Connection, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await connection.workflowService.getWorkflowExecutionHistory({
        namespace: 'default',
        execution: { workflowId: 'dondoc-history-probe' },
      });
      return;
    } catch (err) {
      if ((err as { code?: number }).code === 5) return; // NOT_FOUND: a history host answered
      if (Date.now() > deadline)
        throw new ProvisionError(
          'Temporal cluster',
          `the history hosts did not answer within ${Math.round(timeoutMs / 1000)} s after their restart (${String(err)})`,
          'read the history logs in the data folder',
        );
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Registers `default` (3 days' retention, as the dev server) unless it exists; true when it registered it. */
export async function registerDefaultNamespace(connection: Connection, namespace = 'default'): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await connection.workflowService.describeNamespace({ namespace });
      return false;
    } catch (err) {
      if ((err as { code?: number }).code !== 5) {
        // Not NOT_FOUND: the frontend is still joining the ring (UNAVAILABLE) — try again.
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
    }
    try {
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('3 days') });
      // The services read namespaces from a cache refreshed every few seconds: wait until the frontend lists it.
      while (Date.now() < deadline) {
        try {
          await connection.workflowService.countWorkflowExecutions({ namespace, query: '' });
          return true;
        } catch {
          await new Promise((r) => setTimeout(r, 500));
        }
      }
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 6) return false; // ALREADY_EXISTS: another start registered it meanwhile
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
