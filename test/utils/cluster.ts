// The cluster tier's stack: a real Temporal cluster (five processes, PostgreSQL persistence and visibility in
// databases of its own), two dondoc workers and two api replicas as child processes, and a client that sends each
// request to one replica and to the other when the first refuses the connection (what a load balancer does).
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { spawnApp } from '../../apps/launcher/src/services.js';
import { appScript } from '../../apps/launcher/src/spawn-app.js';
import { defaultCacheDir } from '#libs/config/src/index.js';
import { projectRoot } from '#libs/config/src/project-root.js';
import {
  CLUSTER_PORT_COUNT,
  clusterDatabase,
  dropClusterDatabases,
  findTemporalServer,
  migrateClusterSchemas,
  startTemporalCluster,
  type ClusterDatabase,
  type TemporalCluster,
} from '#libs/temporal/src/cluster.js';
import { freePort } from './ports.js';
import { DEFAULT_ACTOR, startStack, type Stack } from './stack.js';

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

/** The first of `n` TCP ports in a row free on loopback now, below 32768 (Temporal keeps membership ports as smallint). */
export async function freePortRange(n: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    let ok = true;
    for (let i = 0; i < n && ok; i++) ok = await portFree(base + i);
    if (ok) return base;
  }
  throw new Error(`no ${n} free ports in a row`);
}

export interface TestCluster {
  temporal: TemporalCluster;
  db: ClusterDatabase;
  /** Lines the cluster's processes printed, per service (the last 200). */
  logs: Map<string, string[]>;
  close(): Promise<void>;
}

/** A Temporal cluster on TEST_DATABASE_URL's server, in two databases of its own (dropped by close). */
export async function startTestCluster(): Promise<TestCluster> {
  const binaries = findTemporalServer(defaultCacheDir());
  if (!binaries) throw new Error('the Temporal server is not built: run the cluster tier with `npm run test:cluster`, which builds it');
  const suffix = randomBytes(4).toString('hex');
  const db = clusterDatabase(process.env.TEST_DATABASE_URL!, {
    temporalDb: `temporal_t${suffix}`,
    visibilityDb: `temporal_t${suffix}_visibility`,
  });
  await migrateClusterSchemas(binaries.sqlTool, db, () => undefined);
  const logs = new Map<string, string[]>();
  const log = (service: string, line: string) => {
    const l = logs.get(service) ?? [];
    l.push(line);
    if (l.length > 200) l.shift();
    logs.set(service, l);
  };
  let temporal: TemporalCluster;
  try {
    temporal = await startTemporalCluster({
      server: binaries.server,
      root: projectRoot(),
      db,
      basePort: await freePortRange(CLUSTER_PORT_COUNT),
      log,
    });
  } catch (err) {
    await dropClusterDatabases(db); // a cluster that did not start leaves no databases behind
    throw err;
  }
  return {
    temporal,
    db,
    logs,
    close: async () => {
      await temporal.stop();
      await dropClusterDatabases(db);
    },
  };
}

