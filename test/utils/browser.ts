import { expect } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { projectRoot } from '#libs/config/src/project-root.js';
import type { CaughtMail } from '#libs/mail/src/index.js';
import { sessionOf } from './sessions.js';

/**
 * What the browser tests (test/e2e/web-*.e2e-spec.ts) share: headless Chromium (the Debian
 * package) driven by playwright-core, the desktop and phone sizes, the axe-core check (no serious or critical
 * violation), full-page screenshots under test-artifacts/<name>/, the watch on the Content-Security-Policy and on
 * requests to other hosts, and the two ways in: the mailed sign-in link, or a session made as that link makes one.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const DESKTOP = { viewport: { width: 1366, height: 900 } };
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export type ContextOptions = Parameters<Browser['newContext']>[0];

/** Whether Chromium is here (with CI=true the tests run, and fail without it); says so when they are skipped. */
export function canRunBrowser(what: string): boolean {
  const ok = existsSync(CHROMIUM) || process.env.CI === 'true';
  if (!ok) console.warn(`${what} SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium); with CI=true they run and fail without it`);
  return ok;
}

let axeSource: string | null = null;

/**
 * Waits until no finite animation or transition runs (at most 3 s, two frames first so that one about to start has):
 * axe reads colours as they are at that instant, and a message fading in (Ant Design's form help) reads as too pale.
 */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(`new Promise((frame) => requestAnimationFrame(() => requestAnimationFrame(frame))).then(() => Promise.race([
    Promise.all(document.getAnimations().filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity).map((a) => a.finished.catch(() => null))),
    new Promise((timeUp) => setTimeout(timeUp, 3000)),
  ]))`);
}

