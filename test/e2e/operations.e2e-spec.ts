import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnApp } from '../../apps/launcher/src/services.js';
import { appScript } from '../../apps/launcher/src/spawn-app.js';
import { createDataSource, PlanRepository } from '#libs/database/src/index.js';
import { SmtpCatcher } from '#libs/mail/src/index.js';
import { projectRoot } from '#libs/config/src/project-root.js';
import { createTestDatabase, type TestDatabase } from '../utils/database.js';
import { freePort } from '../utils/ports.js';
import { seedPlanI01 } from '../utils/stack.js';

const PLAN = `OPS-${randomBytes(3).toString('hex')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Operations through the real processes (dist/apps/api and dist/apps/worker as the launcher runs them), PostgreSQL,
 * the Temporal dev server and the SMTP catcher: liveness and readiness probes, Prometheus metrics, and graceful
 * shutdown — the api answers the request in flight after SIGTERM, the worker drains and exits cleanly.
 */
describe('operations: probes, metrics, graceful shutdown', () => {
  let db: TestDatabase;
  let catcher: SmtpCatcher;
  let env: NodeJS.ProcessEnv;
  const output: string[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    const ds = await createDataSource(db.url, { poolSize: 1 }).initialize();
    await new PlanRepository(ds).insertIfAbsent(seedPlanI01(PLAN));
    await ds.destroy();
    catcher = new SmtpCatcher(mkdtempSync(join(tmpdir(), 'dondoc-ops-mail-')));
    await catcher.start(0);
    env = {
      ...process.env,
      DATABASE_APP_URL: db.appUrl,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS,
      TEMPORAL_TASK_QUEUE: `ops-${randomBytes(4).toString('hex')}`,
      SMTP_URL: `smtp://127.0.0.1:${catcher.port}`,
      APP_SECRET: randomBytes(32).toString('base64url'),
      APP_ACTOR_HEADER: 'on',
      APP_HOST: '127.0.0.1',
      NODE_OPTIONS: '',
      NO_COLOR: '1',
    };
  });
  afterAll(async () => {
    await catcher?.stop();
    await db?.drop();
  });

  const start = async (app: 'api' | 'worker', extra: NodeJS.ProcessEnv, ready: string) => {
    const p = spawnApp(app, appScript(projectRoot(), app), { ...env, ...extra }, (l) => output.push(l));
    const deadline = Date.now() + 60_000;
    while (!output.some((l) => l.includes(ready))) {
      if (p.child.exitCode !== null) throw new Error(`${app} exited: ${output.join('\n')}`);
      if (Date.now() > deadline) throw new Error(`${app} did not start: ${output.join('\n')}`);
      await sleep(100);
    }
    return p;
  };

  it('api: live and ready; /metrics counts requests by route pattern and reads the outbox; SIGTERM: not ready, the request in flight answered, then a clean exit', async () => {
    const port = await freePort();
    const api = await start('api', { APP_PORT: String(port), APP_SHUTDOWN_DELAY_MS: '1500' }, 'dondoc api listening');
    const base = `http://127.0.0.1:${port}`;
    expect(await (await fetch(`${base}/health/live`)).json()).toEqual({ status: 'live' });
    const ready = await fetch(`${base}/health/ready`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({
      status: 200,
      body: { status: 'ready', postgres: true, temporal: true },
    });
    for (let i = 0; i < 3; i++)
      expect((await fetch(`${base}/api/v1/plans/${PLAN}/status`, { headers: { 'x-dondoc-actor': 'chairman' } })).status).toBe(200);
    expect((await fetch(`${base}/api/v1/plans/KHONG-CO/status`, { headers: { 'x-dondoc-actor': 'chairman' } })).status).toBe(404);

    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await metrics.text();
    // The route pattern, not the plan id: the label set stays bounded.
    expect(text).toMatch(/^dondoc_http_requests_total\{method="GET",route="\/api\/v1\/plans\/:planId\/status",status="200"\} 3$/m);
    expect(text).toMatch(/^dondoc_http_requests_total\{method="GET",route="\/api\/v1\/plans\/:planId\/status",status="404"\} 1$/m);
    expect(text).toMatch(/^dondoc_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/plans\/:planId\/status"\} 4$/m);
    expect(text).not.toContain(PLAN);
    expect(text).toMatch(/^dondoc_mail_outbox_backlog\{status="pending"\} 0$/m);
    expect(text).toMatch(/^dondoc_mail_outbox_oldest_pending_seconds 0$/m);
    expect(text).toMatch(/^dondoc_api_process_cpu_user_seconds_total /m);

    // A request in flight on a keep-alive connection: headers sent, half the body; then SIGTERM. Once answered, its
    // connection is closed too (before, it stayed open until the shutdown timeout: "requests still open").
    const body = JSON.stringify({ speed: 1 });
    const socket: Socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const answer = new Promise<string>((resolve) => {
      let got = '';
      socket.on('data', (c) => (got += c.toString()));
      socket.on('close', () => resolve(got));
    });
    socket.write(
      `POST /api/v1/plans/${PLAN}/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Dondoc-Actor: chairman\r\nConnection: keep-alive\r\n\r\n${body.slice(0, 5)}`,
    );
    await sleep(300);
    // Nest closes the app, then ends the process with the signal it received: a clean stop is code 0 or SIGTERM.
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
      api.child.once('exit', (code, signal) => r({ code, signal })),
    );
    api.child.kill('SIGTERM');
    await sleep(300);
    // Stopping: not ready any more (a load balancer stops sending), still alive and serving.
    const during = await fetch(`${base}/health/ready`);
    expect({ status: during.status, body: await during.json() }).toEqual({
      status: 503,
      body: { status: 'stopping', postgres: null, temporal: null },
    });
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    // The rest of the body after the shutdown delay (1.5 s): the server has stopped accepting and closed what was idle.
    await sleep(1500);
    socket.write(body.slice(5));
    const raw = await answer;
    expect(raw).toMatch(/^HTTP\/1\.1 200 /);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual(
      expect.objectContaining({ runWorkflowId: `plan-${PLAN}`, runStarted: true }),
    );
    expect([
      { code: 0, signal: null },
      { code: null, signal: 'SIGTERM' },
    ]).toContainEqual(await exit);
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
    expect(output.join('\n')).not.toMatch(/requests still open/);
  });

  it('worker: ready once polling, /metrics with Node and Temporal SDK metrics, JSON logs; SIGTERM: drains and exits 0', async () => {
    const port = await freePort();
    const worker = await start('worker', { APP_WORKER_PORT: String(port), APP_LOG_FORMAT: 'json' }, `polling ${env.TEMPORAL_TASK_QUEUE}`);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 200, body: { status: 'ready', worker: 'RUNNING' } });
    // The SDK's exporter fills in once the worker has polled.
    let text = '';
    for (let i = 0; i < 30 && !/^temporal_\w+/m.test(text); i++) {
      text = await (await fetch(`${base}/metrics`)).text();
      await sleep(500);
    }
    expect(text).toMatch(/^dondoc_worker_process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^temporal_(num_pollers|worker_start|workflow_task_queue_poll|request)\w*\{/m);
    const exited = new Promise<number | null>((r) => worker.child.once('exit', (code) => r(code)));
    worker.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // APP_LOG_FORMAT=json: every line the worker printed is one JSON object, the SDK's included.
    const lines = output
      .filter((l) => l.startsWith('[worker] '))
      .map((l) => JSON.parse(l.slice('[worker] '.length)) as { level: string; msg: string; context?: string; state?: string });
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'log', context: 'Worker', msg: expect.stringContaining(`polling ${env.TEMPORAL_TASK_QUEUE}`) }),
    );
    expect(lines.filter((l) => l.msg === 'Worker state changed').map((l) => l.state)).toEqual(
      expect.arrayContaining(['RUNNING', 'DRAINED', 'STOPPED']),
    );
  });
});
