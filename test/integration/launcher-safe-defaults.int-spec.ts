import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { appScript } from '../../apps/launcher/src/spawn-app.js';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { projectRoot } from '#libs/config/src/index.js';
import { createTestDatabase, type TestDatabase } from '../utils/database.js';
import { requestFrom } from '../utils/from-address.js';
import { freePort } from '../utils/ports.js';

const root = projectRoot();
/** Another host on the network: a second loopback address, which the api must not take for this machine. */
const REMOTE = '127.0.0.2';
const LOCAL = '127.0.0.1';

/** The environment of a fresh shell: none of dondoc's variables from the test run. */
const cleanEnv = () =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|TEMPORAL_|SMTP_|APP_|PORT$)/.test(k))) as Record<
    string,
    string
  >;

/** Runs a compiled app until `ready` shows in its output (or it exits); keeps the output. */
function startApp(script: string, args: string[], env: Record<string, string>, ready: RegExp, timeoutMs: number) {
  // The api runs from its bundle, as npm start runs it.
  const child = spawn(process.execPath, [appScript(root, script), ...args], {
    env: { ...cleanEnv(), NODE_OPTIONS: '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = new Promise<void>((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const poll = setInterval(() => {
      if (ready.test(out)) resolve();
      else if (child.exitCode !== null || Date.now() > deadline)
        reject(new Error(`${script} did not start (exit ${child.exitCode}):\n${out}`));
      else return;
      clearInterval(poll);
    }, 200);
  });
  return { child, started, exited, output: () => out };
}

