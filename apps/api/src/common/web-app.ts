import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { projectRoot } from '#libs/config/src/project-root.js';
import { vi } from '../i18n/vi.js';
import { renderView } from '../web/views.js';

/** Where the web app is served from, and where `npm run build` (scripts/build-web.mjs) puts it. */
export const WEB_APP_PATH = '/app';
export const webAppDir = (): string => join(projectRoot(), 'dist', 'web');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/**
 * Serves the built web app (apps/web → dist/web) at /app/: its hashed files under /app/assets/ for a year
 * (`immutable`: a new build has new names), index.html for /app/ and every other path under it (the app's router
 * reads the path) with `no-cache`, so a new build is picked up at once. GET and HEAD only. Not built: a Vietnamese
 * page that says how to build it (503; apps/api/views/app-not-built.hbs).
 */
export function webApp(dir = webAppDir()) {
  return (req: Request, res: Response, next: NextFunction) => {
    const path = req.path;
    if (path !== WEB_APP_PATH && !path.startsWith(`${WEB_APP_PATH}/`)) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (path === WEB_APP_PATH) return res.redirect(301, `${WEB_APP_PATH}/`);
    const rel = path.slice(WEB_APP_PATH.length + 1);
    if (rel.startsWith('assets/')) {
      const file = normalize(join(dir, rel));
      if (!file.startsWith(join(dir, 'assets') + sep) || !existsSync(file) || !statSync(file).isFile()) {
        res.status(404).setHeader('Cache-Control', 'no-store');
        return res.type('text/plain; charset=utf-8').send('Không tìm thấy tệp này của ứng dụng; xin tải lại trang.');
      }
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
      return res.sendFile(file);
    }
    const index = join(dir, 'index.html');
    res.setHeader('Cache-Control', 'no-cache');
    if (!existsSync(index)) {
      res.status(503).type('text/html; charset=utf-8');
      const t = vi.web.app;
      return res.send(
        renderView('app-not-built', { title: t.notBuiltTitle, before: t.notBuiltBefore, command: 'npm run build', after: t.notBuiltAfter }),
      );
    }
    res.type('text/html; charset=utf-8');
    return res.send(readFileSync(index, 'utf8'));
  };
}
