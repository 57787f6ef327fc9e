import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { API_CSRF_PURPOSE } from '../../apps/api/src/auth/access.service.js';
import { formToken } from '../../libs/database/src/index.js';
import { projectRoot } from '../../libs/config/src/project-root.js';
import { sessionOf } from '../utils/sessions.js';
import { seedPlanI01, startStack, type Stack } from '../utils/stack.js';

/**
 * The web app (apps/web, built into dist/web, served at /app/) in a real browser: headless Chromium driven by
 * playwright-core against the whole stack (api, worker, Temporal, PostgreSQL, SMTP catcher) with
 * APP_ACTOR_HEADER=off, so people act only as who they signed in as. Desktop 1366×900 and phone 390×844; axe-core
 * checks every page shown (no serious or critical violation); screenshots land in test-artifacts/web-app/.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const canRun = existsSync(CHROMIUM) || process.env.CI === 'true';
if (!canRun) console.warn(`web app browser tests SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium); with CI=true they run and fail without it`);

const PLAN = `HG-2023-APP-${randomBytes(3).toString('hex')}`;
const FINANCE = 'taichinh@hagiang.example.org';
const VICE_CHAIR = 'pct-vhxh@hagiang.example.org';
const OFFICER = 'vhxh-ldtbxh@hagiang.example.org';
const ARTIFACTS = join(projectRoot(), 'test-artifacts', 'web-app');
const DESKTOP = { viewport: { width: 1366, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const AXE = readFileSync(join(projectRoot(), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

(canRun ? describe : describe.skip)('web app at /app/ in Chromium: sign in, Việc của tôi, a step in a drawer, Phê duyệt, phone', () => {
  let s: Stack;
  let browser: Browser;
  const seen = new Set<string>();
  const contexts: BrowserContext[] = [];
  /** What Chromium refused under the Content-Security-Policy, and every request to another host. */
  const violations: string[] = [];
  const outside: string[] = [];

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const step = async (stepId: string) =>
    (await s.ds.query(`SELECT state, bucket FROM step WHERE plan_id = $1 AND step_id = $2`, [PLAN, stepId]))[0] as { state: string; bucket: string };
  const events = async (stepId: string) =>
    (await s.ds.query(`SELECT kind, actor, note, evidence FROM step_event WHERE plan_id = $1 AND step_id = $2 ORDER BY seq`, [PLAN, stepId])) as {
      kind: string; actor: string | null; note: string | null; evidence: { links: string[]; files: { name: string; size: number }[] } | null;
    }[];

  /** axe-core in the page (through the DevTools protocol: the page's CSP allows no inline script): no serious or critical violation. */
  async function accessible(page: Page, name: string) {
    await page.evaluate(`${AXE}\n;0`);
    const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] };
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  }

  async function newPage(options: Parameters<Browser['newContext']>[0]): Promise<Page> {
    const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', ...options });
    contexts.push(context);
    context.on('console', (m) => {
      if (/Content Security Policy|Refused to (execute|load|apply|frame|connect)/i.test(m.text())) violations.push(`${m.location().url}: ${m.text()}`);
    });
    context.on('request', (r) => {
      if (!r.url().startsWith(s.baseUrl) && !r.url().startsWith('data:') && !r.url().startsWith('about:')) outside.push(r.url());
    });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    return page;
  }

  /** Signs in from the app: /app/ says to sign in, the app's form mails the link, its page's button lands in the app. */
  async function signedIn(email: string, start: string, options: Parameters<Browser['newContext']>[0] = DESKTOP, name?: string): Promise<Page> {
    const page = await newPage(options);
    await page.goto(`${s.baseUrl}${start}`);
    await page.waitForSelector('[data-error-status="401"]');
    if (name) {
      await accessible(page, `${name}-401`);
      await shot(page, `${name}-00-can-dang-nhap`);
    }
    await Promise.all([page.waitForURL(/\/app\/dang-nhap\?next=/), page.getByRole('link', { name: 'Đăng nhập' }).click()]);
    expect(new URL(page.url()).searchParams.get('next')).toBe(start);
    await page.getByLabel('Địa chỉ thư điện tử').fill(email);
    await page.getByRole('button', { name: 'Gửi liên kết đăng nhập' }).click();
    await page.waitForSelector('[data-sent]');
    if (name) {
      await accessible(page, `${name}-sign-in`);
      await shot(page, `${name}-01-dang-nhap`);
    }
    const mail = await s.waitForMail((m) => m.to.includes(email) && m.subject.startsWith('[Đăng nhập]') && !seen.has(m.messageId), 60_000);
    seen.add(mail.messageId);
    const link = mail.text.match(/(http\S+\/dang-nhap\/xac-nhan\?t=[A-Za-z0-9_-]{43})/)?.[1];
    if (!link) throw new Error(`no sign-in link in:\n${mail.text}`);
    await page.goto(link);
    // The link's page is server-rendered and signs in only on its button's POST.
    await Promise.all([page.waitForURL(`${s.baseUrl}${start}`), page.click('form[action="/dang-nhap/xac-nhan"] button')]);
    await page.waitForSelector('[data-user]');
    return page;
  }

  const counter = async (page: Page, key: string) => {
    const c = page.locator(`[data-menu="${key}"] .ant-badge-count`);
    return (await c.count()) ? ((await c.getAttribute('title')) ?? (await c.textContent()))?.trim() : '0';
  };
  const row = (page: Page, stepId: string) => page.locator(`tr[data-step="${stepId}"][data-plan="${PLAN}"]`);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    expect(existsSync(join(projectRoot(), 'dist', 'web', 'index.html'))).toBe(true);
    s = await startStack({ actorHeader: false });
    await s.startWorker();
    await s.loadPlan(seedPlanI01(PLAN));
    // Plan time starts on 23/03/2023 (the plan's rehearsal start) at real pace: I01.5 is due 07/04/2023.
    expect((await s.runPlan(PLAN, { speed: 1 })).status).toBe(200);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
  }, 240_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
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
    const me = (await (await fetch(`${s.baseUrl}/api/v1/me`, { headers: { cookie } })).json()) as { csrfToken: string; user: { name: string } };
    expect(me.user.name).toBe('Vũ Thị G');
    expect(me.csrfToken).toBe(formToken(session, API_CSRF_PURPOSE));
    const url = `${s.baseUrl}/api/v1/plans/${PLAN}/steps/I01.5/submission`;
    const post = (headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...headers }, body: JSON.stringify({ note: '' }) });
    const without = await post({});
    expect(without.status).toBe(403);
    expect(await without.json()).toMatchObject({ code: 'ACCESS_DENIED', reason: 'CSRF_TOKEN_INVALID', message: expect.stringContaining('mã chống giả mạo') });
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
    expect(submitted[0].evidence).toMatchObject({ links: ['https://drive.example.org/du-toan.pdf'], files: [{ name: 'Dự toán kinh phí.pdf', size: pdf.length }] });
    const [stored] = await s.ds.query(`SELECT data FROM evidence_file WHERE plan_id = $1 AND step_id = 'I01.5'`, [PLAN]);
    expect(Buffer.from(stored.data).equals(pdf)).toBe(true);
    // The counter of open work went down; the step now waits for approval.
    await page.waitForFunction(`!document.querySelector('[data-menu="my-work"] .ant-badge-count')`);
    await page.locator('.dd-step-drawer .ant-drawer-close').click();
    await expect(row(page, 'I01.5').locator('[data-bucket]').textContent()).resolves.toBe('Chờ duyệt');
  }, 240_000);

  it('the vice-chairman approves from Phê duyệt: an empty return reason is refused, the approval counts', async () => {
    const page = await signedIn(VICE_CHAIR, '/app/phe-duyet');
    await expect(page.textContent('h1')).resolves.toBe('Phê duyệt');
    expect(await counter(page, 'approvals')).toBe('1');
    const r = row(page, 'I01.5');
    await r.waitFor();
    await expect(r.textContent()).resolves.toContain('Công chức Tài chính - kế toán – Vũ Thị G');
    await accessible(page, 'phe-duyet');
    await shot(page, 'desktop-05-phe-duyet');
    await r.locator('[data-open-step]').click();
    const drawer = page.locator('.dd-step-drawer');
    await expect(drawer.locator('[data-note]').textContent()).resolves.toBe('Đã lập dự toán, trình ký ngày 05/4/2023');
    await expect(drawer.locator('a[data-file]').textContent()).resolves.toBe('Dự toán kinh phí.pdf');

    const before = (await events('I01.5')).length;
    await drawer.locator('[data-action="reject"]').click();
    await drawer.locator('[data-send]').click();
    await expect(drawer.locator('.ant-form-item-explain-error').first().textContent()).resolves.toBe('Cần nhập lý do trả lại. Chưa có gì thay đổi.');
    await shot(page, 'desktop-06-tra-lai-thieu-ly-do');
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
    await shot(page, 'desktop-07-da-phe-duyet');
  }, 240_000);

  it('on a phone (390×844) Việc của tôi is a list of cards that fits the screen, the menu is a drawer; an unknown page says what to do', async () => {
    const page = await signedIn(OFFICER, '/app/', PHONE, 'phone');
    const card = page.locator(`.ant-card[data-step="I01.1"][data-plan="${PLAN}"]`);
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('Dự thảo kế hoạch xã');
    const widths = (await page.evaluate('({ doc: document.documentElement.scrollWidth, view: window.innerWidth })')) as { doc: number; view: number };
    expect(widths.view).toBe(390);
    expect(widths.doc).toBeLessThanOrEqual(widths.view);
    await accessible(page, 'phone-viec-cua-toi');
    await shot(page, 'phone-02-viec-cua-toi');
    await page.getByRole('button', { name: 'Mở trình đơn' }).click();
    await page.locator('.ant-drawer [data-menu="approvals"]').waitFor();
    await accessible(page, 'phone-menu');
    await shot(page, 'phone-03-trinh-don');
    await page.locator('.ant-drawer [data-menu="approvals"]').click();
    await page.waitForURL(`${s.baseUrl}/app/phe-duyet`);
    await page.locator('h1', { hasText: 'Phê duyệt' }).waitFor();
    await card.waitFor({ state: 'detached' });

    await page.goto(`${s.baseUrl}/app/khong-co-trang-nay`);
    await page.waitForSelector('[data-error-status="404"]');
    await expect(page.textContent('[data-error-status="404"]')).resolves.toContain('Về Việc của tôi');
    await accessible(page, 'phone-404');
    await shot(page, 'phone-04-khong-tim-thay');
    expect(violations).toEqual([]);
    expect(outside).toEqual([]);
  }, 240_000);
});
