import { describe, expect, it } from '@jest/globals';
import express from 'express';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webApp } from './web-app.js';

/** GET `path` from an express server that serves the web app from `dir` (nothing else mounted: any other path is 404). */
async function get(dir: string, path: string) {
  const app = express();
  app.use(webApp(dir));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const r = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, { redirect: 'manual' });
    return { status: r.status, type: r.headers.get('content-type'), cache: r.headers.get('cache-control'), text: await r.text() };
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

describe('webApp, the app not built', () => {
  const empty = mkdtempSync(join(tmpdir(), 'dondoc-web-'));

  it('answers every app path with the 503 view in Vietnamese saying to run npm run build: no script, no inline style, every value escaped', async () => {
    for (const path of ['/app/', '/app/viec-cua-toi', '/app/danh-gia/KH-1/DG2024']) {
      const r = await get(empty, path);
      expect({ path, status: r.status, type: r.type, cache: r.cache }).toEqual({
        path,
        status: 503,
        type: 'text/html; charset=utf-8',
        cache: 'no-cache',
      });
      expect(r.text).toContain('<html lang="vi">');
      expect(r.text).toContain('<title>Ứng dụng chưa sẵn sàng</title>');
      expect(r.text).toMatch(/Ứng dụng web chưa được dựng\. Người quản trị chạy <code>npm run build<\/code> rồi tải lại trang\./);
      expect(r.text).toContain('<link rel="stylesheet" href="/static/pages.css">');
      expect(r.text).not.toMatch(/<script|<style|style=/);
    }
  });

  it('still refuses a missing asset with 404 and leaves other paths alone', async () => {
    expect((await get(empty, '/app/assets/index-abc.js')).status).toBe(404);
    expect((await get(empty, '/app')).status).toBe(301);
    expect((await get(empty, '/other')).status).toBe(404);
  });
});
