import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PlanDraftRepository } from '#libs/database/src/index.js';
import { projectRoot } from '#libs/config/src/project-root.js';
import { runCli } from '../utils/cli.js';
import { accessible, canRunBrowser, DESKTOP, PHONE, TestBrowser } from '../utils/browser.js';
import { csrfHeader, sessionOf } from '../utils/sessions.js';
import { eventually, seedPlanI01WithVillages, startStack, type Stack } from '../utils/stack.js';

/**
 * The plan page (dashboard, charts, Gantt, steps table, exports, next year's draft), Giám sát and Quản trị of the web
 * app in headless Chromium against the whole stack (api, worker, Temporal, PostgreSQL, SMTP catcher) with
 * APP_ACTOR_HEADER=off. People come in with a session made as the mailed link makes one (the sign-in pages are walked
 * in web-app.e2e-spec.ts). Desktop 1366×900 and phone 390×844; axe-core on every page shown (no serious or critical
 * violation); screenshots in test-artifacts/web-pages/.
 */
const canRun = canRunBrowser('web pages browser tests');

const PLAN = `HG-PAGES-${randomBytes(3).toString('hex')}`;
const CHAIRMAN = 'chu-tich@hagiang.example.org';
const VICE_CHAIR = 'pct-vhxh@hagiang.example.org';
const OFFICER = 'vhxh-ldtbxh@hagiang.example.org';
const DISTRICT = 'tre-em@hatrung-ldtbxh.example.org';
const ADMIN = 'quantri-trang@hagiang.example.org';

