import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { API_CSRF_PURPOSE } from '../../apps/api/src/auth/access.service.js';
import { formToken } from '#libs/database/src/index.js';
import { projectRoot } from '#libs/config/src/project-root.js';
import { accessible, canRunBrowser, DESKTOP, PHONE, fitsWindow, TestBrowser } from '../utils/browser.js';
import { sessionOf } from '../utils/sessions.js';
import { seedPlanI01, startStack, type Stack } from '../utils/stack.js';

/**
 * The web app (apps/web, built into dist/web, served at /app/) in a real browser: headless Chromium driven by
 * playwright-core against the whole stack (api, worker, Temporal, PostgreSQL, SMTP catcher) with
 * APP_ACTOR_HEADER=off, so people act only as who they signed in as. The README's daily flows, each on a desktop
 * (1366×900) and on a phone (390×844): sign in from the mailed link, submit with a file, a return without a reason
 * refused, approve from the queue, the plan page and Giám sát figures change. axe-core checks every page shown (no
 * serious or critical violation); screenshots land in test-artifacts/web-app/.
 */
const canRun = canRunBrowser('web app browser tests');

const PLAN = `HG-2023-APP-${randomBytes(3).toString('hex')}`;
const FINANCE = 'taichinh@hagiang.example.org';
const VICE_CHAIR = 'pct-vhxh@hagiang.example.org';
const OFFICER = 'vhxh-ldtbxh@hagiang.example.org';
const DISTRICT = 'tre-em@hatrung-ldtbxh.example.org';

