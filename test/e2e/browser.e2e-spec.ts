import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parse, stringify } from 'yaml';
import { vi } from '../../apps/api/src/i18n/vi.js';
import { projectRoot } from '../../libs/config/src/index.js';
import { canRunBrowser, DESKTOP, TestBrowser } from '../utils/browser.js';
import { eventually, seedPlanI01, startStack, type Stack } from '../utils/stack.js';

/**
 * The server page that uploads and starts a plan file, in a real browser: headless Chromium driven by playwright-core
 * against the whole stack with APP_ACTOR_HEADER=off. (The staff pages it tested beside it — Việc của tôi, Phê duyệt,
 * the plan page, Giám sát, the phone, the Content-Security-Policy — are the web app's now: web-app.e2e-spec.ts and
 * web-pages.e2e-spec.ts.) Screenshots land in test-artifacts/browser/.
 */
const canRun = canRunBrowser('browser tests');

const NEW_PLAN = `HG-2023-NAP-${randomBytes(3).toString('hex')}`;
const FINANCE = 'taichinh@hagiang.example.org';
const VICE_CHAIR = 'pct-vhxh@hagiang.example.org';

(canRun ? describe : describe.skip)('plan upload and start page in Chromium', () => {
  let s: Stack;
  const b = new TestBrowser('browser', () => s);

  /** A fresh browser signed in as `email` through the server's sign-in form and the mailed link; it lands on `start`. */
  async function signedIn(email: string, start: string): Promise<Page> {
    const page = await b.newPage(DESKTOP);
    await page.goto(`${s.baseUrl}${start}`);
    expect(new URL(page.url()).pathname).toBe('/dang-nhap');
    expect(new URL(page.url()).searchParams.get('next')).toBe(start);
    await page.fill('input[name=email]', email);
    await page.click('form[action="/dang-nhap"] button[type=submit]');
    await page.waitForSelector('p.notice[role=status]');
    await page.goto(await b.signInLink(email));
    await Promise.all([page.waitForURL(`${s.baseUrl}${start}`), page.click('form[action="/dang-nhap/xac-nhan"] button')]);
    return page;
  }

  beforeAll(async () => {
    s = await startStack({ actorHeader: false });
    await s.startWorker();
    // The people of the commune (the vice-chairman may upload plans; the finance officer may not) come with a plan.
    await s.loadPlan(seedPlanI01(`HG-2023-WEB-${randomBytes(3).toString('hex')}`));
    await b.launch();
  }, 240_000);
  afterAll(async () => {
    await b.close();
    await s?.close();
  });

  it('the vice-chairman uploads a plan file: errors with line and column, then a preview, then starts a rehearsal', async () => {
    const seed = parse(readFileSync(join(projectRoot(), 'plans', 'ha-giang-2023.yaml'), 'utf8'));
    seed.plan.id = NEW_PLAN;
    seed.items = [{ ...seed.items[0], steps: seed.items[0].steps.filter((x: { fan_out?: string }) => !x.fan_out) }];
    delete seed.policies.child_friendly_assessment; // its step (I05.4) is cut away with the other items
    const valid = stringify(seed);
    const invalid = valid.replace('assignee: finance_officer', 'assignee: finance_oficer');
    const badLine = invalid.split('\n').findIndex((l) => l.includes('finance_oficer')) + 1;
    expect(badLine).toBeGreaterThan(1);

    const page = await signedIn(VICE_CHAIR, '/ke-hoach/nap');
    await page.setInputFiles('input[name=file]', { name: 'ke-hoach-loi.yaml', mimeType: 'application/yaml', buffer: Buffer.from(invalid) });
    await page.click('form[action="/ke-hoach/nap"] button[type=submit]');
    await page.waitForSelector('[data-invalid]');
    const diag = page.locator(`ol.diagnostics li[data-line="${badLine}"]`);
    await expect(diag.count()).resolves.toBe(1);
    await expect(diag.textContent()).resolves.toMatch(new RegExp(`ke-hoach-loi\\.yaml:${badLine}:\\d+.*dòng ${badLine}, cột \\d+.*finance_oficer`, 's'));
    await b.shot(page, '09-nap-ke-hoach-loi');
    expect(await s.ds.query(`SELECT id FROM plan WHERE id = $1`, [NEW_PLAN])).toEqual([]);

    await page.setInputFiles('input[name=file]', { name: 'ke-hoach-moi.yaml', mimeType: 'application/yaml', buffer: Buffer.from(valid) });
    await page.click('form[action="/ke-hoach/nap"] button[type=submit]');
    await page.waitForSelector('[data-valid]');
    await expect(page.getAttribute('h2[data-plan-id]', 'data-plan-id')).resolves.toBe(NEW_PLAN);
    await expect(page.locator('table.stack tbody tr').count()).resolves.toBe(4);
    await b.shot(page, '10-nap-ke-hoach-xem-truoc');
    expect(await s.ds.query(`SELECT id FROM plan WHERE id = $1`, [NEW_PLAN])).toEqual([]);

    // A speed of 0 is refused in Vietnamese, the form comes back with what was typed, nothing is loaded.
    await page.fill('input[name=speed]', '0');
    await page.click('form[data-start] button[type=submit]');
    await page.waitForSelector('form[data-start] p.error');
    await expect(page.textContent('form[data-start] p.error')).resolves.toBe('Tốc độ phải là một số dương, không quá 10.000.000.');
    expect(await s.ds.query(`SELECT id FROM plan WHERE id = $1`, [NEW_PLAN])).toEqual([]);
    await page.fill('input[name=speed]', '2');
    await expect(page.inputValue('input[name=planStart]')).resolves.toBe('23/03/2023');
    await page.fill('input[name=planStart]', '03/04/2023');
    // The old plan page's address leads to the app's plan page.
    await Promise.all([page.waitForURL(`${s.baseUrl}/app/ke-hoach/${NEW_PLAN}`), page.click('form[data-start] button[type=submit]')]);
    const [plan] = await s.ds.query(`SELECT clock FROM plan WHERE id = $1`, [NEW_PLAN]);
    expect(plan.clock).toMatchObject({ planEpoch: '2023-04-02T17:00:00.000Z', speed: 2 });
    await eventually(async () => {
      const [{ n }] = await s.ds.query(`SELECT count(*)::int AS n FROM step WHERE plan_id = $1 AND seq > 0`, [NEW_PLAN]);
      return n === 4 ? true : undefined;
    }, 90_000, 'the new plan run to start its four steps');
    await page.reload();
    await expect(page.locator('[data-totals] .ant-statistic-content-value').first().textContent()).resolves.toBe('4');
    await b.shot(page, '11-ke-hoach-moi');

    // The finance officer is no chairman or vice-chairman of any plan: refused before the file is read, nothing loaded.
    const other = `HG-2023-NAP-${randomBytes(3).toString('hex')}`;
    const finance = await b.withSession(FINANCE, '/app/');
    await finance.goto(`${s.baseUrl}/ke-hoach/nap`);
    await finance.setInputFiles('input[name=file]', { name: 'ke-hoach.yaml', mimeType: 'application/yaml', buffer: Buffer.from(valid.replace(NEW_PLAN, other)) });
    await finance.click('form[action="/ke-hoach/nap"] button[type=submit]');
    await expect(finance.textContent('p.error[role=alert]')).resolves.toBe(vi.web.planStart.notAllowedAny);
    await expect(finance.locator('form[data-start]').count()).resolves.toBe(0);
    expect(await s.ds.query(`SELECT id FROM plan WHERE id = $1`, [other])).toEqual([]);
  }, 300_000);

});
