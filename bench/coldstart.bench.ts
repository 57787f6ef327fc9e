// Cold start of `npm start` with everything cached (dependencies, build, Temporal CLI, an initialised and migrated
// PostgreSQL, the seed plan loaded, Node's compile cache) to its /health answering 200, beside the floor of the same
// services started bare, side by side, in the same run. Its own data folder and free ports: a running `npm start`
// (or another bench) is not disturbed.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { freePort } from '../test/utils/ports.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { appScript } from '../apps/launcher/src/spawn-app.js';
import { defaultCacheDir, projectRoot } from '#libs/config/src/index.js';
import { embeddedPostgresDir, startEmbeddedPostgres } from '#libs/database/src/provision.js';
import { findTemporalCli, startDevServer } from '#libs/temporal/src/dev-server.js';
import { stopWithBench } from './lib/interrupt.js';
import { median, interleaved, result, type BenchResult } from './lib/stats.js';

const GOAL_MS = 5_000;
const root = projectRoot();

/** One GET on a fresh connection (no keep-alive: nothing is left open for the api's shutdown to wait for). */
const status = (url: string): Promise<number> =>
  new Promise((resolve) => {
    const r = request(url, { agent: false, timeout: 1000, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    r.on('timeout', () => r.destroy());
    r.on('error', () => resolve(0));
    r.end();
  });

/** Polls `url` every 25 ms until it answers 200; the time from `t0`, in ms. */
async function until200(url: string, t0: number, timeoutMs: number, alive: () => boolean): Promise<number> {
  while (performance.now() - t0 < timeoutMs) {
    if ((await status(url)) === 200) return performance.now() - t0;
    if (!alive()) throw new Error(`exited before ${url} answered 200`);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s`);
}

function exited(child: ChildProcess, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function coldStartBench(o: { quick: boolean; repeats: number }): Promise<BenchResult[]> {
  const cleanEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|DATABASE_APP_URL|TEMPORAL_|SMTP_|APP_|PORT$|NODE_OPTIONS$)/.test(k)),
  );
  const cli = findTemporalCli({ explicit: process.env.TEMPORAL_CLI_PATH, cacheDir: defaultCacheDir(), path: process.env.PATH });
  if (!cli) {
    console.error('  cold start: no temporal CLI (TEMPORAL_CLI_PATH, cache, PATH): skipped');
    return [];
  }
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-bench-coldstart-'));
  const dataDir = join(dir, 'data');
  const [appPort, pgPort, temporalPort, smtpPort, floorPort] = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()));
  const env: NodeJS.ProcessEnv = {
    ...cleanEnv,
    TEMPORAL_CLI_PATH: cli,
    APP_DATA_DIR: dataDir,
    APP_PORT: String(appPort),
    APP_EMBEDDED_PG_PORT: String(pgPort),
    APP_TEMPORAL_PORT: String(temporalPort),
    APP_SMTP_CATCHER_PORT: String(smtpPort),
    NO_COLOR: '1',
  };
  // The compile cache the launcher gives the apps (apps/launcher/src/main.ts): the floor's api loads with it too.
  const compileCache = join(defaultCacheDir(), 'node-compile-cache');
  const running: { health: number; ready: number }[] = [];

  /** `npm start` (what its script runs: node scripts/bootstrap.mjs start) until /health 200, then stopped (SIGTERM). */
  const subject = async (): Promise<number> => {
    const t0 = performance.now();
    const child = stopWithBench(
      spawn(process.execPath, [join(root, 'scripts', 'bootstrap.mjs'), 'start'], {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    let out = '';
    let readyAt = 0;
    const keep = (c: Buffer) => {
      out = (out + c.toString()).slice(-20_000);
      if (!readyAt && out.includes('dondoc is running')) readyAt = performance.now() - t0;
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    try {
      const health = await until200(`http://127.0.0.1:${appPort}/health`, t0, 120_000, () => child.exitCode === null);
      // Stopped once the start is over (the seed run started), as a person would press Ctrl-C.
      while (!readyAt && child.exitCode === null && performance.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 25));
      running.push({ health, ready: readyAt });
      return health;
    } catch (err) {
      throw new Error(`npm start: ${(err as Error).message}\n${out.slice(-3000)}`);
    } finally {
      child.kill('SIGTERM');
      await exited(child, 60_000);
    }
  };

  // What the api loads: its bundle's modules when npm start runs the bundle (appScript), else the compiled modules.
  const script = appScript(root, 'api');
  const apiModules = script.endsWith('.mjs')
    ? join(dirname(script), 'app-factory.mjs')
    : join(root, 'dist', 'apps', 'api', 'src', 'app.factory.js');
  /**
   * The floor: the same services started bare and side by side — the embedded PostgreSQL on the same data folder
   * until it accepts connections, the Temporal dev server on the same state file until it answers (the launcher's
   * own two functions), and a node process that imports the api's compiled modules (all of them, as the api does)
   * and then listens with a bare `node:http` server, until it answers 200. No migrations check, no seed, no Nest
   * application, no worker: what `npm start` cannot do without.
   */
  const baseline = async (): Promise<number> => {
    const t0 = performance.now();
    const api = stopWithBench(
      spawn(
        process.execPath,
        [
          '--enable-source-maps',
          '--input-type=module',
          '-e',
          `await import(${JSON.stringify(apiModules)});
         (await import('node:http')).createServer((_, res) => res.end('ok')).listen(${floorPort}, '127.0.0.1');`,
        ],
        { cwd: root, env: { ...cleanEnv, NODE_COMPILE_CACHE: compileCache }, stdio: ['ignore', 'ignore', 'inherit'] },
      ),
    );
    const [pg, temporal, apiMs] = await Promise.allSettled([
      startEmbeddedPostgres({ dataDir: embeddedPostgresDir(dataDir), port: pgPort, log: () => undefined }).then((s) => ({
        s,
        ms: performance.now() - t0,
      })),
      startDevServer({ binary: cli, port: temporalPort, dbFile: join(dataDir, 'temporal.sqlite') }).then((s) => {
        stopWithBench(s.process);
        return { s, ms: performance.now() - t0 };
      }),
      until200(`http://127.0.0.1:${floorPort}/`, t0, 120_000, () => api.exitCode === null),
    ]);
    const floor = Math.max(
      ...[pg, temporal].map((r) => (r.status === 'fulfilled' ? r.value.ms : Infinity)),
      apiMs.status === 'fulfilled' ? apiMs.value : Infinity,
    );
    api.kill('SIGTERM');
    await Promise.all([
      exited(api, 10_000),
      pg.status === 'fulfilled' ? pg.value.s.stop() : undefined,
      temporal.status === 'fulfilled' ? temporal.value.s.stop() : undefined,
    ]);
    for (const r of [pg, temporal, apiMs]) if (r.status === 'rejected') throw r.reason;
    return floor;
  };

  const load: number[] = [loadavg()[0]];
  try {
    // A first start initialises PostgreSQL, migrates, loads the seed plan and fills the compile cache (not counted):
    // after it everything is cached, as issue #23's cold start says.
    await subject();
    running.length = 0;
    load.push(loadavg()[0]);
    const r = await interleaved(o.repeats, baseline, async () => {
      const ms = await subject();
      load.push(loadavg()[0]);
      return ms;
    });
    const s = (ms: number) => (ms / 1000).toFixed(2);
    const row = result({
      metric: 'cold start: npm start → /health 200, everything cached, vs the same services started bare side by side',
      unit: 's',
      subject: r.subject / 1000,
      baseline: r.baseline / 1000,
      better: 'lower',
      goal: '≤ 5 s',
      repeats: o.repeats,
      note:
        `npm start ${r.subjects.map(s).join(', ')} s; floor (PostgreSQL ∥ Temporal dev server ∥ node importing the api's modules and listening) ` +
        `${r.baselines.map(s).join(', ')} s; ratio ${(r.subject / r.baseline).toFixed(2)}× the floor; "dondoc is running" (seed run started) ` +
        `median ${s(median(running.map((x) => x.ready)))} s; 1-min load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}. ` +
        'Not counted: npm itself (its script is node scripts/bootstrap.mjs start, run here directly)',
    });
    return [{ ...row, met: r.subject <= GOAL_MS }];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
