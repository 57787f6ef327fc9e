import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from '../../apps/api/src/i18n/vi.js';
import { PlanRunsService } from '../../apps/api/src/plans/plan-runs.service.js';
import { PLAN_LIMITS } from '#libs/domain/src/index.js';
import { projectRoot } from '#libs/config/src/index.js';
import { DOCX_LIMITS } from '#libs/plan-import/src/index.js';
import { answerBeforeBody } from '../utils/latency.js';
import { csrfHeader, sessionOf } from '../utils/sessions.js';
import { seedPlanI01, startStack, type Stack } from '../utils/stack.js';
import { docxBomb, docxManyEntries } from '../utils/zip-file.js';

const PLAN = `BOUND-${randomBytes(3).toString('hex')}`;
const SEED_YAML = readFileSync(join(projectRoot(), 'plans', 'ha-giang-2023.yaml'), 'utf8');
const BOUNDARY = 'dondocBoundedInput7MA4YWxkTrZu0gW';
const MiB = 1024 * 1024;

/** A multipart body: the fields, then the file. */
const multipart = (fields: Record<string, string>, file?: { name: string; data: Buffer }) =>
  Buffer.concat([
    ...Object.entries(fields).map(([k, v]) =>
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`, 'utf8'),
    ),
    ...(file
      ? [
          Buffer.from(
            `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
            'utf8',
          ),
          file.data,
          Buffer.from('\r\n'),
        ]
      : []),
    Buffer.from(`--${BOUNDARY}--\r\n`),
  ]);
const TYPE: [string, string] = ['Content-Type', `multipart/form-data; boundary=${BOUNDARY}`];

