import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formToken } from '../../libs/database/src/index.js';
import { projectRoot } from '../../libs/config/src/index.js';
import { tanPhuPlanDocx } from '../utils/ke-hoach-docx.js';
import { sessionOf } from '../utils/sessions.js';
import { seedPlan, startStack, type Stack } from '../utils/stack.js';

const SEED_DOC = readFileSync(join(projectRoot(), 'plans', 'documents', 'ha-giang-2023-ke-hoach.txt'));

/**
 * The plan import page /ke-hoach/nhap on the real API (PostgreSQL sessions, the global guards): a signed-in
 * vice-chairman uploads the signed Kế hoạch, reads the summary and the TODOs, downloads the draft and takes it to the
 * plan check page, which lists every TODO at its line and column.
 */
describe('the plan import page /ke-hoach/nhap', () => {
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

  const upload = (bytes: Uint8Array, name: string, csrf = formToken(session, 'plan-import'), headers: Record<string, string> = cookie()) => {
    const form = new FormData();
    form.set('csrf', csrf);
    form.set('file', new Blob([bytes]), name);
    return fetch(`${s.baseUrl}/ke-hoach/nhap`, { method: 'POST', body: form, headers, redirect: 'manual' });
  };

  it('sends a visitor who is not signed in to the sign-in page', async () => {
    const r = await fetch(`${s.baseUrl}/ke-hoach/nhap`, { redirect: 'manual' });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe('/dang-nhap?next=%2Fke-hoach%2Fnhap');
    expect((await upload(SEED_DOC, 'ke-hoach.txt', 'x', {})).status).toBe(401);
  });

  it('shows the form, and refuses an upload without the form token', async () => {
    const r = await fetch(`${s.baseUrl}/ke-hoach/nhap`, { headers: cookie() });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('enctype="multipart/form-data"');
    expect((await upload(SEED_DOC, 'ke-hoach.txt', 'not-the-token')).status).toBe(403);
  });

  it('reads the seed document: the summary, the TODOs, the draft to download and to check on /ke-hoach/nap', async () => {
    const r = await upload(SEED_DOC, 'ke-hoach.txt');
    expect(r.status).toBe(200);
    const page = await r.text();
    expect(page).toContain('Mục IV. TỔ CHỨC THỰC HIỆN: 3 nội dung đánh số');
    const todos = Number(/data-todos="(\d+)"/.exec(page)?.[1]);
    expect(todos).toBeGreaterThan(20);
    expect(page.match(/<li data-line="\d+" data-col="\d+"><code>ke-hoach\.yaml:\d+:\d+<\/code> TODO ở /g)).toHaveLength(todos);
    expect(page).toContain('action="/ke-hoach/nap"');
    expect(page).toContain(`value="${formToken(session, 'plan-start')}"`);
    expect(page).toContain('issuer: ubnd_xa_ha_giang');

    // The draft as the page carries it: downloaded as a file, and checked by the plan check page.
    const unescape = (t: string) => t.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');
    const draft = unescape(/<textarea[^>]*name="yaml"[^>]*>([\s\S]*?)<\/textarea>/.exec(page)![1]).replace(/^\n/, '');
    expect(draft).toContain('format: dondoc/plan@1');
    const dl = new FormData();
    dl.set('csrf', formToken(session, 'plan-import'));
    dl.set('name', 'ke-hoach.yaml');
    dl.set('yaml', `\n${draft}`);
    const file = await fetch(`${s.baseUrl}/ke-hoach/nhap/tai-ve`, { method: 'POST', body: dl, headers: cookie() });
    expect(file.headers.get('content-disposition')).toContain('attachment; filename="ke-hoach.yaml"');
    expect(await file.text()).toBe(draft);
    const check = new FormData();
    check.set('csrf', formToken(session, 'plan-start'));
    check.set('name', 'ke-hoach.yaml');
    check.set('yaml', draft);
    const checked = await fetch(`${s.baseUrl}/ke-hoach/nap`, { method: 'POST', body: check, headers: cookie() });
    expect(checked.status).toBe(422);
    const checkPage = await checked.text();
    expect(checkPage.match(/TODO ở /g)?.length).toBe(todos);
  });

  it('reads a .docx with tables', async () => {
    const r = await upload(await tanPhuPlanDocx(), 'tan-phu.docx');
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('issuer: ubnd_xa_tan_phu');
  });

  it('answers a broken file with 422 and a located, Vietnamese message', async () => {
    const docx = await tanPhuPlanDocx();
    const r = await upload(docx.subarray(0, 200), 'hong.docx');
    expect(r.status).toBe(422);
    const page = await r.text();
    expect(page).toContain('data-import-error="NOT_DOCX" data-line="1" data-col="1"');
    expect(page).toContain('tệp không phải tài liệu Word .docx đọc được');
    const none = await upload(Buffer.from('Không phải kế hoạch'), 'ghi-chu.txt');
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('data-import-error="NO_PLAN_STRUCTURE"');
  });
});
