import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { appScript } from '../../apps/launcher/src/spawn-app.js';
import { projectRoot } from '#libs/config/src/index.js';
import { freePort } from '../utils/ports.js';

const root = projectRoot();
const run = (script: string, args: string[], env: Record<string, string>) => {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|TEMPORAL_|SMTP_|APP_)/.test(k)));
  const r = spawnSync(process.execPath, [appScript(root, script), ...args], {
    env: { ...clean, NODE_OPTIONS: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};
const noStackTrace = (out: string) => expect(out).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);

/** Bad configuration and unreachable components stop the start with a message a person can act on. */
describe('start-up errors', () => {
  it('names every bad variable at once and never prints its value', () => {
    const r = run('launcher', ['start'], { APP_PORT: 'abc', DATABASE_URL: 'mysql://u:s3cret@h/db', SMTP_URL: 'http://mail' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('Cannot start. Fix these environment variables');
    expect(r.out).toMatch(/APP_PORT: invalid value; expected a TCP port/);
    expect(r.out).toMatch(/DATABASE_URL: invalid value; expected a PostgreSQL URL/);
    expect(r.out).toMatch(/SMTP_URL: invalid value/);
    expect(r.out).not.toContain('s3cret');
    noStackTrace(r.out);
  });

  it('says which PostgreSQL it cannot reach and how to fix it', async () => {
    const port = await freePort();
    const r = run('launcher', ['start'], { DATABASE_URL: `postgres://dondoc:pw@127.0.0.1:${port}/dondoc` });
    expect(r.code).toBe(1);
    expect(r.out).toContain(`PostgreSQL: cannot connect to postgres://dondoc:***@127.0.0.1:${port}/dondoc`);
    expect(r.out).toContain('How to fix: check DATABASE_URL');
    expect(r.out).not.toContain(':pw@');
    noStackTrace(r.out);
  });

  it('says which Temporal it cannot reach', async () => {
    const port = await freePort();
    const r = run('launcher', ['start'], { DATABASE_URL: process.env.TEST_DATABASE_URL!, TEMPORAL_ADDRESS: `127.0.0.1:${port}` });
    expect(r.code).toBe(1);
    expect(r.out).toContain(`Temporal: Temporal at 127.0.0.1:${port} did not answer`);
    expect(r.out).toContain('How to fix: check TEMPORAL_ADDRESS');
    noStackTrace(r.out);
  });

  it('the api and the worker refuse to start without their configuration, naming what is missing', () => {
    for (const app of ['api', 'worker']) {
      const r = run(app, [], {});
      expect(r.code).toBe(1);
      expect(r.out).toContain('DATABASE_URL: missing');
      expect(r.out).toContain('TEMPORAL_ADDRESS: missing');
      expect(r.out).toContain('SMTP_URL: missing');
      noStackTrace(r.out);
    }
  });
});
