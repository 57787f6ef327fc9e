import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { parse, stringify } from 'yaml';
import { vi } from '../../apps/api/src/i18n/vi.js';
import type { PlanSpec } from '#libs/domain/src/index.js';
import { projectRoot } from '#libs/config/src/project-root.js';
import { accessible, canRunBrowser, choose, DESKTOP, gone, PHONE, fitsWindow, TestBrowser, type ContextOptions } from '../utils/browser.js';
import { csrfHeader, sessionCookie } from '../utils/sessions.js';
import { eventually, seedPlan, startStack, type Stack } from '../utils/stack.js';
import { startDevServer, type DevServer } from '#libs/temporal/src/dev-server.js';
import { freePort } from '../utils/ports.js';

/**
 * The plan editor of the web app (/app/nhap-ke-hoach) in Chromium on the whole stack (api with its parse workers,
 * worker, Temporal, PostgreSQL, SMTP catcher; APP_ACTOR_HEADER off): a signed plan document uploaded, its TODOs filled
 * in the form (each link focusing its field), checked as typed, saved, a concurrent save told, the calendar previewed,
 * the plan file downloaded, a rehearsal started and its first "[Việc mới]" mail received; on a phone, next year's
 * draft, and a plan file uploaded (its error told at its field), previewed and started as a rehearsal. axe-core on every page shown; screenshots in test-artifacts/web-plan-editor/.
 */
const canRun = canRunBrowser('plan editor browser tests');

let temporal: DevServer | undefined;
const FIXTURE = readFileSync(join(projectRoot(), 'test', 'fixtures', 'ke-hoach', 'tan-thanh-tre-em-2026.txt'));
const TT = 'tanthanh.example.org';
const VICE = `pct-vhxh@${TT}`;
const CHAIR = `chu-tich@${TT}`;
const NEW_PLAN = `TT-2023-NAP-${randomBytes(3).toString('hex')}`;

/** Tân Thành runs last year's plan in dondoc (the seed plan's structure, its own commune and people), as in plan-drafts.e2e-spec.ts. */
const tanThanh2025 = (): PlanSpec => {
  const json = JSON.stringify(seedPlan()).replaceAll('hagiang.example.org', TT).replaceAll('ubnd_xa_ha_giang', 'ubnd_xa_tan_thanh');
  return { ...(JSON.parse(json) as PlanSpec), id: 'TT-2025-TE' };
};

