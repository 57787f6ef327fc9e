import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from '../../apps/api/src/i18n/vi.js';
import { PlanRunsService } from '../../apps/api/src/plans/plan-runs.service.js';
import { formToken } from '../../libs/database/src/index.js';
import { PLAN_LIMITS } from '../../libs/domain/src/index.js';
import { projectRoot } from '../../libs/config/src/index.js';
import { DOCX_LIMITS } from '../../libs/plan-import/src/index.js';
import { answerBeforeBody } from '../utils/latency.js';
import { csrfHeader, sessionOf } from '../utils/sessions.js';
import { seedPlanI01, startStack, type Stack } from '../utils/stack.js';
import { docxBomb, docxManyEntries } from '../utils/zip-file.js';

const PLAN = `BOUND-${randomBytes(3).toString('hex')}`;
const SEED_YAML = readFileSync(join(projectRoot(), 'plans', 'ha-giang-2023.yaml'), 'utf8');
const BOUNDARY = 'dondocBoundedInput7MA4YWxkTrZu0gW';
const MiB = 1024 * 1024;

/** A multipart body: the form token first (as the pages send it), then the other fields, then the file. */
const multipart = (fields: Record<string, string>, file?: { name: string; data: Buffer }) =>
  Buffer.concat([
    ...Object.entries(fields).map(([k, v]) => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`, 'utf8')),
    ...(file ? [Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`, 'utf8'), file.data, Buffer.from('\r\n')] : []),
    Buffer.from(`--${BOUNDARY}--\r\n`),
  ]);
const TYPE: [string, string] = ['Content-Type', `multipart/form-data; boundary=${BOUNDARY}`];

