// The status API (NestJS, the real api binary) beside a raw node:http + pg server answering each request with the
// same SQL (recorded from the api), 16 connections (autocannon), for the seed plan's status page.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from '../test/utils/ports.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createDataSource, PlanRepository } from '#libs/database/src/index.js';
import { parsePlanFile } from '#libs/domain/src/index.js';
import { SmtpCatcher } from '#libs/mail/src/index.js';
import { projectRoot } from '#libs/config/src/index.js';
import { benchDatabase } from './lib/database.js';
import { interleaved, result, type BenchResult } from './lib/stats.js';
import { benchTemporal } from './lib/temporal.js';

const CONNECTIONS = 16;
const PLAN = 'HG-2023-BVCSTE';

async function waitHttp(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output.join('')}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`no answer from ${url}: ${output.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function start(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: string[]; stop(): Promise<void> } {
  const child = spawn(process.execPath, args, { env: { ...env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
  const exited = new Promise((r) => child.once('exit', r));
  return {
    child,
    output,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** The API answers only someone it knows: the plan's chairman through the dev header (the raw server ignores it). */
const READER = { 'x-dondoc-actor': 'chairman' };

async function load(url: string, seconds: number): Promise<{ rps: number; p99: number; errors: number }> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: READER });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

export async function statusApiBench(o: { quick: boolean; repeats: number }): Promise<BenchResult[]> {
  const db = await benchDatabase();
  const temporal = await benchTemporal();
  const mailDir = mkdtempSync(join(tmpdir(), 'dondoc-bench-mail-'));
  const catcher = new SmtpCatcher(mailDir);
  await catcher.start(0);
  const stops: (() => Promise<void>)[] = [];
  try {
    const parsed = parsePlanFile(readFileSync(join(projectRoot(), 'plans', 'ha-giang-2023.yaml'), 'utf8'), 'plans/ha-giang-2023.yaml');
    if (!parsed.ok) throw new Error('the seed plan does not parse');
    const ds = await createDataSource(db.url).initialize();
    await new PlanRepository(ds).insertIfAbsent(parsed.plan);
    await ds.destroy();
    const port = await freePort();
    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      DATABASE_APP_URL: db.appUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: `bench-${randomBytes(3).toString('hex')}`,
      SMTP_URL: `smtp://127.0.0.1:${catcher.port}`,
      APP_PORT: String(port),
      APP_BASE_URL: `http://127.0.0.1:${port}`,
      APP_SECRET: randomBytes(32).toString('base64url'),
      APP_ACTOR_HEADER: 'on',
      APP_RATE_LIMIT_PER_MIN: '1000000',
    };
    const api = join(projectRoot(), 'dist', 'apps', 'api', 'src', 'main.js');
    const statusUrl = (p: number) => `http://127.0.0.1:${p}/api/v1/plans/${PLAN}/status`;

    // 1. An api that records its SQL: start the run (102 step rows), then one status request.
    const sqlLog = join(mailDir, 'status.sql.jsonl');
    const recording = start(['--import', join(projectRoot(), 'dist', 'bench', 'lib', 'record-sql.js'), api], {
      ...env,
      BENCH_SQL_LOG: sqlLog,
    });
    stops.push(recording.stop);
    await waitHttp(`http://127.0.0.1:${port}/health`, recording.child, recording.output);
    const run = await fetch(`http://127.0.0.1:${port}/api/v1/plans/${PLAN}/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dondoc-actor': 'chairman' },
      body: JSON.stringify({ speed: 1, planStart: '2023-06-01' }),
    });
    if (!run.ok) throw new Error(`POST /run: ${run.status} ${await run.text()}`);
    // Warm (plan rows, roles, calendars, prepared metadata) with another query of the same answer: the api keeps its
    // answers by ETag (StatusAnswers), and the request recorded must build the answer, as the raw server does each time.
    const warm = await fetch(`${statusUrl(port)}?pageSize=500`, { headers: READER });
    if (!warm.ok) throw new Error(`GET status?pageSize=500: ${warm.status}`);
    writeFileSync(sqlLog, '');
    const sample = await fetch(statusUrl(port), { headers: READER });
    if (!sample.ok) throw new Error(`GET status: ${sample.status}`);
    const steps = ((await sample.json()) as { steps?: unknown[] }).steps?.length ?? 0;
    await recording.stop();
    const sql = readFileSync(sqlLog, 'utf8')
      .trim()
      .split('\n')
      .filter((l) => !/"text":"(START TRANSACTION|BEGIN|COMMIT|SELECT 1)/i.test(l));
    writeFileSync(sqlLog, `${sql.join('\n')}\n`);

    // 2. The api and the raw server, side by side, loaded in turn.
    const apiProc = start([api], env);
    stops.push(apiProc.stop);
    await waitHttp(statusUrl(port), apiProc.child, apiProc.output);
    const rawPort = await freePort();
    const raw = start([join(projectRoot(), 'dist', 'bench', 'lib', 'raw-status-server.js'), sqlLog, String(rawPort)], env);
    stops.push(raw.stop);
    await waitHttp(`http://127.0.0.1:${rawPort}/`, raw.child, raw.output);
    const seconds = o.quick ? 5 : 15;
    await load(statusUrl(port), 2);
    await load(`http://127.0.0.1:${rawPort}/`, 2);
    const apiRuns: { rps: number; p99: number; errors: number }[] = [];
    const rawRuns: typeof apiRuns = [];
    const r = await interleaved(
      o.repeats,
      async () => {
        const x = await load(`http://127.0.0.1:${rawPort}/`, seconds);
        rawRuns.push(x);
        return x.rps;
      },
      async () => {
        const x = await load(statusUrl(port), seconds);
        apiRuns.push(x);
        return x.rps;
      },
    );
    const errors = [...apiRuns, ...rawRuns].reduce((n, x) => n + x.errors, 0);
    if (errors) throw new Error(`${errors} failed requests during the status benchmark`);
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const apiP99 = med(apiRuns.map((x) => x.p99));
    const rawP99 = med(rawRuns.map((x) => x.p99));
    return [
      result({
        metric: `status API requests/s, ${CONNECTIONS} connections, vs raw node:http + pg`,
        unit: 'req/s',
        subject: r.subject,
        baseline: r.baseline,
        better: 'higher',
        goal: '≥ 0.8×',
        min: 0.8,
        repeats: o.repeats,
        note: `seed plan status (${steps} steps, ${sql.length} SQL statements per request)`,
      }),
      {
        metric: 'status API p99 vs raw node:http + pg',
        unit: 'ms p99',
        subject: apiP99,
        baseline: rawP99,
        ratio: apiP99 / rawP99,
        better: 'lower',
        goal: '≤ raw + 15 ms',
        met: apiP99 <= rawP99 + 15,
        repeats: o.repeats,
      },
    ];
  } finally {
    for (const stop of stops.reverse()) await stop();
    await catcher.stop();
    await temporal.stop();
    await db.drop();
    rmSync(mailDir, { recursive: true, force: true });
  }
}
