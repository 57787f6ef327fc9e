import type { NextFunction, Request, Response } from 'express';

/**
 * The Content-Security-Policy of every response: scripts only from this site's own files (no inline script, no
 * inline event handler, no eval), nothing fetched or framed from elsewhere, forms posted only here, and no page of
 * dondoc inside a frame of any site (clickjacking). Styles may be inline: the web app's components inject <style>
 * elements (and the last pages built in apps/api/src/web/ carry one), which cannot run code.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The development mailbox's message page: the mail's HTML in a sandboxed srcdoc frame, which inherits this policy —
 * no script at all, images only from this site or inline, the frame allowed (srcdoc is same-origin), and the page
 * itself never framed by anyone.
 */
export const MAILBOX_CSP = [
  "default-src 'none'",
  "script-src 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "frame-src 'self'",
  "child-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** HSTS for a site served over https: browsers then refuse plain http to it for a year. */
const HSTS = 'max-age=31536000';

/**
 * Sets the security headers on every response before any route runs (pages, API, docs, static files, errors):
 * CSP (APP_CSP), X-Frame-Options DENY, nosniff, Referrer-Policy same-origin (a page that shows a secret sets
 * no-referrer over it), Cross-Origin-Opener-Policy, and HSTS when the public URL is https. A route may set a
 * stricter CSP of its own (the mailbox's message page).
 */
export function securityHeaders(baseUrl: string) {
  const https = baseUrl.startsWith('https:');
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', APP_CSP);
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (https) res.setHeader('Strict-Transport-Security', HSTS);
    res.removeHeader('X-Powered-By');
    next();
  };
}
