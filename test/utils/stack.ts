import { randomBytes } from 'node:crypto';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { AppModule } from '../../apps/api/src/app.module.js';
import { configureApiApp } from '../../apps/api/src/app.factory.js';
import { PlanRunsService } from '../../apps/api/src/plans/plan-runs.service.js';
import { spawnApp } from '../../apps/launcher/src/services.js';
import { APP_CONFIG, type AppConfig } from '#libs/config/src/index.js';
import { PlanDraftRepository, PlanRepository } from '#libs/database/src/index.js';
import { parsePlanFile, type PlanSpec } from '#libs/domain/src/index.js';
import { readMailbox, SmtpCatcher, type CaughtMail } from '#libs/mail/src/index.js';
import { projectRoot } from '#libs/config/src/index.js';
import { stepWorkflowId } from '#libs/temporal/src/workflow-ids.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { responseChecker, type OpenApiDoc } from './openapi-check.js';
import { freePort } from './ports.js';

/** The whole system for one test file: its own database, mail catcher and task queue; the real worker as a child process. */
export interface Stack {
  baseUrl: string;
  config: AppConfig;
  db: TestDatabase;
  ds: DataSource;
  catcher: SmtpCatcher;
  mailboxDir: string;
  api: INestApplication;
  /** The worker's probes and /metrics (APP_WORKER_PORT), when the stack was started with `workerOps`. */
  workerOpsUrl?: string;
  startWorker(): Promise<void>;
  /** Whether the worker child process is running, and the last lines it printed. */
  workerState(): { running: boolean; lastLines: string };
  killWorker(signal?: NodeJS.Signals): Promise<void>;
  loadPlan(spec?: PlanSpec): Promise<PlanSpec>;
  /** Loads the plan of a plan file (default the seed plan) and keeps the file, as the launcher does (what next year's draft clones). */
  loadPlanFile(file?: string): Promise<PlanSpec>;
  /**
   * A JSON request. Every route of /api/v1 needs a principal: `actor` names the acting role in the X-Dondoc-Actor
   * header; left out, the request goes as the plan's chairman (DEFAULT_ACTOR, a role of every test plan) when the
   * header is on; `null` sends none (anonymous). Every answer of /api/v1 is checked against the OpenAPI document the
   * api serves: an undeclared status or a body that does not match its declared schema throws, naming the route.
   */
  http<T = any>(method: string, path: string, body?: unknown, actor?: string | null): Promise<{ status: number; body: T }>;
  /**
   * POST /run as the chairman, then waits until the plan-run workflow has started every step (each has recorded its
   * assignment). With the X-Dondoc-Actor header off the run is started through PlanRunsService, as setup: who may
   * start a run is covered by the authorization matrix (test/e2e/authorization.e2e-spec.ts).
   */
  runPlan<T = any>(planId: string, body: unknown): Promise<{ status: number; body: T }>;
  /**
   * Waits until the plan's step workflows have done all that was due at their start: none has an activity or a
   * workflow task pending (the notices whose instants lay before the plan start are recorded and mailed). From then
   * on, at speed 1, only people (or an instant days ahead) move a step, so two reads of the status agree.
   */
  settled(planId: string, timeoutMs?: number): Promise<void>;
  waitForMail(match: (m: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  close(): Promise<void>;
}

export const seedPlan = (): PlanSpec => {
  const r = parsePlanFile(readFileSync(join(projectRoot(), 'plans', 'ha-giang-2023.yaml'), 'utf8'), 'plans/ha-giang-2023.yaml');
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.plan;
};

/** The seed plan cut down to item I01 without its village fan-out: four steps, I01.5 among them. */
export const seedPlanI01 = (id: string): PlanSpec => {
  const seed = seedPlan();
  const i01 = seed.items.find((i) => i.id === 'I01')!;
  return { ...seed, id, items: [{ ...i01, steps: i01.steps.filter((s) => !s.fanOut) }] };
};

/** Item I01 of the seed plan whole, with its village fan-out I01.4: 14 instances. */
export const seedPlanI01WithVillages = (id: string): PlanSpec => {
  const seed = seedPlan();
  return { ...seed, id, items: [seed.items.find((i) => i.id === 'I01')!] };
};

/**
 * `actorHeader` (default on, as `npm start`): whether the X-Dondoc-Actor header may name the acting role.
 * `rateLimitPerMin`: APP_RATE_LIMIT_PER_MIN of the api (default the api's own).
 */
export async function startStack(
  o: {
    temporalAddress?: string;
    maxChildren?: number;
    actorHeader?: boolean;
    rateLimitPerMin?: number;
    databaseVia?: (url: string) => string;
    workerOps?: boolean;
  } = {},
): Promise<Stack> {
  const db = await createTestDatabase();
  // `databaseVia`: the address the api and the worker reach the database at (a fault test's proxy); db.url stays direct.
  // The api and the worker connect as the login dondoc_app, as in production (db.url, the owner, stays the tests' own).
  const appDatabaseUrl = o.databaseVia ? o.databaseVia(db.appUrl) : db.appUrl;
  const mailboxDir = mkdtempSync(join(tmpdir(), 'dondoc-mail-'));
  const catcher = new SmtpCatcher(mailboxDir);
  await catcher.start(0);
  const taskQueue = `test-${randomBytes(4).toString('hex')}`;
  const config: AppConfig = {
    databaseUrl: o.databaseVia ? o.databaseVia(db.url) : db.url,
    appDatabaseUrl,
    temporal: { address: o.temporalAddress ?? process.env.TEMPORAL_ADDRESS!, namespace: 'default', taskQueue, maxChildren: o.maxChildren },
    smtp: { url: `smtp://127.0.0.1:${catcher.port}`, from: 'UBND xã Hà Giang <no-reply@hagiang.example.org>' },
    port: 0,
    host: '127.0.0.1',
    baseUrl: 'http://placeholder',
    mailboxDir,
    actorHeader: o.actorHeader ?? true,
    secret: randomBytes(32).toString('base64url'),
    rateLimitPerMin: o.rateLimitPerMin,
  };
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .compile();
  const api = moduleRef.createNestApplication({ logger: ['error'] });
  configureApiApp(api);
  await api.listen(0, config.host);
  const baseUrl = (await api.getUrl()).replace('[::1]', '127.0.0.1');
  config.baseUrl = baseUrl;
  const ds = api.get(DataSource);

  const workerOpsPort = o.workerOps ? await freePort() : undefined;
  const workerEnv = {
    ...process.env,
    DATABASE_APP_URL: appDatabaseUrl,
    TEMPORAL_ADDRESS: config.temporal.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_URL: config.smtp.url,
    APP_BASE_URL: baseUrl,
    APP_SECRET: config.secret,
    NODE_OPTIONS: '',
    NO_COLOR: '1',
    ...(workerOpsPort ? { APP_WORKER_PORT: String(workerOpsPort) } : {}),
  };
  let worker: ReturnType<typeof spawnApp> | undefined;
  const output: string[] = [];
  // The served document, read and compiled once before any test runs.
  const check = responseChecker((await (await fetch(`${baseUrl}/api/docs-json`)).json()) as OpenApiDoc);
  const checkAnswer = async (method: string, path: string, r: Response, body: unknown) => {
    if (!/^\/api\/v1(\/|\?|$)/.test(path)) return;
    const wrong = check(method, path, r.status, r.headers.get('content-type') ?? '', body);
    if (wrong) throw new Error(`The answer does not match the OpenAPI document: ${wrong}\nbody: ${JSON.stringify(body).slice(0, 2000)}`);
  };

  const stack: Stack = {
    baseUrl,
    config,
    db,
    ds,
    catcher,
    mailboxDir,
    api,
    ...(workerOpsPort ? { workerOpsUrl: `http://127.0.0.1:${workerOpsPort}` } : {}),
    async startWorker() {
      const w = spawnApp('worker', join(projectRoot(), 'dist', 'apps', 'worker', 'src', 'main.js'), workerEnv, (line) => output.push(line));
      worker = w;
      const deadline = Date.now() + 60_000;
      while (!output.join('').includes(`polling ${taskQueue}`)) {
        if (w.child.exitCode !== null) throw new Error(`worker exited: ${output.join('')}`);
        if (Date.now() > deadline) throw new Error(`worker did not start: ${output.join('')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    workerState: () => ({
      running: !!worker && worker.child.exitCode === null && worker.child.signalCode === null,
      lastLines: output.slice(-40).join('\n'),
    }),
    async killWorker(signal = 'SIGKILL') {
      if (!worker || worker.child.exitCode !== null) return;
      worker.child.kill(signal);
      await worker.exited;
    },
    async loadPlan(spec = seedPlan()) {
      await new PlanRepository(ds).insertIfAbsent(spec);
      return spec;
    },
    async loadPlanFile(file = join(projectRoot(), 'plans', 'ha-giang-2023.yaml')) {
      const text = readFileSync(file, 'utf8');
      const r = parsePlanFile(text, file);
      if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
      await new PlanRepository(ds).insertIfAbsent(r.plan);
      await new PlanDraftRepository(ds).keepPlanFile(r.plan.id, file.split('/').pop()!, text);
      return r.plan;
    },
    async http(method, path, body, actor) {
      const as = actor === undefined ? (config.actorHeader ? DEFAULT_ACTOR : null) : actor;
      const r = await fetchRetryingIdempotent(`${baseUrl}${path}`, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(as ? { 'x-dondoc-actor': as } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await r.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* an HTML page */
      }
      await checkAnswer(method, path, r, parsed);
      return { status: r.status, body: parsed as never };
    },
    async runPlan(planId, body) {
      const r = config.actorHeader
        ? await stack.http('POST', `/api/v1/plans/${encodeURIComponent(planId)}/run`, body)
        : {
            status: 200,
            body: JSON.parse(JSON.stringify(await api.get(PlanRunsService).start(planId, { speed: 1, ...(body as object) }))),
          };
      if (r.status === 200) {
        await eventually(
          async () => {
            const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM step WHERE plan_id = $1 AND seq = 0`, [planId]);
            return n === 0 ? true : undefined;
          },
          60_000,
          `the plan run of ${planId} to start its steps`,
        );
      }
      return r;
    },
    async settled(planId, timeoutMs = 60_000) {
      const client = api.get(Client);
      const steps: { stepId: string }[] = await ds.query(`SELECT step_id AS "stepId" FROM step WHERE plan_id = $1`, [planId]);
      await eventually(
        async () => {
          for (const { stepId } of steps) {
            const { raw } = await client.workflow.getHandle(stepWorkflowId(planId, stepId)).describe();
            if (raw.pendingActivities?.length || raw.pendingWorkflowTask) return undefined;
          }
          return true;
        },
        timeoutMs,
        `the step workflows of ${planId} to finish what was due at their start`,
      );
    },
    async waitForMail(match, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await readMailbox(mailboxDir)).find(match);
        if (found) return found;
        if (Date.now() > deadline) {
          const box = (await readMailbox(mailboxDir)).map((m) => `${m.to.join(', ')} ${m.subject}`).join(' | ');
          throw new Error(
            `no matching mail within ${timeoutMs} ms; mailbox has: ${box}\nworker output (last lines):\n${output.slice(-40).join('\n')}`,
          );
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async close() {
      await stack.killWorker('SIGTERM');
      await api.close();
      await catcher.stop();
      await db.drop();
    },
  };
  return stack;
}

/** Methods that may be sent twice with the effect of once (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/**
 * fetch, sending an idempotent request again (twice at most) when the connection was reset under it: a pooled
 * keep-alive socket the server closed at the moment the request went out (ECONNRESET, or the socket closing before an
 * answer). A POST is never sent again: the server may have acted on it.
 */
export async function fetchRetryingIdempotent(url: string, init: RequestInit & { method: string }): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause;
      const reset = cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'EPIPE';
      if (!reset || !IDEMPOTENT.has(init.method.toUpperCase()) || attempt >= 3) throw err;
    }
  }
}

/** The role s.http acts as when a test names none: every test plan has a chairman. */
export const DEFAULT_ACTOR = 'chairman';

/** Polls until `check` returns a value other than undefined. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A stack with its worker running and item I01 of the seed plan loaded under `planId`. */
export async function startSeedStack(planId: string, o: Parameters<typeof startStack>[0] = {}): Promise<Stack> {
  const s = await startStack(o);
  await s.startWorker();
  await s.loadPlan(seedPlanI01(planId));
  return s;
}
