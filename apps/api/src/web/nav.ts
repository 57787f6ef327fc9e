import type { Response } from 'express';
import { userBar } from '../auth/auth-pages.js';
import type { RequestAuth } from '../auth/session.js';
import { vi } from '../i18n/vi.js';
import { html, type Html } from './html.js';

/** The site's menu (the staff pages too) and who is signed in; `here` is where sign-in brings the user back to. */
export const siteNav = (auth: RequestAuth, here?: string): Html =>
  html`<nav><a href="/">${vi.home.plans}</a><a href="/viec-cua-toi">${vi.web.nav.myWork}</a><a href="/phe-duyet">${vi.web.nav.approvals}</a>
    <a href="/giam-sat">${vi.web.nav.monitoring}</a><a href="/danh-gia">${vi.web.assessment.navTitle}</a><a href="/ke-hoach/nap">${vi.web.nav.loadPlan}</a><a href="/ke-hoach/nhap">${vi.web.nav.importPlan}</a>${auth.mailbox ? html`<a href="/mailbox">${vi.home.mailbox}</a>` : ''}<a href="/api/docs">${vi.home.apiDocs}</a></nav>${userBar(auth, here)}`;

/** A staff page without a signed-in user: back to it after signing in. */
export function toSignIn(res: Response, here: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.redirect(302, `/dang-nhap?next=${encodeURIComponent(here)}`);
}
