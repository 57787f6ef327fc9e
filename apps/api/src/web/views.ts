import Handlebars from 'handlebars';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formToken } from '#libs/database/src/index.js';
import { projectRoot } from '#libs/config/src/project-root.js';
import type { RequestAuth } from '../auth/session.js';
import { vi } from '../i18n/vi.js';

/**
 * The server-rendered pages that stay beside the web app (where a mailed link lands: sign-in, action links, the
 * message and error pages, the development mailbox) are Handlebars templates in apps/api/views/, read from the
 * source tree through the project root (so `node dist/…` finds them as the mail templates are found), and styled by
 * one static file, apps/api/views/pages.css, served at /static/pages.css: no inline script or style. `{{ }}` escapes
 * every value; the templates never use `{{{ }}}`.
 */
export const VIEWS_DIR = join(projectRoot(), 'apps', 'api', 'views');
export const PAGES_CSS = 'pages.css';

export type ViewName = 'message' | 'sign-in' | 'sign-in-confirm' | 'action' | 'mailbox' | 'mailbox-message' | 'app-not-built';

/** Templates used inside others (`{{> layout}}`, `{{> user-bar}}`), not pages of their own. */
const PARTIALS = new Set(['layout', 'user-bar']);

let compiled: Map<string, Handlebars.TemplateDelegate> | null = null;

function templates(): Map<string, Handlebars.TemplateDelegate> {
  if (compiled) return compiled;
  const hb = Handlebars.create();
  // {{url x}}: an address escaped as HTML (& < > " ') but with its `=` kept, as Handlebars' own escape writes it &#x3D;.
  hb.registerHelper('url', (v: unknown) => new hb.SafeString(String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)));
  const map = new Map<string, Handlebars.TemplateDelegate>();
  for (const file of readdirSync(VIEWS_DIR).filter((f) => f.endsWith('.hbs'))) {
    const name = file.slice(0, -'.hbs'.length);
    const source = readFileSync(join(VIEWS_DIR, file), 'utf8');
    if (PARTIALS.has(name)) hb.registerPartial(name, source);
    else map.set(name, hb.compile(source, { strict: false, noEscape: false }));
  }
  compiled = map;
  return map;
}

let devBanner: string | null = null;
/** With APP_ACTOR_HEADER=on every page starts with a warning (set once at start). */
export function setViewsDevBanner(on: boolean): void {
  devBanner = on ? vi.home.devBanner : null;
}

/** The header's user part: who is signed in with the sign-out form, or the sign-in link (`next`: where to come back). */
export function userOf(auth: RequestAuth | undefined, next?: string) {
  if (auth?.user && auth.sessionToken) {
    return {
      user: {
        label: vi.auth.signedInAs,
        name: auth.user.displayName,
        email: auth.user.email,
        csrf: formToken(auth.sessionToken, 'sign-out'),
        signOut: vi.auth.signOut,
      },
    };
  }
  if (!auth) return {};
  return { signIn: { href: `/dang-nhap${next ? `?next=${encodeURIComponent(next)}` : ''}`, label: vi.auth.signIn } };
}

/** A page (or, `nav`, a page's menu) from its template and data (every value escaped by the template). */
export function renderView(name: ViewName, data: { title?: string } & Record<string, unknown>): string {
  const t = templates().get(name);
  if (!t) throw new Error(`no page template ${name}.hbs in ${VIEWS_DIR}`);
  return t({ devBanner, ...data });
}

let css: string | null = null;
/** The pages' style sheet, read once (a string: Nest would send a Buffer as JSON). */
export function pagesCss(): string {
  css ??= readFileSync(join(VIEWS_DIR, PAGES_CSS), 'utf8');
  return css;
}