/** The seed with `n` more villages after thon_10 (under a new plan id). */
const withVillages = (text: string, n: number) =>
  text.replace(/(  - \{id: thon_10,[^\n]*\n)/, (m) => m + Array.from({ length: n }, (_, i) => `  - {id: thon_x${i + 11}, kind: village, parent: ubnd_xa_ha_giang, name: "Thôn ${i + 11}"}\n`).join(''));
/** One line that makes I01.4 monthly over five years in every village. */
const explode = (text: string) =>
  text.replace('fan_out: villages_all, reviewer: officer_ldtbxh, start: 2023-04-04, due: 2023-04-14', 'fan_out: villages_all, reviewer: officer_ldtbxh, recurrence: {freq: monthly, from: 2023-01, to: 2027-12, due: 28}');

/**
 * Bounded input on the real api: every upload decides who may send it before reading the body (measured: the answer
 * comes while most of the declared body was never sent); a .docx bomb and a many-entry archive are refused from their
 * ZIP directory; a plan file that would expand past the limits is refused before expanding, in Vietnamese, at its
 * line; the preview is paged with bounded page and size.
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

  const post = async (path: string, session: string, body: Buffer) => {
    const r = await fetch(`${s.baseUrl}${path}`, { method: 'POST', body, headers: { 'content-type': TYPE[1], cookie: `dondoc_session=${session}` }, redirect: 'manual' });
    return { status: r.status, text: await r.text() };
  };

  it('refuses a signed-in user without the role before the body is read: 403 while 9 of the 10 declared MiB were never sent', async () => {
    // The finance officer holds no chairman or vice-chairman role: no plan upload, no plan document, no preview.
    for (const [path, purpose] of [['/ke-hoach/nap', 'plan-start'], ['/ke-hoach/nhap', 'plan-import'], ['/ke-hoach/nap/trien-khai', 'plan-start']] as const) {
      const head = multipart({ csrf: formToken(finance, purpose) }, { name: 'x.docx', data: Buffer.alloc(MiB, 0x41) });
      const r = await answerBeforeBody(port, { method: 'POST', path, headers: [TYPE, cookie(finance)], body: head }, 10 * MiB);
      expect({ path, status: r.status }).toEqual({ path, status: 403 });
      expect(r.sentBytes).toBeLessThan(1.1 * MiB);
    }
    // The page says why, in Vietnamese, and that the file was not read.
    const page = await post('/ke-hoach/nap', finance, multipart({ csrf: formToken(finance, 'plan-start') }, { name: 'k.yaml', data: Buffer.from(SEED_YAML) }));
    expect(page.status).toBe(403);
    expect(page.text).toContain(vi.web.planStart.notAllowedAny);
    // Evidence: the chairman may see the step but is not its assignee; refused before the 10 MB file is read.
    const ev = await answerBeforeBody(port, { method: 'POST', path: `/api/v1/plans/${PLAN}/steps/I01.5/files`, headers: [TYPE, cookie(chairman), ['X-CSRF-Token', csrfHeader(chairman)['x-csrf-token']]], body: multipart({}, { name: 'a.pdf', data: Buffer.alloc(MiB) }) }, 10 * MiB);
    expect(ev.status).toBe(403);
    // Signed out: 401 before reading.
    const anon = await answerBeforeBody(port, { method: 'POST', path: '/ke-hoach/nhap', headers: [TYPE], body: multipart({ csrf: 'x' }) }, 10 * MiB);
    expect(anon.status).toBe(401);
  }, 120_000);

  it('refuses a body declared larger than the limits unread (413), for a user who may upload', async () => {
    const r = await answerBeforeBody(port, { method: 'POST', path: '/ke-hoach/nhap', headers: [TYPE, cookie(vice)], body: multipart({ csrf: formToken(vice, 'plan-import') }) }, 200 * MiB);
    expect(r.status).toBe(413);
    const ev = await answerBeforeBody(port, { method: 'POST', path: `/api/v1/plans/${PLAN}/steps/I01.5/files`, headers: [TYPE, ['X-Dondoc-Actor', 'finance_officer'], cookie(finance)], body: Buffer.alloc(1024) }, 200 * MiB);
    expect(ev.status).toBe(413);
  }, 60_000);

  it("answers the issue's .docx bomb and a many-entry archive with 422 and a Vietnamese reason, from the ZIP directory", async () => {
    const csrf = formToken(vice, 'plan-import');
    const bomb = await post('/ke-hoach/nhap', vice, multipart({ csrf }, { name: 'bom.docx', data: docxBomb() }));
    expect(bomb.status).toBe(422);
    expect(bomb.text).toContain('data-import-error="ZIP_RATIO"');
    expect(bomb.text).toContain('tệp quá phức tạp, không đọc');
    const many = await post('/ke-hoach/nhap', vice, multipart({ csrf }, { name: 'nhieu.docx', data: docxManyEntries(DOCX_LIMITS.maxEntries + 1) }));
    expect(many.status).toBe(422);
    expect(many.text).toContain('data-import-error="ZIP_TOO_MANY_ENTRIES"');
    expect(many.text).toContain(`quá giới hạn ${DOCX_LIMITS.maxEntries} phần`);
  }, 60_000);

  it("refuses the issue's instance explosion before expanding it: 422, located, in Vietnamese, a small page", async () => {
    const text = explode(withVillages(SEED_YAML.replace('id: HG-2023-BVCSTE', `id: ${PLAN}-X`), 100));
    expect(text.length).toBeLessThan(40 * 1024);
    const r = await post('/ke-hoach/nap', vice, multipart({ csrf: formToken(vice, 'plan-start') }, { name: 'no.yaml', data: Buffer.from(text) }));
    expect(r.status).toBe(422);
    const line = text.split('\n').findIndex((l) => l.includes('id: I01.4,')) + 1;
    expect(r.text).toMatch(new RegExp(`<li data-line="${line}" data-col="\\d+" data-code="PLAN_TOO_MANY_INSTANCES">`));
    expect(r.text).toContain(`quá giới hạn ${PLAN_LIMITS.maxInstances} lượt cho một lần nạp; riêng nội dung I01.4 tạo 6600 lượt`);
    expect(r.text.length).toBeLessThan(200 * 1024);
  }, 60_000);

  it('pages the preview (?page=&size=, size ≤ 500) and refuses a page or size out of range with 422', async () => {
    const text = withVillages(SEED_YAML.replace('id: HG-2023-BVCSTE', `id: ${PLAN}-P`), 200); // ≈ 1,600 instances
    const body = () => multipart({ csrf: formToken(vice, 'plan-start') }, { name: 'p.yaml', data: Buffer.from(text) });
    const rows = (html: string) => (html.match(/<tr><td data-label="#">/g) ?? []).length;
    const first = await post('/ke-hoach/nap', vice, body());
    expect([200, 403]).toContain(first.status);
    const pages = Number(/data-preview-pages="(\d+)"/.exec(first.text)?.[1]);
    expect(rows(first.text)).toBe(100);
    expect(pages).toBeGreaterThan(10);
    const second = await post('/ke-hoach/nap?page=2&size=500', vice, body());
    expect(rows(second.text)).toBe(500);
    expect(second.text).toContain('data-preview-page="2"');
    expect(second.text).toContain('formaction="/ke-hoach/nap?page=3&amp;size=500"');
    for (const q of ['page=99999999999999999999', 'page=0', 'page=-1', 'page=x', 'size=0', 'size=501', `page=${pages + 1}`]) {
      const bad = await post(`/ke-hoach/nap?${q}`, vice, body());
      expect({ q, status: bad.status }).toEqual({ q, status: 422 });
      expect(bad.text).toContain('data-page-problem');
      expect(rows(bad.text)).toBe(100);
    }
  }, 120_000);
});
