import type { Request, Response } from 'express';
import type { SignedInUser } from '#libs/database/src/index.js';

export const SESSION_COOKIE = 'dondoc_session';
/** A session lasts 12 hours from sign-in. */
export const SESSION_TTL_MS = 12 * 3600_000;

/** What the session middleware learnt about a request. */
export interface RequestAuth {
  /** The signed-in user, when the session cookie names a live session. */
  user?: SignedInUser;
  /** The raw session token from the cookie (keys the per-form tokens); set only with `user`. */
  sessionToken?: string;
  /** Whether the X-Dondoc-Actor header may name the acting role: APP_ACTOR_HEADER=on and the request from this machine. */
  actorHeader: boolean;
  /** Whether this request may see the development mailbox (the built-in catcher's, from this machine only). */
  mailbox?: boolean;
}

export type AuthedRequest = Request & { dondocAuth?: RequestAuth };

export const authOf = (req: Request): RequestAuth => (req as AuthedRequest).dondocAuth ?? { actorHeader: false };

/** One cookie's value from the Cookie header; no cookie library needed for one name. */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      // A value that is not valid percent-encoding (`%E0%A4%A`) is no cookie of ours: as if there were none.
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** HttpOnly, SameSite=Lax, Secure when the site is served over https; `maxAgeMs` 0 removes it. */
export function setSessionCookie(res: Response, value: string, maxAgeMs: number, secure: boolean): void {
  const attrs = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.floor(maxAgeMs / 1000)}`];
  if (secure) attrs.push('Secure');
  res.append('Set-Cookie', attrs.join('; '));
}

/**
 * A request that changes something and is authenticated by cookie must come from this site: browsers name the
 * requesting site (Sec-Fetch-Site) or origin (Origin); a request from elsewhere is treated as not signed in.
 */
export function fromThisSite(req: Request, baseUrl: string): boolean {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return true;
  const site = req.headers['sec-fetch-site'];
  // A browser names the requesting site and no page can forge it. It decides when given: a form on a page served
  // with Referrer-Policy: no-referrer (the sign-in and action-link pages) is posted with `Origin: null` even to itself.
  if (site) return site === 'same-origin' || site === 'none';
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return origin !== 'null';
  const own = [new URL(baseUrl).origin, `${req.protocol}://${req.headers.host ?? ''}`];
  return own.includes(origin);
}
