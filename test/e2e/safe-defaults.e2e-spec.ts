import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { Response } from 'express';
import { APP_CSP, MAILBOX_CSP, securityHeaders } from '../../apps/api/src/common/security-headers.js';
import { readMailbox } from '#libs/mail/src/index.js';
import { inlineScripts, requestFrom, type RawAnswer } from '../utils/from-address.js';
import { sessionCookie } from '../utils/sessions.js';
import { eventually, seedPlanI01, startStack, type Stack } from '../utils/stack.js';

// Test files share one Temporal server and workflow ids are business ids: the seed plan under an id of this file's own.
const PLAN = `HG-2023-SAFE-${randomBytes(3).toString('hex')}`;
const STEP = `/api/v1/plans/${PLAN}/steps/I01.5`;
/** Another host on the network: a second loopback address, which the api must not take for this machine. */
const REMOTE = '127.0.0.2';
const LOCAL = '127.0.0.1';

/**
 * Safe by default (issue 17, findings 1, 2, 4 and 7) through the real stack with APP_ACTOR_HEADER=on, as a developer
 * runs it: the header and the mailbox serve this machine only, every answer carries the anti-framing and content
 * security headers, the sign-in answer takes the same time for a known and an unknown address, and an out-of-range
 * page number is a 422 with a Vietnamese text, never a 500.
 */