(canRun ? describe : describe.skip)('web app at /app/ in Chromium: sign in, Việc của tôi, a step in a drawer, Phê duyệt, phone', () => {
  let s: Stack;
  const b = new TestBrowser('web-app', () => s);
  const shot = (page: Page, name: string) => b.shot(page, name);
  const signedIn = (email: string, start: string, options = DESKTOP, name?: string) => b.signedIn(email, start, options, name);
  const step = async (stepId: string) =>
    (await s.ds.query(`SELECT state, bucket FROM step WHERE plan_id = $1 AND step_id = $2`, [PLAN, stepId]))[0] as {
      state: string;
      bucket: string;
    };
  const events = async (stepId: string) =>
    (await s.ds.query(`SELECT kind, actor, note, evidence FROM step_event WHERE plan_id = $1 AND step_id = $2 ORDER BY seq`, [
      PLAN,
      stepId,
    ])) as {
      kind: string;
      actor: string | null;
      note: string | null;
      evidence: { links: string[]; files: { name: string; size: number }[] } | null;
    }[];
  /** The path of the step link in the newest mail to `email` about `stepId` (the app's step route). */
  const mailedStepPath = async (email: string, subject: string, stepId: string) => {
    const mail = await s.waitForMail((m) => m.to.includes(email) && m.subject.startsWith(subject) && m.subject.includes(stepId), 90_000);
    const url = mail.text.match(new RegExp(`(http\\S+/app/ke-hoach/[^/\\s]+/buoc/${stepId.replace('.', '\\.')})`))?.[1];
    if (!url) throw new Error(`no step link in:\n${mail.text}`);
    return new URL(url).pathname;
  };
  /** The plan page's figures: the four bucket cards and the share completed. */
  const planFigures = async (page: Page) => {
    await page.locator('[data-bucket-card]').first().waitFor();
    const card = async (bucket: string) =>
      Number((await page.locator(`[data-bucket-card="${bucket}"] .ant-statistic-content-value`).textContent())?.replace(/\D/g, ''));
    return {
      completedOnTime: await card('completed_on_time'),
      openOnTime: await card('open_on_time'),
      overdue: await card('open_overdue'),
      percentComplete: (await page.locator('[data-percent-complete] .ant-statistic-content-value').textContent())?.trim(),
    };
  };
  /** Giám sát of the district's monitoring body: the commune's row (its share completed and on time). */
  const communeFigures = async (page: Page) => {
    await page.reload();
    await page.locator('[data-overdue-total]').waitFor();
    const tab = page.getByRole('tab', { name: 'Theo xã' });
    if (await tab.count()) await tab.click();
    const row = page.locator('[data-commune-row]').first();
    await row.waitFor();
    return {
      percentComplete: (await row.locator('[data-percent-complete]').textContent())?.trim(),
      onTime: (await row.locator('[data-on-time]').textContent())?.trim(),
    };
  };

  const counter = async (page: Page, key: string) => {
    const c = page.locator(`[data-menu="${key}"] .ant-badge-count`);
    return (await c.count()) ? ((await c.getAttribute('title')) ?? (await c.textContent()))?.trim() : '0';
  };
  const row = (page: Page, stepId: string) => page.locator(`tr[data-step="${stepId}"][data-plan="${PLAN}"]`);

  beforeAll(async () => {
    expect(existsSync(join(projectRoot(), 'dist', 'web', 'index.html'))).toBe(true);
    s = await startStack({ actorHeader: false });
    await s.startWorker();
    await s.loadPlan(seedPlanI01(PLAN));
    // Plan time starts on 23/03/2023 (the plan's rehearsal start) at real pace: I01.5 is due 07/04/2023, I01.1 29/03/2023.
    expect((await s.runPlan(PLAN, { speed: 1 })).status).toBe(200);
    await b.launch();
  }, 240_000);
  afterAll(async () => {
    await b.close();
    await s?.close();
  });

  it('serves the built app at /app/: hashed files for a year, index.html not cached, every /app/ path the app; the exported OpenAPI document is the served one', async () => {
    const index = await fetch(`${s.baseUrl}/app/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await index.text();
    const asset = html.match(/src="(\/app\/assets\/[^"]+\.js)"/)?.[1];
    expect(asset).toBeDefined();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    const js = await fetch(`${s.baseUrl}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-type')).toContain('javascript');
    const deep = await fetch(`${s.baseUrl}/app/phe-duyet?x=1`);
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    expect(await deep.text()).toBe(html);
    expect((await fetch(`${s.baseUrl}/app/assets/none-123.js`)).status).toBe(404);
    expect((await fetch(`${s.baseUrl}/app/assets/..%2f..%2fpackage.json`)).status).toBe(404);
    // The client was generated from dist/openapi.json (scripts/build-web.mjs): the document the api serves.
    const served = await (await fetch(`${s.baseUrl}/api/docs-json`)).json();
    expect(JSON.parse(readFileSync(join(projectRoot(), 'dist', 'openapi.json'), 'utf8'))).toEqual(served);
  });

  it('a write with the session cookie needs the CSRF token of /api/v1/me: without it 403 in Vietnamese, nothing changed', async () => {
    const session = await sessionOf(s.ds, FINANCE);
    const cookie = `dondoc_session=${session}`;
    const me = (await (await fetch(`${s.baseUrl}/api/v1/me`, { headers: { cookie } })).json()) as {
      csrfToken: string;
      user: { name: string };
    };
    expect(me.user.name).toBe('Vũ Thị G');
    expect(me.csrfToken).toBe(formToken(session, API_CSRF_PURPOSE));
    const url = `${s.baseUrl}/api/v1/plans/${PLAN}/steps/I01.5/submission`;
    const post = (headers: Record<string, string>) =>
      fetch(url, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...headers },
        body: JSON.stringify({ note: '' }),
      });
    const without = await post({});
    expect(without.status).toBe(403);
    expect(await without.json()).toMatchObject({
      code: 'ACCESS_DENIED',
      reason: 'CSRF_TOKEN_INVALID',
      message: expect.stringContaining('mã chống giả mạo'),
    });
    expect((await post({ 'x-csrf-token': 'x'.repeat(43) })).status).toBe(403);
    // With it the request reaches the route (an empty note: 422), so nothing was submitted either way.
    expect((await post({ 'x-csrf-token': me.csrfToken })).status).toBe(422);
    expect(await step('I01.5')).toEqual({ state: 'assigned', bucket: 'open_on_time' });
  });

  it('the finance officer signs in from the app, finds I01.5 in Việc của tôi and submits it from its drawer with a note, a link and a file', async () => {
    const page = await signedIn(FINANCE, '/app/', DESKTOP, 'desktop');
    await expect(page.textContent('h1')).resolves.toBe('Việc của tôi');
    await expect(page.textContent('[data-commune]')).resolves.toBe('UBND xã Hà Giang');
    await expect(page.textContent('[data-user]')).resolves.toBe('Vũ Thị G');
    const r = row(page, 'I01.5');
    await r.waitFor();
    await expect(page.locator('tr[data-step]').count()).resolves.toBe(1);
    await expect(r.locator('[data-open-step]').textContent()).resolves.toBe('Dự toán kinh phí thực hiện kế hoạch');
    await expect(r.locator('[data-bucket]').textContent()).resolves.toBe('Chưa hoàn thành trong hạn');
    await expect(r.locator('[data-due]').textContent()).resolves.toBe('07/04/2023');
    // Plan day 23/03/2023 → 07/04/2023: 24, 27–31 March and 3–7 April.
    await expect(r.locator('[data-left]').textContent()).resolves.toBe('còn 11 ngày làm việc');
    await expect(r.textContent()).resolves.toContain('Công chức Tài chính - kế toán – Vũ Thị G');
    expect(await counter(page, 'my-work')).toBe('1');
    await expect(page.locator('[data-rehearsal]').textContent()).resolves.toContain('23/03/2023');
    await accessible(page, 'viec-cua-toi');
    await shot(page, 'desktop-02-viec-cua-toi');

    // Search: words of another step find nothing; the step's own words find it.
    await page.getByLabel('Tìm kiếm').fill('không có việc này');
    await page.getByLabel('Tìm kiếm').press('Enter');
    await page.waitForSelector('.ant-empty');
    await page.getByLabel('Tìm kiếm').fill('dự toán');
    await page.getByLabel('Tìm kiếm').press('Enter');
    await r.waitFor();

    await r.locator('[data-open-step]').click();
    const drawer = page.locator('.dd-step-drawer');
    await drawer.locator('[data-action="submit"]').click();
    await drawer.locator('[data-send]').click();
    await expect(drawer.locator('.ant-form-item-explain-error').first().textContent()).resolves.toContain('Cần nhập nội dung báo cáo');
    expect(await step('I01.5')).toEqual({ state: 'assigned', bucket: 'open_on_time' });
    await accessible(page, 'drawer');
    await shot(page, 'desktop-03-bao-cao-thieu-noi-dung');

    const pdf = Buffer.from('%PDF-1.4 dự toán kinh phí thực hiện kế hoạch 45.000.000 đồng');
    await drawer.getByLabel('Nội dung báo cáo').fill('Đã lập dự toán, trình ký ngày 05/4/2023');
    await drawer.getByLabel(/Đường dẫn minh chứng/).fill('https://drive.example.org/du-toan.pdf');
    await drawer.locator('input[type=file]').setInputFiles({ name: 'Dự toán kinh phí.pdf', mimeType: 'application/pdf', buffer: pdf });
    await expect(drawer.locator('.ant-upload-list').textContent()).resolves.toContain('Dự toán kinh phí.pdf');
    await drawer.locator('[data-send]').click();
    await drawer.locator('[data-drawer-bucket] [data-bucket="awaiting"]').waitFor();
    await expect(drawer.locator('[data-note]').textContent()).resolves.toBe('Đã lập dự toán, trình ký ngày 05/4/2023');
    await expect(drawer.locator('a[data-file]').textContent()).resolves.toBe('Dự toán kinh phí.pdf');
    await expect(drawer.locator('[data-history]').textContent()).resolves.toContain('Báo cáo kết quả');
    await shot(page, 'desktop-04-da-bao-cao');

    expect(await step('I01.5')).toEqual({ state: 'submitted', bucket: 'open_on_time' });
    const submitted = (await events('I01.5')).filter((e) => e.kind === 'submitted');
    expect(submitted).toHaveLength(1);
    expect(submitted[0]).toMatchObject({ actor: 'finance_officer', note: 'Đã lập dự toán, trình ký ngày 05/4/2023' });
    expect(submitted[0].evidence).toMatchObject({
      links: ['https://drive.example.org/du-toan.pdf'],
      files: [{ name: 'Dự toán kinh phí.pdf', size: pdf.length }],
    });
    const [stored] = await s.ds.query(`SELECT data FROM evidence_file WHERE plan_id = $1 AND step_id = 'I01.5'`, [PLAN]);
    expect(Buffer.from(stored.data).equals(pdf)).toBe(true);
    // The counter of open work went down; the step now waits for approval.
    await page.waitForFunction(`!document.querySelector('[data-menu="my-work"] .ant-badge-count')`);
    await page.locator('.dd-step-drawer .ant-drawer-close').click();
    await expect(row(page, 'I01.5').locator('[data-bucket]').textContent()).resolves.toBe('Chờ duyệt');
  }, 240_000);

  it('the vice-chairman signs in from the step link of the mail "[Chờ duyệt]", approves from Phê duyệt (an empty return reason refused): the plan page and Giám sát figures change', async () => {
    // The monitoring body's Giám sát and the plan page before: 4 steps, none done.
    const monitor = await b.withSession(DISTRICT, '/app/giam-sat');
    expect(await communeFigures(monitor)).toEqual({ percentComplete: '0%', onTime: '—' });
    await accessible(monitor, 'giam-sat');
    await shot(monitor, 'desktop-05-giam-sat-truoc');

    // The mail links to the app's step route: signing in lands on the plan page with the step's drawer open.
    const link = await mailedStepPath(VICE_CHAIR, '[Chờ duyệt]', 'I01.5');
    expect(link).toBe(`/app/ke-hoach/${PLAN}/buoc/I01.5`);
    const page = await signedIn(VICE_CHAIR, link);
    const opened = page.locator('.dd-step-drawer');
    await expect(opened.locator('[data-note]').textContent()).resolves.toBe('Đã lập dự toán, trình ký ngày 05/4/2023');
    await expect(opened.locator('[data-audit]').getAttribute('data-audit')).resolves.toBe('valid');
    await accessible(page, 'buoc-tu-thu');
    await shot(page, 'desktop-06-buoc-tu-thu');
    await opened.locator('.ant-drawer-close').click();
    await page.waitForURL(`${s.baseUrl}/app/ke-hoach/${PLAN}`);
    expect(await planFigures(page)).toEqual({ completedOnTime: 0, openOnTime: 4, overdue: 0, percentComplete: '0%' });
    await expect(page.locator('[data-gantt-step]').count()).resolves.toBe(4);
    await expect(page.locator('[data-gantt-step="I01.5"] [data-bar]').getAttribute('data-bar')).resolves.toBe('awaiting');

    await page.goto(`${s.baseUrl}/app/phe-duyet`);
    await expect(page.textContent('h1')).resolves.toBe('Phê duyệt');
    expect(await counter(page, 'approvals')).toBe('1');
    const r = row(page, 'I01.5');
    await r.waitFor();
    await expect(r.textContent()).resolves.toContain('Công chức Tài chính - kế toán – Vũ Thị G');
    await accessible(page, 'phe-duyet');
    await shot(page, 'desktop-07-phe-duyet');
    await r.locator('[data-open-step]').click();
    const drawer = page.locator('.dd-step-drawer');
    await expect(drawer.locator('[data-note]').textContent()).resolves.toBe('Đã lập dự toán, trình ký ngày 05/4/2023');
    await expect(drawer.locator('a[data-file]').textContent()).resolves.toBe('Dự toán kinh phí.pdf');

    const before = (await events('I01.5')).length;
    await drawer.locator('[data-action="reject"]').click();
    await drawer.locator('[data-send]').click();
    await expect(drawer.locator('.ant-form-item-explain-error').first().textContent()).resolves.toBe(
      'Cần nhập lý do trả lại. Chưa có gì thay đổi.',
    );
    await accessible(page, 'tra-lai-thieu-ly-do');
    await shot(page, 'desktop-08-tra-lai-thieu-ly-do');
    expect(await step('I01.5')).toEqual({ state: 'submitted', bucket: 'open_on_time' });
    expect(await events('I01.5')).toHaveLength(before);

    await drawer.locator('[data-action="approve"]').click();
    await drawer.getByLabel(/Ý kiến/).fill('Đồng ý');
    await drawer.locator('[data-send]').click();
    await drawer.locator('[data-drawer-bucket] [data-bucket="completed_on_time"]').waitFor();
    expect(await step('I01.5')).toEqual({ state: 'completed', bucket: 'completed_on_time' });
    expect((await events('I01.5')).at(-1)).toMatchObject({ kind: 'approved', actor: 'vice_chair_vhxh', note: 'Đồng ý' });
    await page.waitForFunction(`!document.querySelector('[data-menu="approvals"] .ant-badge-count')`);
    await page.locator('.dd-step-drawer .ant-drawer-close').click();
    await page.waitForSelector('.ant-empty');
    await shot(page, 'desktop-09-da-phe-duyet');

    // After: a quarter done, all of it on time; the Gantt bar is green; Giám sát says the same.
    await page.goto(`${s.baseUrl}/app/ke-hoach/${PLAN}`);
    expect(await planFigures(page)).toEqual({ completedOnTime: 1, openOnTime: 3, overdue: 0, percentComplete: '25%' });
    await expect(page.locator('[data-gantt-step="I01.5"] [data-bar]').getAttribute('data-bar')).resolves.toBe('completed_on_time');
    await accessible(page, 'ke-hoach-sau-phe-duyet');
    await shot(page, 'desktop-10-ke-hoach-sau-phe-duyet');
    expect(await communeFigures(monitor)).toEqual({ percentComplete: '25%', onTime: '100%' });
    await shot(monitor, 'desktop-11-giam-sat-sau');
  }, 300_000);

  it('on a phone (390×844): the officer signs in, submits I01.1 from its card with a file (an empty note refused); the menu is a drawer; an unknown page says what to do', async () => {
    const page = await signedIn(OFFICER, '/app/', PHONE, 'phone');
    const card = page.locator(`.ant-card[data-step="I01.1"][data-plan="${PLAN}"]`);
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('Dự thảo kế hoạch xã');
    expect((await fitsWindow(page)).view).toBe(390);
    await accessible(page, 'phone-viec-cua-toi');
    await shot(page, 'phone-02-viec-cua-toi');

    await card.click();
    const drawer = page.locator('.dd-step-drawer');
    await drawer.locator('[data-action="submit"]').click();
    await drawer.locator('[data-send]').click();
    await expect(drawer.locator('.ant-form-item-explain-error').first().textContent()).resolves.toContain('Cần nhập nội dung báo cáo');
    expect(await step('I01.1')).toEqual({ state: 'assigned', bucket: 'open_on_time' });
    await accessible(page, 'phone-drawer');
    await shot(page, 'phone-03-bao-cao-thieu-noi-dung');
    const docx = Buffer.from('PK dự thảo kế hoạch xã Hà Giang năm 2023');
    await drawer.getByLabel('Nội dung báo cáo').fill('Đã dự thảo kế hoạch xã');
    await drawer.locator('input[type=file]').setInputFiles({
      name: 'Dự thảo kế hoạch.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: docx,
    });
    await expect(drawer.locator('.ant-upload-list').textContent()).resolves.toContain('Dự thảo kế hoạch.docx');
    await drawer.locator('[data-send]').click();
    await drawer.locator('[data-drawer-bucket] [data-bucket="awaiting"]').waitFor();
    await expect(drawer.locator('a[data-file]').textContent()).resolves.toBe('Dự thảo kế hoạch.docx');
    await fitsWindow(page);
    await shot(page, 'phone-04-da-bao-cao');
    expect(await step('I01.1')).toEqual({ state: 'submitted', bucket: 'open_on_time' });
    const [stored] = await s.ds.query(`SELECT data FROM evidence_file WHERE plan_id = $1 AND step_id = 'I01.1'`, [PLAN]);
    expect(Buffer.from(stored.data).equals(docx)).toBe(true);
    await drawer.locator('.ant-drawer-close').click();

    await page.getByRole('button', { name: 'Mở trình đơn' }).click();
    await page.locator('.ant-drawer [data-menu="approvals"]').waitFor();
    await accessible(page, 'phone-menu');
    await shot(page, 'phone-05-trinh-don');
    await page.locator('.ant-drawer [data-menu="approvals"]').click();
    await page.waitForURL(`${s.baseUrl}/app/phe-duyet`);
    await page.locator('h1', { hasText: 'Phê duyệt' }).waitFor();
    await card.waitFor({ state: 'detached' });

    await page.goto(`${s.baseUrl}/app/khong-co-trang-nay`);
    await page.waitForSelector('[data-error-status="404"]');
    await expect(page.textContent('[data-error-status="404"]')).resolves.toContain('Về Việc của tôi');
    await accessible(page, 'phone-404');
    await shot(page, 'phone-06-khong-tim-thay');
  }, 240_000);

  it('on a phone the vice-chairman signs in from the mailed step link, approves I01.1 from Phê duyệt (an empty return reason refused): the plan page and Giám sát change', async () => {
    const monitor = await b.withSession(DISTRICT, '/app/giam-sat', PHONE);
    expect(await communeFigures(monitor)).toEqual({ percentComplete: '25%', onTime: '100%' });
    await fitsWindow(monitor);
    await accessible(monitor, 'phone-giam-sat');
    await shot(monitor, 'phone-07-giam-sat-truoc');

    const link = await mailedStepPath(VICE_CHAIR, '[Chờ duyệt]', 'I01.1');
    const page = await signedIn(VICE_CHAIR, link, PHONE);
    const opened = page.locator('.dd-step-drawer');
    await expect(opened.locator('[data-note]').textContent()).resolves.toBe('Đã dự thảo kế hoạch xã');
    await accessible(page, 'phone-buoc-tu-thu');
    await shot(page, 'phone-08-buoc-tu-thu');
    await opened.locator('.ant-drawer-close').click();
    expect(await planFigures(page)).toEqual({ completedOnTime: 1, openOnTime: 3, overdue: 0, percentComplete: '25%' });
    await fitsWindow(page);

    await page.getByRole('button', { name: 'Mở trình đơn' }).click();
    await page.locator('.ant-drawer [data-menu="approvals"]').click();
    await page.waitForURL(`${s.baseUrl}/app/phe-duyet`);
    const card = page.locator(`.ant-card[data-step="I01.1"][data-plan="${PLAN}"]`);
    await card.waitFor();
    await accessible(page, 'phone-phe-duyet');
    await shot(page, 'phone-09-phe-duyet');
    await card.click();
    const drawer = page.locator('.dd-step-drawer');
    await expect(drawer.locator('a[data-file]').textContent()).resolves.toBe('Dự thảo kế hoạch.docx');
    const before = (await events('I01.1')).length;
    await drawer.locator('[data-action="reject"]').click();
    await drawer.locator('[data-send]').click();
    await expect(drawer.locator('.ant-form-item-explain-error').first().textContent()).resolves.toBe(
      'Cần nhập lý do trả lại. Chưa có gì thay đổi.',
    );
    await accessible(page, 'phone-tra-lai-thieu-ly-do');
    await shot(page, 'phone-10-tra-lai-thieu-ly-do');
    expect(await events('I01.1')).toHaveLength(before);
    await drawer.locator('[data-action="approve"]').click();
    await drawer.getByLabel(/Ý kiến/).fill('Đồng ý');
    await drawer.locator('[data-send]').click();
    await drawer.locator('[data-drawer-bucket] [data-bucket="completed_on_time"]').waitFor();
    expect(await step('I01.1')).toEqual({ state: 'completed', bucket: 'completed_on_time' });
    expect((await events('I01.1')).at(-1)).toMatchObject({ kind: 'approved', actor: 'vice_chair_vhxh', note: 'Đồng ý' });
    await drawer.locator('.ant-drawer-close').click();

    await page.goto(`${s.baseUrl}/app/ke-hoach/${PLAN}`);
    expect(await planFigures(page)).toEqual({ completedOnTime: 2, openOnTime: 2, overdue: 0, percentComplete: '50%' });
    await accessible(page, 'phone-ke-hoach-sau-phe-duyet');
    await shot(page, 'phone-11-ke-hoach-sau-phe-duyet');
    expect(await communeFigures(monitor)).toEqual({ percentComplete: '50%', onTime: '100%' });
    await shot(monitor, 'phone-12-giam-sat-sau');
  }, 300_000);

  it('under the Content-Security-Policy: the pages above ran their script, nothing came from another host; the API docs and the mailbox work; another site cannot frame a page', async () => {
    const page = await b.newPage(DESKTOP);
    // Swagger UI (its own files, inline styles and data: images) renders the API's operations.
    await page.goto(`${s.baseUrl}/api/docs`);
    await page.waitForSelector('.swagger-ui .opblock');
    await shot(page, 'desktop-12-api-docs');
    // The mailbox (this machine) shows a mail's HTML in its sandboxed frame.
    const mail = await s.waitForMail((m) => m.subject.startsWith('[Việc mới]'));
    await page.goto(`${s.baseUrl}/mailbox/${mail.id}`);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeDefined();
    await expect(frame!.locator('body').textContent()).resolves.toContain('Kính gửi');
    await shot(page, 'desktop-13-hop-thu');
    // A page of another site framing the approval queue: Chromium refuses to show it (frame-ancestors 'none',
    // X-Frame-Options: DENY), so nothing there can be clicked.
    await page.goto('about:blank');
    await page.setContent(`<iframe id="f" src="${s.baseUrl}/app/phe-duyet" style="width:800px;height:600px"></iframe>`);
    const framed = await (await page.waitForSelector('#f')).contentFrame();
    await framed!.waitForLoadState('load');
    await page.waitForTimeout(1000);
    expect(framed!.url()).toMatch(/^chrome-error:/); // Chromium's "refused to connect" page instead
    expect(await framed!.content()).not.toContain('Phê duyệt');
    expect(await framed!.locator('nav, form, button').count()).toBe(0);
    expect(b.violations.filter((v) => !/frame-ancestors|X-Frame-Options/i.test(v))).toEqual([]);
    expect(b.outside).toEqual([]);
  }, 120_000);
});