/** axe-core in the page (through the DevTools protocol: the page's CSP allows no inline script): no serious or critical violation. */
export async function accessible(page: Page, name: string): Promise<void> {
  axeSource ??= readFileSync(join(projectRoot(), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await settled(page);
  await page.evaluate(`${axeSource}\n;0`);
  const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as {
    violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  };
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map(
      (v) =>
        `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    ),
  ).toEqual([]);
}

/**
 * Waits until nothing matches `locator` (at most `timeoutMs`). Unlike `waitFor({ state: 'detached' })` it allows
 * several matches on the way: a field's messages fade out together (Ant Design keeps each while it leaves).
 */
export async function gone(locator: Locator, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await locator.count()) > 0) {
    if (Date.now() > until) throw new Error(`still shown after ${timeoutMs} ms: ${String(locator)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Picks `option` in an Ant Design Select and waits until `chosen` shows that it took. The option is clicked in the
 * dropdown that is open (a closed one stays in the page, hidden); a pick that did not take within 5 s (once in CI,
 * under load, the dropdown took the click while it was still opening) is made again, at most three times in all.
 */
export async function choose(page: Page, select: Locator, option: string, chosen: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await select.click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: option })
      .first()
      .click();
    try {
      await chosen.waitFor({ timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
}

/**
 * On a phone nothing may scroll sideways: once no animation runs (a drawer that is closing slides out past the
 * window's edge), the page is no wider than the window. A failure names the elements that reach past its edge.
 */
export async function fitsWindow(page: Page): Promise<{ doc: number; view: number }> {
  await settled(page);
  const w = (await page.evaluate(MEASURE_WIDTH)) as { doc: number; view: number; wide: string[] };
  // On a failure the message shows the page's width and what reaches past the window's edge.
  expect(w.doc <= w.view ? { wide: [] } : { doc: w.doc, view: w.view, wide: w.wide }).toEqual({ wide: [] });
  return { doc: w.doc, view: w.view };
}

/**
 * The page's width, the window's, and the first five elements whose right edge is past the window's and that nothing
 * clips (a wide table inside its own scrolling box is fine; a fixed drawer does not widen the page).
 */
const MEASURE_WIDTH = `(() => {
  const view = window.innerWidth;
  const clipped = (e) => {
    for (let a = e; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.position === 'fixed' || (a !== e && style.overflowX !== 'visible')) return true;
    }
    return false;
  };
  const wide = [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > view + 0.5 && !clipped(e))
    .slice(0, 5)
    .map((e) => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + ' → ' + Math.round(e.getBoundingClientRect().right));
  return { doc: document.documentElement.scrollWidth, view, wide };
})()`;

/** The stack a browser test runs against: its address, its database (sessions) and its SMTP catcher (sign-in mails). */
export interface BrowserStack {
  baseUrl: string;
  ds: Parameters<typeof sessionOf>[0];
  waitForMail(match: (m: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
}

/**
 * One browser for a test file: `launch()` in beforeAll, `close()` in afterAll. Every context it opens is watched:
 * what Chromium refused under the Content-Security-Policy lands in `violations`, a request to another host in
 * `outside`; both are expected empty at the end of a file.
 */
export class TestBrowser {
  browser!: Browser;
  readonly contexts: BrowserContext[] = [];
  readonly violations: string[] = [];
  readonly outside: string[] = [];
  private readonly seenMails = new Set<string>();
  private readonly artifacts: string;

  constructor(
    artifacts: string,
    private readonly stack: () => BrowserStack,
  ) {
    this.artifacts = join(projectRoot(), 'test-artifacts', artifacts);
  }

  async launch(): Promise<void> {
    mkdirSync(this.artifacts, { recursive: true });
    this.browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS, timeout: 60_000 });
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => undefined);
    await this.browser?.close();
  }

  /** A full-page screenshot, test-artifacts/<artifacts>/<name>.png. */
  shot(page: Page, name: string) {
    return page.screenshot({ path: join(this.artifacts, `${name}.png`), fullPage: true });
  }

  /** A fresh context (its own cookies) in Vietnamese, Asia/Ho_Chi_Minh, watched; its first page. */
  async newPage(options: ContextOptions = DESKTOP): Promise<Page> {
    const base = this.stack().baseUrl;
    const context = await this.browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true, ...options });
    this.contexts.push(context);
    context.on('console', (m) => {
      if (/Content Security Policy|Refused to (execute|load|apply|frame|connect)/i.test(m.text()))
        this.violations.push(`${m.location().url}: ${m.text()}`);
    });
    context.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(base) && !/^(data|about|blob|chrome-error):/.test(url)) this.outside.push(url);
    });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    return page;
  }

  /** A browser signed in as `email` by the session cookie a mailed link would have made, opened at `start` (an app page). */
  async withSession(email: string, start: string, options: ContextOptions = DESKTOP): Promise<Page> {
    const s = this.stack();
    const page = await this.newPage(options);
    await page
      .context()
      .addCookies([{ name: 'dondoc_session', value: await sessionOf(s.ds, email), url: s.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    await page.goto(`${s.baseUrl}${start}`);
    await page.waitForSelector('[data-user]');
    return page;
  }

  /** The link of the newest sign-in mail to `email` not used yet. */
  async signInLink(email: string): Promise<string> {
    const mail = await this.stack().waitForMail(
      (m) => m.to.includes(email) && m.subject.startsWith('[Đăng nhập]') && !this.seenMails.has(m.messageId),
      60_000,
    );
    this.seenMails.add(mail.messageId);
    const link = mail.text.match(/(http\S+\/dang-nhap\/xac-nhan\?t=[A-Za-z0-9_-]{43})/)?.[1];
    if (!link) throw new Error(`no sign-in link in:\n${mail.text}`);
    return link;
  }

  /**
   * Signs in from the app as a person does: an app page (`start`, e.g. a mailed step link) says to sign in, the app's
   * form mails the link, the link's server page signs in only on its button's POST and lands back on `start`.
   * `name`: also checks and photographs the 401 and sign-in pages under that prefix.
   */
  async signedIn(email: string, start: string, options: ContextOptions = DESKTOP, name?: string): Promise<Page> {
    const s = this.stack();
    const page = await this.newPage(options);
    await page.goto(`${s.baseUrl}${start}`);
    await page.waitForSelector('[data-error-status="401"]');
    if (name) {
      await accessible(page, `${name}-401`);
      await this.shot(page, `${name}-00-can-dang-nhap`);
    }
    await Promise.all([page.waitForURL(/\/app\/dang-nhap\?next=/), page.getByRole('link', { name: 'Đăng nhập' }).click()]);
    expect(new URL(page.url()).searchParams.get('next')).toBe(start);
    await page.getByLabel('Địa chỉ thư điện tử').fill(email);
    await page.getByRole('button', { name: 'Gửi liên kết đăng nhập' }).click();
    await page.waitForSelector('[data-sent]');
    if (name) {
      await accessible(page, `${name}-sign-in`);
      await this.shot(page, `${name}-01-dang-nhap`);
    }
    await page.goto(await this.signInLink(email));
    if (name) await accessible(page, `${name}-sign-in-link`);
    await Promise.all([page.waitForURL(`${s.baseUrl}${start}`), page.click('form[action="/dang-nhap/xac-nhan"] button')]);
    await page.waitForSelector('[data-user]');
    return page;
  }
}