/** The seed with `n` more villages after thon_10 (under a new plan id). */
const withVillages = (text: string, n: number) =>
  text.replace(
    /(  - \{id: thon_10,[^\n]*\n)/,
    (m) =>
      m +
      Array.from(
        { length: n },
        (_, i) => `  - {id: thon_x${i + 11}, kind: village, parent: ubnd_xa_ha_giang, name: "Thôn ${i + 11}"}\n`,
      ).join(''),
  );
/** One line that makes I01.4 monthly over five years in every village. */
const explode = (text: string) =>
  text.replace(
    'fan_out: villages_all, reviewer: officer_ldtbxh, start: 2023-04-04, due: 2023-04-14',
    'fan_out: villages_all, reviewer: officer_ldtbxh, recurrence: {freq: monthly, from: 2023-01, to: 2027-12, due: 28}',
  );

/**
 * Bounded input on the real api (the uploads of the web app: /api/v1/plan-drafts and step evidence, signed in with the
 * session cookie and its CSRF header): every upload decides who may send it before reading the body (measured: the
 * answer comes while most of the declared body was never sent); a .docx bomb and a many-entry archive are refused from
 * their ZIP directory; a plan file that would expand past the limits is refused before expanding, in Vietnamese, at
 * its line; the preview is paged with bounded page and size.
 */
describe('bounded input: who may upload is decided first, then files are measured and plans bounded', () => {
  let s: Stack;
  let port: number;
  let vice = '';
  let finance = '';
  let chairman = '';
  const cookie = (session: string): [string, string] => ['Cookie', `dondoc_session=${session}`];

  beforeAll(async () => {
    s = await startStack();
    port = Number(new URL(s.baseUrl).port);
    await s.loadPlan(seedPlanI01(PLAN));
    // Step rows without a worker: the upload routes need the step, not its workflow.
    await s.api.get(PlanRunsService).start(PLAN, { speed: 1, planStart: '2023-04-03' });
    vice = await sessionOf(s.ds, 'pct-vhxh@hagiang.example.org');
    finance = await sessionOf(s.ds, 'taichinh@hagiang.example.org');
    chairman = await sessionOf(s.ds, 'chu-tich@hagiang.example.org');
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  const DRAFTS = '/api/v1/plan-drafts';
  /** A write of the web app: the session cookie and its CSRF header. */
  const signedIn = (session: string): [string, string][] => [cookie(session), ['X-CSRF-Token', csrfHeader(session)['x-csrf-token']]];
  const post = async (path: string, session: string, body: Buffer) => {
    const r = await fetch(`${s.baseUrl}${path}`, {
      method: 'POST',
      body,
      headers: Object.fromEntries([TYPE, ...signedIn(session)]),
      redirect: 'manual',
    });
    const text = await r.text();
    return {
      status: r.status,
      text,
      json: (r.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as Record<string, any>) : undefined,
    };
  };
  const draftCount = async () => Number((await s.ds.query(`SELECT count(*)::int AS n FROM plan_draft`))[0].n);

  it('refuses a signed-in user without the role before the body is read: 403 while 9 of the 10 declared MiB were never sent', async () => {
    // The finance officer holds no chairman or vice-chairman role: no plan file, no plan document.
    const before = await draftCount();
    const head = multipart({}, { name: 'x.docx', data: Buffer.alloc(MiB, 0x41) });
    const r = await answerBeforeBody(port, { method: 'POST', path: DRAFTS, headers: [TYPE, ...signedIn(finance)], body: head }, 10 * MiB);
    expect(r.status).toBe(403);
    expect(r.sentBytes).toBeLessThan(1.1 * MiB);
    // The answer says why, in Vietnamese, and that the file was not read.
    const page = await post(DRAFTS, finance, multipart({}, { name: 'k.yaml', data: Buffer.from(SEED_YAML) }));
    expect(page.status).toBe(403);
    expect(page.json).toMatchObject({ code: 'ACCESS_DENIED', reason: 'NOT_PLAN_LOADER', message: vi.access.reasons.NOT_PLAN_LOADER });
    // Evidence: the chairman may see the step but is not its assignee; refused before the 10 MB file is read.
    const ev = await answerBeforeBody(
      port,
      {
        method: 'POST',
        path: `/api/v1/plans/${PLAN}/steps/I01.5/files`,
        headers: [TYPE, ...signedIn(chairman)],
        body: multipart({}, { name: 'a.pdf', data: Buffer.alloc(MiB) }),
      },
      10 * MiB,
    );
    expect(ev.status).toBe(403);
    // Signed out: 401 before reading.
    const anon = await answerBeforeBody(port, { method: 'POST', path: DRAFTS, headers: [TYPE], body: multipart({}) }, 10 * MiB);
    expect(anon.status).toBe(401);
    expect(await draftCount()).toBe(before);
  }, 120_000);

  it('refuses a body declared larger than the limits unread (413), for a user who may upload', async () => {
    const r = await answerBeforeBody(
      port,
      { method: 'POST', path: DRAFTS, headers: [TYPE, ...signedIn(vice)], body: multipart({}) },
      200 * MiB,
    );
    expect(r.status).toBe(413);
    const ev = await answerBeforeBody(
      port,
      {
        method: 'POST',
        path: `/api/v1/plans/${PLAN}/steps/I01.5/files`,
        headers: [TYPE, ['X-Dondoc-Actor', 'finance_officer'], cookie(finance)],
        body: Buffer.alloc(1024),
      },
      200 * MiB,
    );
    expect(ev.status).toBe(413);
  }, 60_000);

  it("answers the issue's .docx bomb and a many-entry archive with 422 and a Vietnamese reason, from the ZIP directory; nothing stored", async () => {
    const before = await draftCount();
    const bomb = await post(DRAFTS, vice, multipart({}, { name: 'bom.docx', data: docxBomb() }));
    expect({ status: bomb.status, code: bomb.json?.code }).toEqual({ status: 422, code: 'NOT_A_PLAN' });
    expect(bomb.json?.errors.file).toContain('tệp quá phức tạp, không đọc');
    const many = await post(DRAFTS, vice, multipart({}, { name: 'nhieu.docx', data: docxManyEntries(DOCX_LIMITS.maxEntries + 1) }));
    expect({ status: many.status, code: many.json?.code }).toEqual({ status: 422, code: 'NOT_A_PLAN' });
    expect(many.json?.errors.file).toContain(`quá giới hạn ${DOCX_LIMITS.maxEntries} phần`);
    expect(await draftCount()).toBe(before);
  }, 60_000);

  it("refuses the issue's instance explosion before expanding it: located at its line, in Vietnamese, a small answer; it cannot be previewed or started", async () => {
    const text = explode(withVillages(SEED_YAML.replace('id: HG-2023-BVCSTE', `id: ${PLAN}-X`), 100));
    expect(text.length).toBeLessThan(40 * 1024);
    const r = await post(DRAFTS, vice, multipart({}, { name: 'no.yaml', data: Buffer.from(text) }));
    expect(r.status).toBe(201);
    expect(r.text.length).toBeLessThan(200 * 1024);
    const line = text.split('\n').findIndex((l) => l.includes('id: I01.4,')) + 1;
    const too = (r.json!.diagnostics as { code?: string; line: number; message: string }[]).filter(
      (d) => d.code === 'PLAN_TOO_MANY_INSTANCES',
    );
    expect(too).toEqual([expect.objectContaining({ line, severity: 'error' })]);
    expect(too[0].message).toContain(`quá giới hạn ${PLAN_LIMITS.maxInstances} lượt cho một lần nạp; riêng nội dung I01.4 tạo 6600 lượt`);
    expect(r.json!.valid).toBe(false);
    const preview = await fetch(`${s.baseUrl}${DRAFTS}/${r.json!.id}/preview`, { headers: { cookie: cookie(vice)[1] } });
    expect(preview.status).toBe(422);
    expect(((await preview.json()) as { code: string }).code).toBe('DRAFT_INVALID');
  }, 60_000);

  it('pages the preview (?page=&pageSize=, pageSize ≤ 500) and refuses a page or size out of range with 422', async () => {
    const text = withVillages(SEED_YAML.replace('id: HG-2023-BVCSTE', `id: ${PLAN}-P`), 200); // ≈ 1,600 instances
    const made = await post(DRAFTS, vice, multipart({}, { name: 'p.yaml', data: Buffer.from(text) }));
    expect(made.status).toBe(201);
    const get = async (q: string) => {
      const r = await fetch(`${s.baseUrl}${DRAFTS}/${made.json!.id}/preview${q}`, { headers: { cookie: cookie(vice)[1] } });
      return { status: r.status, body: (await r.json()) as Record<string, any> };
    };
    const first = await get('');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(100);
    const pages = first.body.pages as number;
    expect(pages).toBeGreaterThan(10);
    const second = await get('?page=2&pageSize=500');
    expect(second.body).toMatchObject({ page: 2, pageSize: 500 });
    expect(second.body.items).toHaveLength(500);
    for (const q of ['page=99999999999999999999', 'page=0', 'page=-1', 'page=x', 'pageSize=0', 'pageSize=501', `page=${pages + 1}`]) {
      const bad = await get(`?${q}`);
      expect({ q, status: bad.status, code: bad.body.code }).toEqual({ q, status: 422, code: 'VALIDATION_FAILED' });
      expect(Object.values(bad.body.errors as Record<string, string>).join(' ')).toMatch(/[ăâđêôơư]/);
    }
  }, 120_000);
});
