import type { Response } from 'express';
import { appPaths } from '../../../../libs/contracts/src/index.js';
import type { RequestAuth } from '../auth/session.js';
import { vi } from '../i18n/vi.js';
import { Html } from './html.js';
import { renderView, userOf } from './views.js';

/**
 * The menu of the server pages that remain (plan upload and import, assessment pages; apps/api/views/nav.hbs) and who
 * is signed in; `here` is where sign-in brings the user back to. The staff pages are the web app's: the menu links there.
 */
export const siteNav = (auth: RequestAuth, here?: string): Html => {
  const links = [
    { href: appPaths.plans(), label: vi.home.plans },
    { href: appPaths.myWork(), label: vi.web.nav.myWork },
    { href: appPaths.approvals(), label: vi.web.nav.approvals },
    { href: appPaths.monitoring(), label: vi.web.nav.monitoring },
    { href: '/danh-gia', label: vi.web.assessment.navTitle },
    { href: '/ke-hoach/nap', label: vi.web.nav.loadPlan },
    { href: '/ke-hoach/nhap', label: vi.web.nav.importPlan },
    ...(auth.mailbox ? [{ href: '/mailbox', label: vi.home.mailbox }] : []),
    { href: '/api/docs', label: vi.home.apiDocs },
  ];
  return new Html(renderView('nav', { links, ...userOf(auth, here) }));
};

/** A staff page without a signed-in user: back to it after signing in. */
export function toSignIn(res: Response, here: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.redirect(302, `/dang-nhap?next=${encodeURIComponent(here)}`);
}