(canRun ? describe : describe.skip)('web app pages in Chromium: Kế hoạch, Giám sát, Quản trị', () => {
  let s: Stack;
  const b = new TestBrowser('web-pages', () => s);
  const { violations, outside } = b;
  const shot = (page: Page, name: string) => b.shot(page, name);
  /** A browser signed in as `email` (its session cookie), opened at `start`. */
  const signedIn = (email: string, start: string, options = DESKTOP) => b.withSession(email, start, options);
  const stepRow = async (stepId: string) =>
    (await s.ds.query(`SELECT state, bucket FROM step WHERE plan_id = $1 AND step_id = $2`, [PLAN, stepId]))[0] as {
      state: string;
      bucket: string;
    };
  const overdueInDb = async () =>
    ((await s.ds.query(`SELECT count(*)::int AS n FROM step WHERE plan_id = $1 AND bucket = 'open_overdue'`, [PLAN])) as { n: number }[])[0]
      .n;

  /** The figure of a bucket card on the plan page. */
  const card = async (page: Page, bucket: string) =>
    Number((await page.locator(`[data-bucket-card="${bucket}"] .ant-statistic-content-value`).textContent())?.replace(/\D/g, ''));

  beforeAll(async () => {
    expect(existsSync(join(projectRoot(), 'dist', 'web', 'index.html'))).toBe(true);
    s = await startStack({ actorHeader: false });
    await s.startWorker();
    await s.loadPlan(seedPlanI01WithVillages(PLAN));
    // The plan file kept for it, as an upload keeps it: "Lập kế hoạch năm sau" clones it.
    await new PlanDraftRepository(s.ds).keepPlanFile(
      PLAN,
      'ha-giang-2023.yaml',
      readFileSync(join(projectRoot(), 'plans', 'ha-giang-2023.yaml'), 'utf8'),
    );
    // Plan time starts on Thu 30/03/2023: I01.1 (due 29/03) is overdue at once, the rest is in time.
    expect((await s.runPlan(PLAN, { speed: 1, planStart: '2023-03-30' })).status).toBe(200);
    await eventually(async () => ((await stepRow('I01.1'))?.bucket === 'open_overdue' ? true : undefined), 60_000, 'I01.1 to turn overdue');
    expect(runCli({ DATABASE_URL: s.db.url }, 'user', 'add', ADMIN, '--name', 'Quản trị viên')).toMatchObject({ code: 0 });
    expect(runCli({ DATABASE_URL: s.db.url }, 'user', 'admin', ADMIN)).toMatchObject({ code: 0 });
    await b.launch();
  }, 240_000);
  afterAll(async () => {
    await b.close();
    await s?.close();
  });

  it("the chairman finds the plan in Kế hoạch and opens its page: number, plan time said, bucket cards, charts, Gantt, steps, exports; next year's draft in one click", async () => {
    const page = await signedIn(CHAIRMAN, '/app/ke-hoach');
    const row = page.locator(`tr[data-plan-row="${PLAN}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('UBND xã Hà Giang');
    await accessible(page, 'ke-hoach');
    await shot(page, 'desktop-01-ke-hoach');
    await Promise.all([page.waitForURL(`${s.baseUrl}/app/ke-hoach/${PLAN}`), row.locator(`[data-plan-link="${PLAN}"]`).click()]);
    await page.locator('[data-plan-title]').waitFor();
    await expect(page.locator('[data-time-base]').getAttribute('data-time-base')).resolves.toBe('plan');
    await expect(page.locator('[data-time-base]').textContent()).resolves.toMatch(/\d\d\/\d\d\/2023/);
    expect(await card(page, 'open_overdue')).toBe(await overdueInDb());
    expect(await card(page, 'open_overdue')).toBeGreaterThan(0);
    await page.locator('[data-chart="item"] .recharts-surface[role="application"]').waitFor();
    await page.locator('[data-chart="month"] .recharts-surface[role="application"]').waitFor();
    await expect(page.locator('[data-gantt-step]').count()).resolves.toBe(14);
    await expect(page.locator('[data-gantt-step="I01.1"] [data-bar]').getAttribute('data-bar')).resolves.toBe('open_overdue');
    await expect(page.locator('[data-gantt]').textContent()).resolves.not.toContain('officer_ldtbxh');
    await expect(page.locator('[data-step-count]').textContent()).resolves.toBe('14 / 14 việc');
    await page.getByLabel('Tìm việc trong kế hoạch').fill('thon tay');
    await page.getByLabel('Tìm việc trong kế hoạch').press('Enter');
    await expect(page.locator('[data-step-count]').textContent()).resolves.toBe('1 / 14 việc');
    await expect(page.locator('tr[data-step]').getAttribute('data-step')).resolves.toBe('I01.4-thon_03');
    // The exports are one click away, with the session cookie.
    const hrefs = await page.locator('[data-exports] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual([
      `/api/v1/plans/${PLAN}/steps.csv`,
      `/api/v1/plans/${PLAN}/steps.xlsx`,
      `/api/v1/plans/${PLAN}/reports/ket-qua.docx`,
    ]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-exports] a').first().click()]);
    expect(readFileSync(await download.path(), 'utf8')).toContain('I01.1');
    await accessible(page, 'ke-hoach-trang');
    await shot(page, 'desktop-02-bang-dieu-khien');

    const drafts = async () =>
      ((await s.ds.query(`SELECT count(*)::int AS n FROM plan_draft WHERE source_kind = 'next_year'`)) as { n: number }[])[0].n;
    const before = await drafts();
    await page.locator('[data-next-year]').click();
    await page.locator('.ant-modal-confirm-title', { hasText: 'Đã lập dự thảo kế hoạch năm 2024' }).waitFor();
    expect(await drafts()).toBe(before + 1);
    await shot(page, 'desktop-03-ke-hoach-nam-sau');
  }, 240_000);

  it("Giám sát and the plan page change when an overdue step is approved from the plan page's drawer", async () => {
    // The district's monitoring body sees I01.1 overdue, by names.
    const monitor = await signedIn(DISTRICT, '/app/giam-sat');
    const overdueRow = monitor.locator(`tr[data-overdue="I01.1"][data-plan="${PLAN}"]`);
    await overdueRow.waitFor();
    await expect(overdueRow.textContent()).resolves.toContain('Dự thảo kế hoạch xã');
    await expect(overdueRow.textContent()).resolves.toContain('UBND xã Hà Giang');
    await expect(overdueRow.locator('[data-late]').textContent()).resolves.toMatch(/^\d+ ngày \(\d+ ngày làm việc\)$/);
    const total = Number(await monitor.locator('[data-overdue-total]').getAttribute('data-overdue-total'));
    expect(total).toBe(await overdueInDb());
    await accessible(monitor, 'giam-sat');
    await shot(monitor, 'desktop-04-giam-sat');
    await monitor.getByRole('tab', { name: 'Theo xã' }).click();
    await expect(monitor.locator('[data-commune-row] [data-overdue-count]').first().textContent()).resolves.toBe(String(total));
    await monitor.getByRole('tab', { name: 'Theo thôn' }).click();
    await monitor.locator('[data-village-row="thon_03"]').waitFor();
    await accessible(monitor, 'giam-sat-thon');
    const csv = await fetch(`${s.baseUrl}/api/v1/monitoring.csv`, {
      headers: { cookie: `dondoc_session=${await sessionOf(s.ds, DISTRICT)}` },
    });
    expect(csv.status).toBe(200);
    await expect(monitor.locator('[data-export]').getAttribute('href')).resolves.toBe('/api/v1/monitoring.csv');

    // The officer reports I01.1 (late); the vice-chairman approves it from the plan page.
    const officer = `dondoc_session=${await sessionOf(s.ds, OFFICER)}`;
    const sent = await fetch(`${s.baseUrl}/api/v1/plans/${PLAN}/steps/I01.1/submission`, {
      method: 'POST',
      headers: { cookie: officer, 'content-type': 'application/json', origin: s.baseUrl, ...csrfHeader(officer) },
      body: JSON.stringify({ note: 'Đã dự thảo kế hoạch xã', links: ['https://drive.example.org/du-thao.docx'] }),
    });
    expect(sent.status).toBe(200);
    await eventually(async () => ((await stepRow('I01.1')).state === 'submitted' ? true : undefined), 30_000, 'I01.1 submitted');
    const page = await signedIn(VICE_CHAIR, `/app/ke-hoach/${PLAN}`);
    await page.locator('[data-bucket-card]').first().waitFor();
    const overdueBefore = await card(page, 'open_overdue');
    const lateBefore = await card(page, 'completed_late');
    await page.locator('tr[data-step="I01.1"] [data-open-step]').click();
    const drawer = page.locator('.dd-step-drawer');
    await expect(drawer.locator('[data-note]').textContent()).resolves.toBe('Đã dự thảo kế hoạch xã');
    await drawer.locator('[data-action="approve"]').click();
    await drawer.getByLabel(/Ý kiến/).fill('Đồng ý');
    await drawer.locator('[data-send]').click();
    await drawer.locator('[data-drawer-bucket] [data-bucket="completed_late"]').waitFor();
    expect(await stepRow('I01.1')).toEqual({ state: 'completed', bucket: 'completed_late' });
    await page.locator('.dd-step-drawer .ant-drawer-close').click();
    await page.waitForFunction(
      `document.querySelector('[data-bucket-card="completed_late"] .ant-statistic-content-value')?.textContent === '${lateBefore + 1}'`,
    );
    expect(await card(page, 'open_overdue')).toBe(overdueBefore - 1);
    await expect(page.locator('[data-gantt-step="I01.1"] [data-bar]').getAttribute('data-bar')).resolves.toBe('completed_late');
    await shot(page, 'desktop-05-sau-phe-duyet');

    await monitor.reload();
    await monitor.locator('[data-overdue-total]').waitFor();
    expect(Number(await monitor.locator('[data-overdue-total]').getAttribute('data-overdue-total'))).toBe(total - 1);
    await expect(monitor.locator(`tr[data-overdue="I01.1"][data-plan="${PLAN}"]`).count()).resolves.toBe(0);
  }, 240_000);

  it('on a phone the plan page fits the screen: the Gantt scrolls sideways in its own box, nothing cut off', async () => {
    const page = await signedIn(CHAIRMAN, `/app/ke-hoach/${PLAN}`, PHONE);
    await page.locator('[data-gantt]').waitFor();
    await page.locator('[data-chart="item"] .recharts-surface[role="application"]').waitFor();
    // Scrolled to its end inside its own box, the Gantt's last month is in view: nothing is cut off, the page itself does not widen.
    const sizes = (await page.evaluate(
      `(() => { const g = document.querySelector('[data-gantt]'); g.scrollLeft = g.scrollWidth; const last = [...g.querySelectorAll('[data-month]')].pop().getBoundingClientRect(); const box = g.getBoundingClientRect();
        return { doc: document.documentElement.scrollWidth, view: window.innerWidth, overflow: getComputedStyle(g).overflowX, lastRight: last.right, boxRight: box.right, months: g.querySelectorAll('[data-month]').length }; })()`,
    )) as { doc: number; view: number; overflow: string; lastRight: number; boxRight: number; months: number };
    expect(sizes.view).toBe(390);
    expect(sizes.doc).toBeLessThanOrEqual(sizes.view);
    expect(sizes.overflow).toBe('auto');
    expect(sizes.months).toBeGreaterThan(1);
    expect(sizes.boxRight).toBeLessThanOrEqual(sizes.view);
    expect(sizes.lastRight).toBeLessThanOrEqual(sizes.boxRight + 1);
    await accessible(page, 'phone-ke-hoach');
    await shot(page, 'phone-01-bang-dieu-khien');
    const monitor = await signedIn(DISTRICT, '/app/giam-sat', PHONE);
    await monitor.locator('[data-overdue-total]').waitFor();
    const w = (await monitor.evaluate('document.documentElement.scrollWidth')) as number;
    expect(w).toBeLessThanOrEqual(390);
    await accessible(monitor, 'phone-giam-sat');
    await shot(monitor, 'phone-02-giam-sat');
  }, 240_000);

  it('an administrator makes a token (shown once, with a copy button) and revokes it; others have no Quản trị and get the 403 page', async () => {
    const page = await signedIn(ADMIN, '/app/quan-tri');
    await page.locator('[data-menu="admin"]').waitFor();
    await page.locator('[data-new-token]').click();
    const form = page.locator('.dd-token-form');
    await form.getByLabel(/^Tên/).fill('Cổng dữ liệu huyện');
    await form.getByLabel(/Mã đơn vị/).fill('khong_co_don_vi');
    await form.getByRole('button', { name: 'Tạo mã' }).click();
    // A unit no plan has: the API's Vietnamese message at the field; nothing made.
    await form.locator('.ant-form-item-explain-error').first().waitFor();
    expect(((await s.ds.query(`SELECT count(*)::int AS n FROM api_token`)) as { n: number }[])[0].n).toBe(0);
    await form.getByLabel(/Mã đơn vị/).fill('huyen_ha_trung');
    await form.getByLabel(/Hết hạn/).fill('90d');
    await form.getByRole('button', { name: 'Tạo mã' }).click();
    const shown = page.locator('.dd-token-created [data-token-value]');
    await shown.waitFor();
    const token = (await shown.textContent())!.trim();
    expect(token).toMatch(/^ddt_[A-Za-z0-9_-]{43}$/);
    await page.locator('.dd-token-created .ant-typography-copy').waitFor();
    await accessible(page, 'quan-tri-ma-moi');
    await shot(page, 'desktop-06-ma-truy-cap-moi');
    expect((await fetch(`${s.baseUrl}/api/v1/plans/${PLAN}/status`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await page.getByRole('button', { name: 'Tôi đã lưu mã' }).click();
    const tokenRow = page.locator('tr[data-token="Cổng dữ liệu huyện"]');
    await expect(tokenRow.locator('[data-token-state]').getAttribute('data-token-state')).resolves.toBe('active');
    await expect(tokenRow.textContent()).resolves.toContain('Huyện Hà Trung');
    await expect(tokenRow.textContent()).resolves.not.toContain(token);
    await accessible(page, 'quan-tri');
    await shot(page, 'desktop-07-quan-tri');
    await tokenRow.locator('[data-revoke]').click();
    await page.getByRole('button', { name: 'Thu hồi' }).last().click();
    await tokenRow.locator('[data-token-state="revoked"]').waitFor();
    expect((await fetch(`${s.baseUrl}/api/v1/plans/${PLAN}/status`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    const [stored] = await s.ds.query(`SELECT revoked_at FROM api_token`);
    expect(stored.revoked_at).not.toBeNull();
    await page.getByRole('tab', { name: 'Người dùng' }).click();
    const chairRow = page.locator(`tr[data-user-row="${CHAIRMAN}"]`);
    await expect(chairRow.textContent()).resolves.toContain('Chủ tịch UBND xã');
    await accessible(page, 'quan-tri-nguoi-dung');
    await shot(page, 'desktop-08-nguoi-dung');

    // The chairman is no administrator: no menu entry, and the page at its address is the 403 page.
    const chair = await signedIn(CHAIRMAN, '/app/quan-tri');
    await chair.waitForSelector('[data-error-status="403"]');
    await expect(chair.locator('[data-menu="admin"]').count()).resolves.toBe(0);
    await expect(chair.locator('[data-menu="plans"]').count()).resolves.toBe(1);
    await accessible(chair, 'quan-tri-403');
    await shot(chair, 'desktop-09-quan-tri-403');
    expect(violations).toEqual([]);
    expect(outside).toEqual([]);
  }, 240_000);
});
