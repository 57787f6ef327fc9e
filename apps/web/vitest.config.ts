import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The component tests (src/**\/*.test.tsx) in jsdom; `npm test` and `npm run test:unit` run them first. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.tsx'],
    setupFiles: ['src/test-setup.ts'],
    css: false,
    testTimeout: 30_000,
    pool: 'threads',
    maxWorkers: 1,
  },
});
