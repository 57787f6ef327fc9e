import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '#libs/config/src/index.js';
import { tanPhuPlanDocx } from '../utils/ke-hoach-docx.js';
import { csrfHeader, sessionOf } from '../utils/sessions.js';
import { seedPlan, startStack, type Stack } from '../utils/stack.js';

const SEED_DOC = readFileSync(join(projectRoot(), 'plans', 'documents', 'ha-giang-2023-ke-hoach.txt'));

/**
 * Importing a signed plan document as the web app does (/app/nhap-ke-hoach → POST /api/v1/plan-drafts) on the real
 * API (PostgreSQL sessions, the global guards): a signed-in vice-chairman uploads the signed Kế hoạch, gets its items
 * and its TODOs, each at its line and column of the draft plan file, which downloads as it was checked. The addresses
 * of the old import and plan start pages go to the app.
 */
describe('importing a plan document (/app/nhap-ke-hoach, /api/v1/plan-drafts)', () => {
  let s: Stack;
  let session: string;
  const cookie = () => ({ cookie: `dondoc_session=${session}` });
  beforeAll(async () => {
    s = await startStack();
    await s.loadPlan(seedPlan());
    session = await sessionOf(s.ds, 'pct-vhxh@hagiang.example.org');
  });
  afterAll(async () => {
    await s?.close();
  });

  const upload = (bytes: Uint8Array, name: string, headers: Record<string, string> = { ...cookie(), ...csrfHeader(session) }) => {
    const form = new FormData();
    form.set('file', new Blob([bytes]), name);
    return fetch(`${s.baseUrl}/api/v1/plan-drafts`, { method: 'POST', body: form, headers, redirect: 'manual' });
  };
  const draftCount = async () => Number((await s.ds.query(`SELECT count(*)::int AS n FROM plan_draft`))[0].n);

  it('the old pages go to the app: GET 302 to /app/nhap-ke-hoach, a form posted there 303 and not read, nothing stored', async () => {
    const before = await draftCount();
    for (const path of ['/ke-hoach/nhap', '/ke-hoach/nap', '/nhap-ke-hoach']) {
      const r = await fetch(`${s.baseUrl}${path}`, { redirect: 'manual' });
      expect({ path, status: r.status, location: r.headers.get('location') }).toEqual({
        path,
        status: 302,
        location: '/app/nhap-ke-hoach',
      });
    }
    for (const path of ['/ke-hoach/nhap', '/ke-hoach/nhap/tai-ve', '/ke-hoach/nap', '/ke-hoach/nap/trien-khai']) {
      const form = new FormData();
      form.set('csrf', 'x');
      form.set('file', new Blob([SEED_DOC]), 'ke-hoach.txt');
      const r = await fetch(`${s.baseUrl}${path}`, { method: 'POST', body: form, headers: cookie(), redirect: 'manual' });
      expect({ path, status: r.status, location: r.headers.get('location') }).toEqual({
        path,
        status: 303,
        location: '/app/nhap-ke-hoach',
      });
    }
    expect(await draftCount()).toBe(before);
  });

  it('refuses a visitor who is not signed in (401), and a signed-in upload without the CSRF header (403)', async () => {
    const before = await draftCount();
    expect((await upload(SEED_DOC, 'ke-hoach.txt', {})).status).toBe(401);
    const r = await upload(SEED_DOC, 'ke-hoach.txt', cookie());
    expect(r.status).toBe(403);
    expect(((await r.json()) as { reason: string }).reason).toBe('CSRF_TOKEN_INVALID');
    expect(await draftCount()).toBe(before);
  });

  it('reads the seed document: its items, the TODOs at their line and column, the draft plan file to download', async () => {
    const r = await upload(SEED_DOC, 'ke-hoach.txt');
    expect(r.status).toBe(201);
    const d = (await r.json()) as {
      id: string;
      valid: boolean;
      model: { items: { id: string }[]; plan: { issuer: string } };
      source: { kind: string; name: string };
      todos: { path: string; text: string }[];
      diagnostics: { line: number; col: number; message: string; path: string }[];
    };
    expect(d.source).toEqual({ kind: 'document', name: 'ke-hoach.txt', planId: null });
    expect(d.model.items.map((i) => i.id)).toEqual(Array.from({ length: 15 }, (_, i) => `I${String(i + 1).padStart(2, '0')}`));
    expect(d.model.plan.issuer).toBe('ubnd_xa_ha_giang');
    expect(d.todos.length).toBeGreaterThan(20);
    expect(d.valid).toBe(false);
    const todoAt = d.diagnostics.filter((x) => /TODO/.test(x.message));
    expect(todoAt.length).toBeGreaterThanOrEqual(d.todos.length);
    for (const x of todoAt) expect(x.line).toBeGreaterThan(0);

    const file = await fetch(`${s.baseUrl}/api/v1/plan-drafts/${d.id}/plan.yaml`, { headers: cookie() });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]+\.yaml"/);
    const text = await file.text();
    expect(text).toContain('format: dondoc/plan@1');
    expect(text).toContain('issuer: ubnd_xa_ha_giang');
    expect(text.match(/TODO/g)?.length).toBeGreaterThanOrEqual(d.todos.length);
  });

  it('reads a .docx with tables', async () => {
    const r = await upload(await tanPhuPlanDocx(), 'tan-phu.docx');
    expect(r.status).toBe(201);
    expect(((await r.json()) as { model: { plan: { issuer: string } } }).model.plan.issuer).toBe('ubnd_xa_tan_phu');
  });

  it('answers a broken file with 422 and a Vietnamese reason, nothing stored', async () => {
    const before = await draftCount();
    const docx = await tanPhuPlanDocx();
    const r = await upload(docx.subarray(0, 200), 'hong.docx');
    expect(r.status).toBe(422);
    const body = (await r.json()) as { code: string; message: string; errors: { file: string } };
    expect(body.code).toBe('NOT_A_PLAN');
    expect(body.errors.file).toContain('tệp không phải tài liệu Word .docx đọc được');
    expect(body.message).toContain('hong.docx');
    const none = await upload(Buffer.from('Không phải kế hoạch'), 'ghi-chu.txt');
    expect(none.status).toBe(422);
    expect(((await none.json()) as { code: string }).code).toBe('NOT_A_PLAN');
    expect(await draftCount()).toBe(before);
  });
});