export interface Replica {
  name: string;
  port: number;
  /** Requests this replica answered. */
  answered: number;
  running(): boolean;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface ClusterStack extends Stack {
  replicas: Replica[];
  workers: { name: string; running(): boolean; kill(signal: NodeJS.Signals): Promise<void>; start(): Promise<void> }[];
  /** Requests sent to a replica that refused the connection, then answered by the other. */
  failovers: number;
  /** Requests that failed on every replica. */
  failedRequests: number;
  /** Why they failed (the first 20): a refused connection on both replicas, a reset, no answer within 60 s. */
  failures: string[];
  /** Of the failed requests, those that got no answer within 60 s (the connection was taken; the answer was slow). */
  unanswered: number;
}

/**
 * The stack of test/utils/stack.ts (its database, mail catcher, task queue and first worker) on the cluster, with a
 * second worker and two api replicas as processes; `http` goes to the replicas in turn. The stack's in-process api is
 * used only for its database connection.
 */
export async function startClusterStack(cluster: TestCluster): Promise<ClusterStack> {
  const s = await startStack({ temporalAddress: cluster.temporal.address, rateLimitPerMin: 1_000_000 });
  await s.startWorker();
  const output = new Map<string, string[]>();
  const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
    ...process.env,
    DATABASE_APP_URL: s.config.appDatabaseUrl,
    TEMPORAL_ADDRESS: s.config.temporal.address,
    TEMPORAL_TASK_QUEUE: s.config.temporal.taskQueue,
    SMTP_URL: s.config.smtp.url,
    APP_BASE_URL: s.baseUrl,
    APP_SECRET: s.config.secret,
    APP_RATE_LIMIT_PER_MIN: '1000000',
    APP_ACTOR_HEADER: 'on',
    APP_HOST: '127.0.0.1',
    NODE_OPTIONS: '',
    NO_COLOR: '1',
    ...extra,
  });
  const start = (name: string, app: 'api' | 'worker', extra: NodeJS.ProcessEnv) => {
    const lines: string[] = [];
    output.set(name, lines);
    return spawnApp(name, appScript(projectRoot(), app), env(extra), (line) => {
      lines.push(line);
      if (lines.length > 200) lines.shift();
    });
  };
  const waitFor = async (name: string, child: ReturnType<typeof spawnApp>, text: string) => {
    const deadline = Date.now() + 90_000;
    while (!(output.get(name) ?? []).join('\n').includes(text)) {
      if (child.child.exitCode !== null) throw new Error(`${name} exited: ${(output.get(name) ?? []).join('\n')}`);
      if (Date.now() > deadline) throw new Error(`${name} did not start: ${(output.get(name) ?? []).join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  // The second worker: the first is the stack's own.
  let worker2 = start('worker-2', 'worker', {});
  await waitFor('worker-2', worker2, `polling ${s.config.temporal.taskQueue}`);
  const replicas: (Replica & { child: ReturnType<typeof spawnApp> })[] = [];
  for (const name of ['api-1', 'api-2']) {
    const port = await freePort();
    const child = start(name, 'api', { APP_PORT: String(port) });
    await waitFor(name, child, 'dondoc api listening');
    const replica: Replica & { child: ReturnType<typeof spawnApp> } = {
      name,
      port,
      answered: 0,
      child,
      running: () => child.child.exitCode === null && child.child.signalCode === null,
      stop: async (signal = 'SIGTERM') => {
        if (!replica.running()) return;
        child.child.kill(signal);
        await child.exited;
      },
    };
    replicas.push(replica);
  }

  let turn = 0;
  const cs: ClusterStack = Object.assign(Object.create(null) as ClusterStack, s, {
    replicas,
    failovers: 0,
    failedRequests: 0,
    failures: [],
    unanswered: 0,
    workers: [
      {
        name: 'worker-1',
        running: () => s.workerState().running,
        kill: (signal: NodeJS.Signals) => s.killWorker(signal),
        start: () => s.startWorker(),
      },
      {
        name: 'worker-2',
        running: () => worker2.child.exitCode === null && worker2.child.signalCode === null,
        kill: async (signal: NodeJS.Signals) => {
          worker2.child.kill(signal);
          await worker2.exited;
        },
        start: async () => {
          worker2 = start('worker-2', 'worker', {});
          await waitFor('worker-2', worker2, `polling ${s.config.temporal.taskQueue}`);
        },
      },
    ],
    /** One request to the replicas in turn; a refused connection (nothing was sent) goes to the other replica. */
    async http(method: string, path: string, body?: unknown, actor?: string | null) {
      const as = actor === undefined ? DEFAULT_ACTOR : actor;
      const first = turn++ % replicas.length;
      let lastError: unknown;
      for (let i = 0; i < replicas.length; i++) {
        const replica = replicas[(first + i) % replicas.length];
        try {
          const r = await send(replica.port, method, path, body, as);
          replica.answered++;
          if (i > 0) cs.failovers++;
          return r;
        } catch (err) {
          lastError = err;
          if ((err as { code?: string }).code !== 'ECONNREFUSED') break; // the request may have reached the server
        }
      }
      cs.failedRequests++;
      if ((lastError as { code?: string }).code === 'NO_ANSWER') cs.unanswered++;
      if (cs.failures.length < 20)
        cs.failures.push(`${method} ${path.replace(/\/api\/v1\/plans\/[^/]+/, '…')}: ${(lastError as Error).message}`);
      throw lastError;
    },
    async close() {
      for (const r of replicas) await r.stop('SIGTERM');
      if (worker2.child.exitCode === null) {
        worker2.child.kill('SIGTERM');
        await worker2.exited;
      }
      await s.close();
    },
  });
  return cs;
}

/** A request on a connection of its own (no pooled socket the server may have closed), JSON in and out. */
function send(port: number, method: string, path: string, body: unknown, actor: string | null): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: {
          ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
          ...(actor ? { 'x-dondoc-actor': actor } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(Object.assign(new Error(`no answer within 60 s`), { code: 'NO_ANSWER' })));
    req.end(data);
  });
}