async function stop(app: { child: ChildProcess; exited: Promise<number | null> } | undefined): Promise<void> {
  if (!app || app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill('SIGTERM');
  await Promise.race([app.exited, new Promise((r) => setTimeout(r, 40_000).unref())]);
  if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
}

/** The seed plan file cut down to item I01 without its village fan-out, under a plan id of this file's own. */
function smallSeedPlanFile(dir: string, planId: string): string {
  const doc = parse(readFileSync(join(root, 'plans', 'ha-giang-2023.yaml'), 'utf8')) as {
    plan: { id: string };
    items: { id: string; steps: { fan_out?: string }[] }[];
    policies: Record<string, unknown>;
  };
  doc.plan.id = planId;
  doc.items = doc.items.filter((i) => i.id === 'I01').map((i) => ({ ...i, steps: i.steps.filter((st) => !st.fan_out) }));
  delete doc.policies.child_friendly_assessment;
  const file = join(dir, 'plan.yaml');
  writeFileSync(file, stringify(doc));
  return file;
}

/**
 * `npm start`'s path (the launcher starting the api and the worker) opened to the network by hand (APP_HOST=0.0.0.0)
 * with the development header on (APP_ACTOR_HEADER=on): a request from another address of the machine (127.0.0.2
 * stands for the LAN) may not use the header, sees no mailbox and gets the anti-framing headers; this machine may.
 * And the api alone, without APP_HOST, listens on 127.0.0.1 only.
 */
describe('launcher: safe defaults reached from another host', () => {
  let db: TestDatabase;
  let dir: string;
  let launcher: ReturnType<typeof startApp> | undefined;
  let port: number;
  const planId = `HG-2023-LAN-${randomBytes(3).toString('hex')}`;
  const url = (path: string) => `http://${LOCAL}:${port}${path}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'dondoc-lan-'));
    port = await freePort();
    launcher = startApp(
      'launcher',
      ['start'],
      {
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
        TEMPORAL_TASK_QUEUE: `test-${randomBytes(4).toString('hex')}`,
        APP_PORT: String(port),
        APP_HOST: '0.0.0.0',
        APP_ACTOR_HEADER: 'on',
        APP_SMTP_CATCHER_PORT: String(await freePort()),
        APP_DATA_DIR: join(dir, 'data'),
        APP_SEED_PLAN: smallSeedPlanFile(dir, planId),
      },
      /dondoc is running/,
      180_000,
    );
    await launcher.started;
  }, 240_000);
  afterAll(async () => {
    await stop(launcher);
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('says which mode it is in: development, listening on every interface, the header on with a warning, the mailbox on', () => {
    const out = launcher!.output();
    expect(out).toContain('Mode: development');
    expect(out).toMatch(new RegExp(`Listening on +0\\.0\\.0\\.0:${port} +\\(reachable from other machines`));
    expect(out).toMatch(/X-Dondoc-Actor header +ON \(APP_ACTOR_HEADER=on\)/);
    expect(out).toMatch(/Mailbox +on \(built-in mail catcher; \/mailbox answers this machine only\)/);
    expect(out).toContain(`[api] dondoc api listening on 0.0.0.0:${port}`);
    expect(out).toContain('[api] WARNING: APP_ACTOR_HEADER=on');
  });

  it('from another host (127.0.0.2): the header is refused (401), there is no mailbox (404), and no page can be framed', async () => {
    const header = await requestFrom(REMOTE, url('/api/v1/plans'), { headers: { 'x-dondoc-actor': 'chairman' } });
    expect(header.status).toBe(401);
    expect(JSON.parse(header.body).code).toBe('ACTOR_HEADER_DISABLED');
    const approve = await requestFrom(REMOTE, url(`/api/v1/plans/${planId}/steps/I01.1/approval`), {
      method: 'POST',
      headers: { 'x-dondoc-actor': 'vice_chair_vhxh', 'content-type': 'application/json', 'x-forwarded-for': LOCAL },
      body: '{}',
    });
    expect({ status: approve.status, code: JSON.parse(approve.body).code }).toEqual({ status: 401, code: 'ACTOR_HEADER_DISABLED' });
    for (const path of ['/mailbox', '/api/dev/mailbox'])
      expect({ path, status: (await requestFrom(REMOTE, url(path))).status }).toEqual({ path, status: 404 });
    // `/` leads to the web app; the sign-in page stays a server page, with the development warning.
    expect((await requestFrom(REMOTE, url('/'))).status).toBe(302);
    const home = await requestFrom(REMOTE, url('/dang-nhap'));
    expect(home.status).toBe(200);
    expect(home.headers['x-frame-options']).toBe('DENY');
    expect(home.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(home.headers['x-powered-by']).toBeUndefined();
    expect(home.body).not.toContain('href="/mailbox"');
    expect(home.body).toContain('data-dev-banner');
  });

  it('from this machine (127.0.0.1): the header acts and the mailbox answers', async () => {
    const plans = await requestFrom(LOCAL, url('/api/v1/plans'), { headers: { 'x-dondoc-actor': 'chairman' } });
    expect(plans.status).toBe(200);
    expect(plans.body).toContain(planId);
    expect((await requestFrom(LOCAL, url('/mailbox'))).status).toBe(200);
    // The web app's menu lists it (GET /api/v1/me: dev.mailbox).
    const me = await requestFrom(LOCAL, url('/api/v1/me'), { headers: { 'x-dondoc-actor': 'chairman' } });
    expect((JSON.parse(me.body) as { dev: { mailbox: boolean } }).dev.mailbox).toBe(true);
  });

  it('the api alone listens on 127.0.0.1 only unless APP_HOST is set, and takes its port from PORT', async () => {
    const apiPort = await freePort();
    const api = startApp(
      'api',
      [],
      {
        DATABASE_APP_URL: db.appUrl,
        TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
        SMTP_URL: 'smtp://127.0.0.1:1',
        PORT: String(apiPort),
      },
      /listening on/,
      60_000,
    );
    try {
      await api.started;
      expect(api.output()).toContain(`dondoc api listening on 127.0.0.1:${apiPort}`);
      expect(api.output()).not.toContain('WARNING');
      expect((await requestFrom(LOCAL, `http://${LOCAL}:${apiPort}/health`)).headers['x-frame-options']).toBe('DENY');
      // Bound to 127.0.0.1: the port is closed on the machine's other addresses.
      await expect(requestFrom(LOCAL, `http://${REMOTE}:${apiPort}/health`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      // The header is off without APP_ACTOR_HEADER=on, from this machine too.
      const r = await requestFrom(LOCAL, `http://${LOCAL}:${apiPort}/api/v1/plans`, { headers: { 'x-dondoc-actor': 'chairman' } });
      expect({ status: r.status, code: JSON.parse(r.body).code }).toEqual({ status: 401, code: 'ACTOR_HEADER_DISABLED' });
    } finally {
      await stop(api);
    }
  });
});