/** What the officer types for a TODO, by its field; dates as they are typed, dd/mm/yyyy. */
function answerFor(path: string): { text: string; date?: true } {
  const last = path.split('.').pop()!;
  const role = /^roles\.([^.]+)\./.exec(path)?.[1];
  if (last === 'email')
    return {
      text:
        role === 'village_head'
          ? `truongthon-{nn}@${TT}`
          : role === 'chairman'
            ? CHAIR
            : role === 'vice_chair_vhxh'
              ? VICE
              : `${role}@${TT}`,
    };
  if (last === 'person') return { text: `Người giữ ${role}` };
  if (last === 'rehearsal_start') return { text: '15/01/2026', date: true };
  if (last === 'due') return { text: '15/12/2026', date: true };
  if (last === 'name') return { text: 'Thôn Bản Mới' };
  throw new Error(`no answer for the TODO at ${path}`);
}
/** Waits until the element has the focus (the page's CSP forbids string evaluation, so no waitForFunction). */
async function focused(field: Locator) {
  for (let i = 0; i < 100; i++) {
    if (await field.evaluate((el) => el === el.ownerDocument.activeElement)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${String(field)} never got the focus`);
}
const fieldId = (path: string) => `f-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;

(canRun ? describe : describe.skip)('plan editor at /app/nhap-ke-hoach in Chromium: from a signed document to a running rehearsal', () => {
  let s: Stack;
  const b = new TestBrowser('web-plan-editor', () => s);
  const { violations, outside } = b;
  let draftId = '';

  const shot = (page: Page, name: string) => b.shot(page, name);
  const signedIn = (email: string, start: string, options: ContextOptions) => b.signedIn(email, start, options);

  beforeAll(async () => {
    expect(existsSync(join(projectRoot(), 'dist', 'web', 'index.html'))).toBe(true);
    // Its own Temporal dev server: plan-drafts.e2e-spec.ts starts the same plan (TT-2026-TE, from the same document)
    // on the shared one, and a plan's workflow ids are its id's.
    if (!process.env.TEMPORAL_CLI_PATH) throw new Error('this test runs its own dev server: set TEMPORAL_CLI_PATH (npm test does)');
    temporal = await startDevServer({ binary: process.env.TEMPORAL_CLI_PATH, port: await freePort() });
    s = await startStack({ actorHeader: false, temporalAddress: temporal.address });
    await s.loadPlan(tanThanh2025());
    await s.startWorker();
    await b.launch();
  }, 240_000);
  afterAll(async () => {
    await b.close();
    await s?.close();
    await temporal?.stop();
  });

  it('uploads the signed plan, fills every TODO in the form, saves, is told of a concurrent save, previews, downloads, starts a rehearsal: the first "[Việc mới]" mail', async () => {
    const page = await signedIn(VICE, '/app/nhap-ke-hoach', DESKTOP);
    await expect(page.textContent('h1')).resolves.toBe('Nhập kế hoạch');
    await expect(page.textContent('.ant-upload-drag')).resolves.toContain('tối đa 10 MB');
    await accessible(page, 'nhap-ke-hoach');
    await shot(page, 'desktop-01-nhap-ke-hoach');

    // A file that is no plan: the server's Vietnamese reason; nothing stored.
    const input = page.locator('.ant-upload-drag input[type=file]');
    await input.setInputFiles({ name: 'rac.docx', mimeType: 'application/octet-stream', buffer: randomBytes(4096) });
    await expect(page.locator('[data-upload-error]').textContent()).resolves.toContain('không phải là một kế hoạch');
    expect((await s.ds.query(`SELECT count(*)::int AS n FROM plan_draft`))[0].n).toBe(0);
    await shot(page, 'desktop-02-tep-bi-tu-choi');

    await input.setInputFiles({ name: 'tan-thanh-tre-em-2026.txt', mimeType: 'text/plain', buffer: FIXTURE });
    await page.waitForURL(/\/app\/nhap-ke-hoach\/[0-9a-f-]{36}$/);
    draftId = page.url().split('/').pop()!;
    await page.locator('[data-todos]').waitFor();
    const paths = await page.locator('[data-todo-path]').evaluateAll((els) => els.map((e) => e.getAttribute('data-todo-path')!));
    expect(paths).toEqual(expect.arrayContaining(['plan.rehearsal_start', 'roles.chairman.email', 'roles.vice_chair_vhxh.person']));
    await expect(page.locator('[data-todos]').getAttribute('data-todos')).resolves.toBe(String(paths.length));
    // Names, not codes or English: a role by its title, a field in words; the field says what is asked.
    await expect(page.locator('[data-todo-path="roles.chairman.email"]').textContent()).resolves.toMatch(
      /^Vai trò Chủ tịch.* – thư điện tử/,
    );
    await expect(page.locator('[data-todos]').textContent()).resolves.not.toContain('e-mail address');
    await expect(page.locator('[data-path="roles.chairman.email"] .ant-form-item-explain').textContent()).resolves.toBe(
      'Cần điền: địa chỉ thư điện tử',
    );
    // Not startable yet, and it says why.
    await expect(page.locator('[data-start-blocked]').textContent()).resolves.toContain('lỗi');
    await expect(page.locator('[data-start]').isDisabled()).resolves.toBe(true);
    await accessible(page, 'editor');
    await shot(page, 'desktop-03-ban-nhap');

    // Each TODO's link opens its section and puts the cursor in its field; the value typed is checked as typed, and
    // its TODO is marked filled where it stands (the list does not move under the pointer).
    for (const path of paths) {
      await page.locator(`[data-todo-path="${path}"] button`).click();
      const a = answerFor(path);
      const field = page.locator(`#${fieldId(path)}`);
      await focused(field);
      await field.fill(a.text);
      if (a.date) await field.press('Enter');
      // (the last one filled, the list gives way to "nothing left to fill")
      await page.locator(`[data-todo-path="${path}"][data-todo-done]`).or(page.locator('[data-todos="0"]')).waitFor();
      if (path === paths[0]) {
        await expect(page.locator('[data-todo-path]').count()).resolves.toBe(paths.length);
        await accessible(page, 'editor-one-todo-filled');
        await shot(page, 'desktop-03b-mot-muc-da-dien');
      }
    }
    await page.locator('[data-todos="0"]').waitFor();
    await page.locator('.ant-tag', { hasText: 'Hợp lệ' }).waitFor();
    // A wrong e-mail address is told at its field, in Vietnamese, before any save.
    await page.locator(`#${fieldId('roles.chairman.email')}`).fill('khong-phai-thu');
    const at = page.locator('[data-path="roles.chairman.email"] .ant-form-item-explain-error');
    await at.waitFor();
    expect(await at.textContent()).toMatch(/thư điện tử|địa chỉ/i);
    await shot(page, 'desktop-04-kiem-tra-khi-go');
    await page.locator(`#${fieldId('roles.chairman.email')}`).fill(CHAIR);
    await gone(at);
    // What the first step is tied to for next year, as form fields: a day that is no day is told as typed, in
    // Vietnamese; then 15/12, 2 working days before; its reminders 5, 1, 0 working days before its due date.
    const step = 'items.0.steps.0';
    if (!(await page.locator(`[data-step-path="${step}"]`).isVisible())) await page.locator('.ant-collapse-header').first().click();
    const day = page.locator(`#${fieldId(`${step}.due_anchor.day`)}`);
    await choose(page, page.locator(`#${fieldId(`${step}.due_anchor`)}`), 'Một ngày cố định trong năm', day);
    await day.fill('31/11');
    await page
      .locator(`[data-path="${step}.due_anchor.day"] .ant-form-item-explain-error`, {
        hasText: 'Ngày không hợp lệ: viết ngày/tháng, ví dụ 30/11',
      })
      .waitFor();
    await day.fill('15/12');
    await page.locator(`#${fieldId(`${step}.due_anchor.offset_wd`)}`).fill('-2');
    await page.locator(`#${fieldId(`${step}.reminders_wd`)}`).fill('5, 1, 0');
    await gone(page.locator(`[data-path="${step}.due_anchor.day"] .ant-form-item-explain-error`));
    await page.locator('[data-save]').click();
    await page.locator('[data-version="2"]').waitFor();
    const [row] = await s.ds.query(`SELECT version, model FROM plan_draft WHERE id = $1`, [draftId]);
    expect(row.version).toBe(2);
    expect(row.model.roles.chairman.email).toBe(CHAIR);
    expect(row.model.plan.rehearsal_start).toBe('2026-01-15');
    expect(row.model.items[0].steps[0]).toMatchObject({ due_anchor: { day: '12-15', offset_wd: -2 }, reminders_wd: [-5, -1, 0] });

    // The chairman saves the same draft meanwhile: the officer's save is told who, and reloads.
    const cookie = await sessionCookie(s.ds, CHAIR);
    const theirs = { ...row.model, plan: { ...row.model.plan, title: 'Kế hoạch thực hiện công tác trẻ em năm 2026 (Chủ tịch sửa)' } };
    const put = await fetch(`${s.baseUrl}/api/v1/plan-drafts/${draftId}`, {
      method: 'PUT',
      headers: { cookie, ...csrfHeader(cookie), origin: s.baseUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ version: 2, model: theirs }),
    });
    expect(put.status).toBe(200);
    await page.locator(`#${fieldId('plan.number')}`).fill('05/KH-UBND');
    await page.locator('[data-save]').click();
    const chairName = (await s.ds.query(`SELECT display_name FROM staff_user WHERE email = $1`, [CHAIR]))[0].display_name as string;
    await expect(page.locator('[data-conflict]').textContent()).resolves.toContain(chairName);
    await shot(page, 'desktop-05-nguoi-khac-da-sua');
    await page.getByRole('button', { name: 'Tải lại bản mới nhất' }).click();
    await page.locator('[data-version="3"]').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toContain('(Chủ tịch sửa)');

    // The calendar of reminders and escalations, paged.
    const preview = page.locator('[data-preview]');
    await preview.locator('tbody tr[data-row-key]').first().waitFor();
    expect(await preview.locator('tbody tr[data-row-key]').count()).toBe(20);
    await expect(preview.textContent()).resolves.toMatch(/\d{2}\/\d{2}\/2026: nhắc việc → /);
    const first = await preview.locator('tbody tr[data-row-key]').first().getAttribute('data-row-key');
    await preview.locator('.ant-pagination-item-2').click();
    await preview.locator(`tbody tr[data-row-key="${first}"]`).waitFor({ state: 'detached' });
    await accessible(page, 'editor-valid');
    await shot(page, 'desktop-06-lich-nhac-viec');

    // The plan file to download.
    const file = await page.request.get(`${s.baseUrl}/api/v1/plan-drafts/${draftId}/plan.yaml`);
    expect(file.status()).toBe(200);
    expect(await file.text()).toContain('(Chủ tịch sửa)');
    await expect(page.locator('[data-download]').getAttribute('href')).resolves.toBe(`/api/v1/plan-drafts/${draftId}/plan.yaml`);

    // Start as a rehearsal from 15/01/2026 at real pace.
    await expect(page.locator('#start-plan-date').inputValue()).resolves.toBe('15/01/2026');
    await page.locator('[data-start]').click();
    await page.locator('[data-started="TT-2026-TE"]').waitFor();
    await shot(page, 'desktop-07-da-bat-dau');
    const [plan] = await s.ds.query(`SELECT clock FROM plan WHERE id = 'TT-2026-TE'`);
    expect(plan.clock).toMatchObject({ planEpoch: '2026-01-14T17:00:00.000Z', speed: 1 });
    const mail = await s.waitForMail((m) => m.subject.startsWith('[Việc mới]') && m.to.some((t) => t.endsWith(`@${TT}`)), 240_000);
    expect(mail.text).toContain('Kính gửi');
    expect(violations).toEqual([]);
    expect(outside).toEqual([]);
  }, 420_000);

  it('on a phone: the drafts list and the started draft fit the screen; "Lập kế hoạch năm sau" lands in the editor with what to rewrite', async () => {
    const page = await signedIn(VICE, '/app/nhap-ke-hoach', PHONE);
    const link = page.locator(`[data-draft-link="${draftId}"]`);
    await link.waitFor();
    await fitsWindow(page);
    await accessible(page, 'phone-nhap-ke-hoach');
    await shot(page, 'phone-01-nhap-ke-hoach');
    await link.click();
    await page.locator(`[data-draft="${draftId}"]`).waitFor();
    await expect(page.textContent('body')).resolves.toContain('đã được bắt đầu thành kế hoạch TT-2026-TE');
    await fitsWindow(page);
    await accessible(page, 'phone-editor');
    await shot(page, 'phone-02-ban-nhap-da-bat-dau');

    await page.goto(`${s.baseUrl}/app/nhap-ke-hoach`);
    const nextYear = page.locator('[data-next-year]:not([disabled])');
    await choose(page, page.getByRole('combobox', { name: 'Kế hoạch năm nay' }), 'năm 2026', nextYear);
    await nextYear.click();
    await page.waitForURL((u) => /\/app\/nhap-ke-hoach\/[0-9a-f-]{36}$/.test(u.pathname) && !u.pathname.endsWith(draftId));
    await page.locator('[data-rewrite]').waitFor();
    await expect(page.locator('[data-rewrite]').textContent()).resolves.toContain('TT-2027-TE');
    const todos = Number(await page.locator('[data-todos]').getAttribute('data-todos'));
    if (todos > 0) await expect(page.locator('[data-todos]').textContent()).resolves.toContain('viết lại cho năm mới');
    await fitsWindow(page);
    await accessible(page, 'phone-nam-sau');
    await shot(page, 'phone-03-ke-hoach-nam-sau');
    expect((await s.ds.query(`SELECT count(*)::int AS n FROM plan_draft WHERE source_kind = 'next_year'`))[0].n).toBe(1);
  }, 240_000);

  it('on a phone: a plan file with an error is told at its field and cannot start; the corrected file previews its four steps and starts a rehearsal from the chosen plan date; who manages no plan is refused', async () => {
    // Tân Thành's plan file (the seed's first item, without its village steps) under a new id.
    const text = readFileSync(join(projectRoot(), 'plans', 'ha-giang-2023.yaml'), 'utf8')
      .replaceAll('hagiang.example.org', TT)
      .replaceAll('ubnd_xa_ha_giang', 'ubnd_xa_tan_thanh');
    const spec = parse(text);
    spec.plan.id = NEW_PLAN;
    spec.items = [{ ...spec.items[0], steps: spec.items[0].steps.filter((x: { fan_out?: string }) => !x.fan_out) }];
    delete spec.policies.child_friendly_assessment; // its step (I05.4) is cut away with the other items
    const valid = stringify(spec);
    const invalid = valid.replace('assignee: finance_officer', 'assignee: finance_oficer');
    expect(invalid).not.toBe(valid);
    const plans = async () => (await s.ds.query(`SELECT id FROM plan WHERE id = $1`, [NEW_PLAN])) as unknown[];

    const page = await signedIn(VICE, '/app/nhap-ke-hoach', PHONE);
    const input = page.locator('.ant-upload-drag input[type=file]');
    await input.setInputFiles({ name: 'ke-hoach-loi.yaml', mimeType: 'application/yaml', buffer: Buffer.from(invalid) });
    await page.waitForURL(/\/app\/nhap-ke-hoach\/[0-9a-f-]{36}$/);
    // Not valid, the item at fault marked; opened, the field says what is wrong, in Vietnamese.
    await page.locator('.ant-tag', { hasText: /^Còn \d+ lỗi$/ }).waitFor();
    await page.locator('.ant-collapse-item', { hasText: 'cần sửa' }).first().locator('.ant-collapse-header').click();
    const wrong = page.locator('[data-path] .ant-form-item-explain-error', { hasText: 'finance_oficer' });
    await wrong.first().waitFor();
    expect(await wrong.first().textContent()).toMatch(/[ăâđêôơư]/);
    await expect(page.locator('[data-start-blocked]').textContent()).resolves.toContain('lỗi');
    await expect(page.locator('[data-start]').isDisabled()).resolves.toBe(true);
    await fitsWindow(page);
    await accessible(page, 'phone-tep-loi');
    await shot(page, 'phone-04-tep-ke-hoach-loi');
    expect(await plans()).toEqual([]);

    await page.goto(`${s.baseUrl}/app/nhap-ke-hoach`);
    await page
      .locator('.ant-upload-drag input[type=file]')
      .setInputFiles({ name: 'ke-hoach-moi.yaml', mimeType: 'application/yaml', buffer: Buffer.from(valid) });
    await page.waitForURL(/\/app\/nhap-ke-hoach\/[0-9a-f-]{36}$/);
    const preview = page.locator('[data-preview]');
    await preview.locator('tbody tr[data-row-key]').first().waitFor();
    expect(await preview.locator('tbody tr[data-row-key]').count()).toBe(4);
    await expect(page.locator('#start-plan-date').inputValue()).resolves.toBe('23/03/2023');
    await fitsWindow(page);
    await accessible(page, 'phone-tep-hop-le');
    await shot(page, 'phone-05-xem-truoc');
    expect(await plans()).toEqual([]);

    // A rehearsal from 03/04/2023 of the plan's time, one hour of it a second (a speed typed).
    const date = page.locator('#start-plan-date');
    await date.click();
    await date.fill('03/04/2023');
    await date.press('Enter');
    // Another speed, typed: 0 is refused by the server, in Vietnamese under the field, nothing loaded; then 3600.
    await page.locator('.ant-radio-wrapper', { hasText: 'Tốc độ khác…' }).click();
    const other = page.locator('#start-speed-other');
    await other.fill('0');
    await page.locator('[data-start]').click();
    await expect(page.locator('[data-speed-other] .ant-form-item-explain-error').textContent()).resolves.toMatch(
      /một số dương, không quá 10\.000\.000/,
    );
    await accessible(page, 'phone-toc-do-sai');
    expect(await plans()).toEqual([]);
    await other.fill('3600');
    await page.locator('[data-start]').click();
    await page.locator(`[data-started="${NEW_PLAN}"]`).waitFor();
    const [plan] = await s.ds.query(`SELECT clock FROM plan WHERE id = $1`, [NEW_PLAN]);
    expect(plan.clock).toMatchObject({ planEpoch: '2023-04-02T17:00:00.000Z', speed: 3600 });
    await fitsWindow(page);
    await accessible(page, 'phone-da-bat-dau');
    await shot(page, 'phone-06-da-bat-dau-dien-tap');
    await eventually(
      async () => {
        const [{ n }] = await s.ds.query(`SELECT count(*)::int AS n FROM step WHERE plan_id = $1 AND seq > 0`, [NEW_PLAN]);
        return n === 4 ? true : undefined;
      },
      90_000,
      'the new plan run to start its four steps',
    );

    // The finance officer manages no plan: the upload is refused with the server's reason, nothing stored or loaded.
    const drafts = async () => Number((await s.ds.query(`SELECT count(*)::int AS n FROM plan_draft`))[0].n);
    const before = await drafts();
    const finance = await signedIn(`taichinh@${TT}`, '/app/nhap-ke-hoach', PHONE);
    await finance.locator('.ant-upload-drag input[type=file]').setInputFiles({
      name: 'ke-hoach.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from(valid.replace(NEW_PLAN, `${NEW_PLAN}-B`)),
    });
    await expect(finance.locator('[data-upload-error]').textContent()).resolves.toBe(vi.access.reasons.NOT_PLAN_LOADER);
    await accessible(finance, 'phone-khong-duoc-nap');
    await shot(finance, 'phone-07-khong-duoc-nap');
    expect(await drafts()).toBe(before);
    expect(await s.ds.query(`SELECT id FROM plan WHERE id = $1`, [`${NEW_PLAN}-B`])).toEqual([]);
    expect(violations).toEqual([]);
    expect(outside).toEqual([]);
  }, 360_000);
});
