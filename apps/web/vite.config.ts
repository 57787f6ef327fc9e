import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web app's build: served by the api at /app/ (apps/api/src/common/web-app.ts), into dist/web at the repository
 * root, every file but index.html hashed under assets/ (cached for a year). Vite 8 compiles TSX itself (oxc, with
 * the automatic JSX runtime of tsconfig.json); no plugin.
 */
export default defineConfig({
  root,
  base: '/app/',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // No inline module preload polyfill: the CSP allows scripts from this site only (script-src 'self').
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
    rolldownOptions: {
      // Ant Design's files start with "use client" (for React Server Components); meaningless in this bundle.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  // No request to any other host at run time: nothing is loaded from a CDN (fonts: the system's).
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/dang-nhap': 'http://127.0.0.1:3000' } },
});
