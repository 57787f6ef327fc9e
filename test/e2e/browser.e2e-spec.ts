import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { vi } from '../../apps/api/src/i18n/vi.js';
import { projectRoot } from '../../libs/config/src/index.js';
import { seedPlanI01, startStack, type Stack } from '../utils/stack.js';

/**
 * The Vietnamese web app in a real browser: headless Chromium (the Debian package) driven by playwright-core against
 * the whole stack (api, worker, Temporal, PostgreSQL, SMTP catcher) with APP_ACTOR_HEADER=off, so people act only as
 * who they signed in as. Screenshots land in test-artifacts/browser/.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const canRun = existsSync(CHROMIUM) || process.env.CI === 'true';
if (!canRun) console.warn(`browser tests SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium); with CI=true they run and fail without it`);

const PLAN = `HG-2023-WEB-${randomBytes(3).toString('hex')}`;
const FINANCE = 'taichinh@hagiang.example.org';
const VICE_CHAIR = 'pct-vhxh@hagiang.example.org';
const OFFICER = 'vhxh-ldtbxh@hagiang.example.org';
const ARTIFACTS = join(projectRoot(), 'test-artifacts', 'browser');
const WAIT = { timeout: 60_000 };

(canRun ? describe : describe.skip)('web app in Chromium: my tasks, submit with a file, approval queue, dashboards, phone', () => {
  let s: Stack;
  let browser: Browser;
  const seen = new Set<string>();
  const contexts: BrowserContext[] = [];
  /** What Chromium refused under the Content-Security-Policy, on any page of any context of this file. */
  const violations: string[] = [];
  const watchCsp = (context: BrowserContext) =>
    context.on('console', (m) => {
      if (/Content Security Policy|Refused to (execute|load|apply|frame|connect)/i.test(m.text())) violations.push(`${m.location().url}: ${m.text()}`);
    });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const step = async (stepId: string, planId = PLAN) =>
    (await s.ds.query(`SELECT state, bucket FROM step WHERE plan_id = $1 AND step_id = $2`, [planId, stepId]))[0] as { state: string; bucket: string };
  const events = async (stepId: string) =>
    (await s.ds.query(`SELECT kind, actor, note, evidence FROM step_event WHERE plan_id = $1 AND step_id = $2 ORDER BY seq`, [PLAN, stepId])) as {
      kind: string; actor: string | null; note: string | null; evidence: { links: string[]; files: { name: string; size: number }[] } | null;
    }[];

  /** A fresh browser (its own cookies) signed in as `email` through the mailed link; it lands on `start`. */
  async function signedIn(email: string, start: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
    const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', ...options });
    contexts.push(context);
    watchCsp(context);
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    await page.goto(`${s.baseUrl}${start}`);
    expect(new URL(page.url()).pathname).toBe('/dang-nhap');
    expect(new URL(page.url()).searchParams.get('next')).toBe(start);
    await page.fill('input[name=email]', email);
    await page.click('form[action="/dang-nhap"] button[type=submit]');
    await page.waitForSelector('p.notice[role=status]');
    const mail = await s.waitForMail((m) => m.to.includes(email) && m.subject.startsWith('[Đăng nhập]') && !seen.has(m.messageId), 60_000);
    seen.add(mail.messageId);
    const link = mail.text.match(/(http\S+\/dang-nhap\/xac-nhan\?t=[A-Za-z0-9_-]{43})/)?.[1];
    if (!link) throw new Error(`no sign-in link in:\n${mail.text}`);
    await page.goto(link);
    await Promise.all([page.waitForURL(`${s.baseUrl}${start}`), page.click('form[action="/dang-nhap/xac-nhan"] button')]);
    return page;
  }
  const kpi = async (page: Page, name: string) => (await page.textContent(`[data-kpi="${name}"]`))?.trim();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
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

  it('the finance officer signs in by the mailed link, sees "Việc của tôi" and submits I01.5 with a note, a link and a file', async () => {
    const page = await signedIn(FINANCE, '/viec-cua-toi');
    await expect(page.textContent('h1')).resolves.toBe('Việc của tôi');
    const card = page.locator(`article[data-step="I01.5"][data-plan="${PLAN}"]`);
    await expect(card.count()).resolves.toBe(1);
    await expect(page.locator('article[data-step]').count()).resolves.toBe(1);
    await expect(card.locator('[data-status]').textContent()).resolves.toBe('chưa hoàn thành trong hạn');
    await expect(card.getAttribute('class')).resolves.toContain('b-open_on_time');
    await expect(card.locator('[data-due]').textContent()).resolves.toBe('07/04/2023');
    // Plan day 23/03/2023 → 07/04/2023: 24, 27–31 March and 3–7 April.
    await expect(card.locator('[data-left]').textContent()).resolves.toBe('còn 11 ngày làm việc');
    await shot(page, '01-viec-cua-toi');

    // An empty note is refused in Vietnamese; nothing is sent.
    await card.locator('button[type=submit]').click();
    await expect(card.locator('[data-out]').textContent()).resolves.toContain('Cần nhập nội dung báo cáo');
    expect(await step('I01.5')).toEqual({ state: 'assigned', bucket: 'open_on_time' });

    const pdf = Buffer.from('%PDF-1.4 dự toán kinh phí thực hiện kế hoạch 45.000.000 đồng');
    await card.locator('textarea[name=note]').fill('Đã lập dự toán, trình ký ngày 05/4/2023');
    await card.locator('textarea[name=links]').fill('https://drive.example.org/du-toan.pdf');
    await card.locator('input[name=files]').setInputFiles({ name: 'Dự toán kinh phí.pdf', mimeType: 'application/pdf', buffer: pdf });
    await card.locator('button[type=submit]').click();
    // The script uploads the file, submits with its id and reloads: the card now waits for approval, without a form.
    await page.waitForSelector('article[data-step="I01.5"] [data-status="awaiting"]');
    await expect(card.locator('form').count()).resolves.toBe(0);
    await shot(page, '02-da-bao-cao');

    expect(await step('I01.5')).toEqual({ state: 'submitted', bucket: 'open_on_time' });
    const submitted = (await events('I01.5')).filter((e) => e.kind === 'submitted');
    expect(submitted).toHaveLength(1);
    expect(submitted[0]).toMatchObject({ actor: 'finance_officer', note: 'Đã lập dự toán, trình ký ngày 05/4/2023' });
    expect(submitted[0].evidence).toMatchObject({ links: ['https://drive.example.org/du-toan.pdf'], files: [{ name: 'Dự toán kinh phí.pdf', size: pdf.length }] });
    const [stored] = await s.ds.query(`SELECT data FROM evidence_file WHERE plan_id = $1 AND step_id = 'I01.5'`, [PLAN]);
    expect(Buffer.from(stored.data).equals(pdf)).toBe(true);
  }, 240_000);

  it('the vice-chairman approves from the approval queue (an empty return reason is refused) and the dashboards change', async () => {
    const page = await signedIn(VICE_CHAIR, '/phe-duyet');
    // The commune dashboard before: 4 steps, none done, nothing due yet.
    await page.goto(`${s.baseUrl}/plans/${PLAN}`);
    expect(await kpi(page, 'steps')).toBe('4');
    expect(await kpi(page, 'percent-complete')).toBe('0%');
    expect(await kpi(page, 'on-time')).toBe('—');
    await expect(page.locator('svg g.bar').count()).resolves.toBe(4);
    await expect(page.getAttribute('svg g.today', 'data-today')).resolves.toBe('2023-03-23');
    await page.goto(`${s.baseUrl}/giam-sat`);
    expect(await page.textContent(`tr[data-plan="${PLAN}"] [data-kpi="percent-complete"]`)).toBe('0%');

    await page.goto(`${s.baseUrl}/phe-duyet`);
    const card = page.locator(`article[data-step="I01.5"][data-plan="${PLAN}"]`);
    await expect(card.locator('[data-note]').textContent()).resolves.toBe('Đã lập dự toán, trình ký ngày 05/4/2023');
    await expect(card.locator('a[data-file]').textContent()).resolves.toBe('Dự toán kinh phí.pdf');
    await shot(page, '03-phe-duyet');

    const before = (await events('I01.5')).length;
    await card.locator('button[value=reject]').click();
    await expect(card.locator('[data-out][role=alert]').textContent()).resolves.toBe('Cần nhập lý do trả lại. Chưa có gì thay đổi.');
    await shot(page, '04-tra-lai-thieu-ly-do');
    expect(await step('I01.5')).toEqual({ state: 'submitted', bucket: 'open_on_time' });
    expect(await events('I01.5')).toHaveLength(before);

    await card.locator('textarea[name=text]').fill('Đồng ý');
    await card.locator('button[value=approve]').click();
    await page.waitForSelector('p[data-empty]');
    expect(await step('I01.5')).toEqual({ state: 'completed', bucket: 'completed_on_time' });
    expect((await events('I01.5')).at(-1)).toMatchObject({ kind: 'approved', actor: 'vice_chair_vhxh', note: 'Đồng ý' });

    // The commune dashboard after: a quarter done, all of it on time; the Gantt bar turned green.
    await page.goto(`${s.baseUrl}/plans/${PLAN}`);
    expect(await kpi(page, 'percent-complete')).toBe('25%');
    expect(await kpi(page, 'on-time')).toBe('100%');
    expect(await kpi(page, 'overdue')).toBe('0');
    await expect(page.getAttribute('svg g.bar[data-step="I01.5"]', 'data-bucket')).resolves.toBe('completed_on_time');
    await expect(page.locator('svg g[data-row="I01"] [data-value]').textContent()).resolves.toBe('đúng hạn 100%');
    await shot(page, '05-ke-hoach-bang-tong-hop');
    await page.goto(`${s.baseUrl}/giam-sat`);
    expect(await page.textContent(`tr[data-plan="${PLAN}"] [data-kpi="percent-complete"]`)).toBe('25%');
    expect(await page.textContent(`tr[data-plan="${PLAN}"] [data-kpi="on-time"]`)).toBe('100%');
    await shot(page, '06-giam-sat');
  }, 240_000);

  it('on a phone (390×844) "Việc của tôi" fits the screen: no horizontal scrolling', async () => {
    const page = await signedIn(OFFICER, '/viec-cua-toi', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await expect(page.locator(`article[data-step="I01.1"][data-plan="${PLAN}"] form[data-submit]`).count()).resolves.toBe(1);
    // Evaluated in the page (this file has no DOM types).
    const widths = (await page.evaluate('({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: window.innerWidth })')) as { doc: number; body: number; view: number };
    expect(widths.view).toBe(390);
    expect(widths.doc).toBeLessThanOrEqual(widths.view);
    expect(widths.body).toBeLessThanOrEqual(widths.view);
    await shot(page, '07-dien-thoai-viec-cua-toi');
    await page.goto(`${s.baseUrl}/plans/${PLAN}`);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(page, '08-dien-thoai-ke-hoach');
  }, 240_000);

  // Uploading and starting a plan file: in the web app, test/e2e/web-plan-editor.e2e-spec.ts (desktop and phone).

  it('under the Content-Security-Policy: the pages above ran their script; the API docs and the mailbox work; another site cannot frame a page', async () => {
    const context = await browser.newContext({ locale: 'vi-VN' });
    contexts.push(context);
    watchCsp(context);
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    // Swagger UI (its own files, inline styles and data: images) renders the API's operations.
    await page.goto(`${s.baseUrl}/api/docs`);
    await page.waitForSelector('.swagger-ui .opblock');
    await shot(page, '12-api-docs');
    // The mailbox (this machine) shows a mail's HTML in its sandboxed frame.
    const mail = await s.waitForMail((m) => m.subject.startsWith('[Việc mới]'));
    await page.goto(`${s.baseUrl}/mailbox/${mail.id}`);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeDefined();
    await expect(frame!.locator('body').textContent()).resolves.toContain('Kính gửi');
    await shot(page, '13-hop-thu');
    // A page of another site framing the approval queue: Chromium refuses to show it (frame-ancestors 'none',
    // X-Frame-Options: DENY), so nothing there can be clicked.
    await page.goto('about:blank');
    await page.setContent(`<iframe id="f" src="${s.baseUrl}/phe-duyet" style="width:800px;height:600px"></iframe>`);
    const framed = await (await page.waitForSelector('#f')).contentFrame();
    await framed!.waitForLoadState('load');
    await page.waitForTimeout(1000);
    const inFrame = await framed!.content();
    expect(framed!.url()).toMatch(/^chrome-error:/); // Chromium's "refused to connect" page instead
    expect(inFrame).not.toContain('Phê duyệt');
    expect(await framed!.locator('nav, form, button').count()).toBe(0);
    expect(violations.filter((v) => !/frame-ancestors|X-Frame-Options/i.test(v))).toEqual([]);
  }, 120_000);
});