describe('safe defaults: development switches for this machine only, security headers, constant-time sign-in, bounded parameters', () => {
  let s: Stack;
  const from = (address: string, path: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    requestFrom(address, `${s.baseUrl}${path}`, o);
  const json = (a: RawAnswer) => JSON.parse(a.body) as { code?: string; message?: string; errors?: Record<string, string>; state?: string };

  beforeAll(async () => {
    s = await startStack({ actorHeader: true });
    await s.startWorker();
    await s.loadPlan(seedPlanI01(PLAN));
    expect((await s.runPlan(PLAN, { speed: 1 })).status).toBe(200);
  }, 240_000);
  afterAll(async () => {
    await s?.close();
  });

  it('finding 1: the X-Dondoc-Actor header acts from this machine, and is refused (401) from another host, whatever X-Forwarded-For says', async () => {
    const headers = { 'x-dondoc-actor': 'chairman' };
    expect((await from(LOCAL, '/api/v1/plans', { headers })).status).toBe(200);
    const spoofs: Record<string, string>[] = [
      {},
      { 'x-forwarded-for': '127.0.0.1' },
      { forwarded: 'for=127.0.0.1' },
      { host: '127.0.0.1' },
    ];
    for (const extra of spoofs) {
      const r = await from(REMOTE, '/api/v1/plans', { headers: { ...headers, ...extra } });
      expect({ extra, status: r.status, code: json(r).code }).toEqual({ extra, status: 401, code: 'ACTOR_HEADER_DISABLED' });
      expect(json(r).message).toContain('chỉ từ chính máy chủ');
    }
    // The vice-chairman's approval, the village head's report: nothing changes from another host.
    const submit = await from(REMOTE, `${STEP}/submission`, {
      method: 'POST',
      headers: { 'x-dondoc-actor': 'finance_officer', 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'Đã lập dự toán' }),
    });
    expect({ status: submit.status, code: json(submit).code }).toEqual({ status: 401, code: 'ACTOR_HEADER_DISABLED' });
    const [{ state }] = await s.ds.query(`SELECT state FROM step WHERE plan_id = $1 AND step_id = 'I01.5'`, [PLAN]);
    expect(state).toBe('assigned');
    // The step is read as its role from this machine only; its old page's address leads to the web app's step (which
    // acts through the API above), for anyone.
    const asFinance = { 'x-dondoc-actor': 'finance_officer' };
    expect((await from(LOCAL, STEP, { headers: asFinance })).status).toBe(200);
    expect({ status: (await from(REMOTE, STEP, { headers: asFinance })).status }).toEqual({ status: 401 });
    for (const address of [LOCAL, REMOTE]) {
      const old = await from(address, `/plans/${PLAN}/steps/I01.5`, { headers });
      expect({ address, status: old.status, location: old.headers.location }).toEqual({
        address,
        status: 302,
        location: `/app/ke-hoach/${PLAN}/buoc/I01.5`,
      });
    }
  });

  it('finding 2: the development mailbox answers this machine only; another host gets 404 and no link to it', async () => {
    const mail = await s.waitForMail((m) => m.subject.startsWith('[Việc mới]'), 60_000);
    for (const path of ['/mailbox', '/api/dev/mailbox', `/mailbox/${mail.id}`, `/mailbox/${mail.id}/attachments/0`]) {
      const r = await from(REMOTE, path);
      expect({ path, status: r.status }).toEqual({ path, status: 404 });
      expect(r.body).not.toContain(mail.subject);
    }
    const list = await from(LOCAL, '/api/dev/mailbox');
    expect(list.status).toBe(200);
    expect(JSON.parse(list.body).map((m: { id: string }) => m.id)).toContain(mail.id);
    expect((await from(LOCAL, `/mailbox/${mail.id}`)).body).toContain('<iframe sandbox srcdoc=');
    // The web app's menu lists the mailbox (GET /api/v1/me: dev.mailbox) on this machine only.
    const cookie = await sessionCookie(s.ds, 'taichinh@hagiang.example.org');
    const dev = async (address: string) =>
      (JSON.parse((await from(address, '/api/v1/me', { headers: { cookie } })).body) as { dev: { mailbox: boolean } }).dev.mailbox;
    expect({ local: await dev(LOCAL), remote: await dev(REMOTE) }).toEqual({ local: true, remote: false });
    // An attachment index that is no small whole number names nothing (it was a ParseIntPipe: 99999999999999999999).
    for (const index of ['99999999999999999999', '-1', 'x'])
      expect((await from(LOCAL, `/mailbox/${mail.id}/attachments/${index}`)).status).toBe(404);
  });

  it('finding 4: every answer (pages, API, docs, script, errors, mailbox) forbids framing, sniffing and inline script, and names no framework', async () => {
    const mail = await s.waitForMail(() => true);
    const paths = [
      '/',
      `/plans/${PLAN}`,
      `/plans/${PLAN}/steps/I01.5`,
      '/dang-nhap',
      '/viec-cua-toi',
      '/khong-co-trang-nay',
      '/health',
      '/api/v1/plans',
      `/api/v1/plans/${PLAN}/status`,
      '/api/v1/khong-co',
      '/api/docs',
      '/api/docs-json',
      '/app/',
      `/app/ke-hoach/${PLAN}/buoc/I01.5`,
      '/mailbox',
      `/mailbox/${mail.id}`,
      '/hanh-dong/khong-co-lien-ket-nay',
    ];
    for (const address of [LOCAL, REMOTE]) {
      for (const path of paths) {
        const r = await from(address, path, { headers: { 'x-dondoc-actor': 'chairman' } });
        const csp = String(r.headers['content-security-policy'] ?? '');
        expect({
          address,
          path,
          xfo: r.headers['x-frame-options'],
          nosniff: r.headers['x-content-type-options'],
          poweredBy: r.headers['x-powered-by'],
          hsts: r.headers['strict-transport-security'],
        }).toEqual({
          address,
          path,
          xfo: 'DENY',
          nosniff: 'nosniff',
          poweredBy: undefined,
          hsts: undefined,
        });
        expect({
          path,
          frameAncestors: csp.includes("frame-ancestors 'none'"),
          scriptSrc: /script-src '(self|none)'(;|$)/.test(csp),
          referrer: r.headers['referrer-policy'],
        }).toEqual({
          path,
          frameAncestors: true,
          scriptSrc: true,
          referrer: expect.stringMatching(/^(same-origin|no-referrer)$/),
        });
        if (String(r.headers['content-type']).startsWith('text/html'))
          expect({ path, inline: inlineScripts(r.body) }).toEqual({ path, inline: [] });
      }
    }
    // The web app loads its scripts from this site; the mailbox's message page has its own, stricter policy.
    const stepPage = await from(LOCAL, `/app/ke-hoach/${PLAN}/buoc/I01.5`);
    expect(stepPage.headers['content-security-policy']).toBe(APP_CSP);
    const src = /<script[^>]*\ssrc="(\/app\/assets\/[^"]+\.js)"/.exec(stepPage.body)?.[1];
    expect(src).toBeDefined();
    const script = await from(LOCAL, src!);
    expect({ status: script.status, type: script.headers['content-type'] }).toEqual({
      status: 200,
      type: expect.stringMatching(/^text\/javascript/),
    });
    expect((await from(LOCAL, `/mailbox/${mail.id}`)).headers['content-security-policy']).toBe(MAILBOX_CSP);
    // Pages that show a secret keep no-referrer; the others say only this site's address.
    expect((await from(LOCAL, '/dang-nhap')).headers['referrer-policy']).toBe('no-referrer');
    expect((await from(LOCAL, '/app/')).headers['referrer-policy']).toBe('same-origin');
    // With APP_ACTOR_HEADER=on every page warns, the error page too.
    for (const path of ['/dang-nhap', '/khong-co-trang-nay', '/hanh-dong/khong-co-lien-ket-nay']) {
      expect({
        path,
        banner: (await from(LOCAL, path, { headers: { 'x-dondoc-actor': 'chairman' } })).body.includes('data-dev-banner'),
      }).toEqual({ path, banner: true });
    }
    // The pages that stay beside the web app are templates with one style sheet of this site: no inline style.
    for (const path of [
      '/dang-nhap',
      '/dang-nhap/xac-nhan?t=x',
      '/hanh-dong/khong-co-lien-ket-nay',
      '/khong-co-trang-nay',
      '/mailbox',
      `/mailbox/${mail.id}`,
    ]) {
      // (the mail's own HTML, escaped in the mailbox's srcdoc frame, is not the page's)
      const body = (await from(LOCAL, path)).body.replace(/srcdoc="[^"]*"/, '');
      expect({
        path,
        css: body.includes('<link rel="stylesheet" href="/static/pages.css">'),
        inlineStyle: /<style|\sstyle=/.test(body),
      }).toEqual({ path, css: true, inlineStyle: false });
    }
    const css = await from(LOCAL, '/static/pages.css');
    expect({ status: css.status, type: css.headers['content-type'] }).toEqual({ status: 200, type: 'text/css; charset=utf-8' });
    expect(css.body).toContain('#0b4a8b');
  });

  it('finding 4: HSTS only when the public URL is https', () => {
    const headersOf = (baseUrl: string) => {
      const set: Record<string, string> = {};
      const res = {
        setHeader: (k: string, v: string) => (set[k.toLowerCase()] = v),
        removeHeader: (k: string) => delete set[k.toLowerCase()],
      } as unknown as Response;
      securityHeaders(baseUrl)({} as never, res, () => undefined);
      return set;
    };
    expect(headersOf('https://dondoc.hagiang.example.org')['strict-transport-security']).toBe('max-age=31536000');
    expect(headersOf('http://127.0.0.1:3000')['strict-transport-security']).toBeUndefined();
    expect(headersOf('http://127.0.0.1:3000')['x-frame-options']).toBe('DENY');
  });

  it('finding 7: the sign-in answer takes as long for a known address as for an unknown one (medians over 20 tries, ratio under 2)', async () => {
    const known = (
      (await s.ds.query(
        `SELECT DISTINCT u.email FROM staff_user u JOIN staff_membership m ON m.user_id = u.id WHERE m.plan_id = $1 AND u.active ORDER BY 1 LIMIT 20`,
        [PLAN],
      )) as { email: string }[]
    ).map((r) => r.email);
    expect(known.length).toBeGreaterThanOrEqual(10);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const timed = (email: string) =>
      new Promise<number>((resolve, reject) => {
        const body = new URLSearchParams({ email }).toString();
        const t0 = process.hrtime.bigint();
        const req = request(
          `${s.baseUrl}/dang-nhap`,
          {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            res.resume();
            res.on('end', () =>
              res.statusCode === 200 ? resolve(Number(process.hrtime.bigint() - t0) / 1e6) : reject(new Error(`status ${res.statusCode}`)),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    for (let i = 0; i < 3; i++) await timed(`khong-ai-${i}@example.org`); // warm-up
    const k: number[] = [];
    const u: number[] = [];
    for (let i = 0; i < 20; i++) {
      k.push(await timed(known[i % known.length]));
      await new Promise((r) => setTimeout(r, 50));
      u.push(await timed(`khong-ai-${randomBytes(4).toString('hex')}@example.org`));
      await new Promise((r) => setTimeout(r, 50));
    }
    agent.destroy();
    const ratio = median(k) / median(u);
    console.log(
      `sign-in answer: known median ${median(k).toFixed(2)} ms, unknown median ${median(u).toFixed(2)} ms, ratio ${ratio.toFixed(2)}`,
    );
    expect(ratio).toBeLessThan(2);
    // The links still go out, after the answers: one mail to each known address.
    await eventually(
      async () => {
        const to = new Set((await readMailbox(s.mailboxDir)).filter((m) => m.subject.startsWith('[Đăng nhập]')).flatMap((m) => m.to));
        return known.every((e) => to.has(e)) ? true : undefined;
      },
      60_000,
      'a sign-in mail to every known address',
    );
  });

  it('finding 7: a page number out of range (20 digits, negative, not a number) is a 422 with a Vietnamese text per field, never a 500', async () => {
    const get = async (query: string) => {
      const r = await from(LOCAL, `/api/v1/plans/${PLAN}/steps?${query}`, { headers: { 'x-dondoc-actor': 'chairman' } });
      return { query, status: r.status, code: json(r).code, errors: json(r).errors };
    };
    expect((await get('page=2&pageSize=1')).status).toBe(200);
    for (const query of ['page=99999999999999999999', 'page=1e400', 'page=-1', 'page=NaN', 'page=1000001', 'page=1&page=2']) {
      expect(await get(query)).toEqual({
        query,
        status: 422,
        code: 'VALIDATION_FAILED',
        errors: { page: 'Trường "page" phải là số nguyên từ 1 đến 1000000.' },
      });
    }
    for (const query of ['pageSize=99999999999999999999', 'pageSize=-5']) {
      expect(await get(query)).toEqual({
        query,
        status: 422,
        code: 'VALIDATION_FAILED',
        errors: { pageSize: 'Trường "pageSize" phải là số nguyên từ 1 đến 500.' },
      });
    }
    const year = await from(LOCAL, '/api/v1/assessments?year=99999999999999999999', { headers: { 'x-dondoc-actor': 'chairman' } });
    expect(year.status).toBe(422);
    expect(Object.keys(json(year).errors ?? {})).toEqual(['year']);
  });
});
