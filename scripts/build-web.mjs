#!/usr/bin/env node
// The web app's build, the last part of `npm run build` (after tsc, which compiled the api):
//   1. the api's OpenAPI document, exported without a database (Nest preview mode) → dist/openapi.json
//   2. the typed client's types generated from it with openapi-typescript → apps/web/src/api/schema.gen.ts
//   3. the app type-checked against them (tsc -p apps/web): an API change that breaks the client fails here
//   4. vite build → dist/web (served by the api at /app/)
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (pkg, file) => join(root, 'node_modules', pkg, file);

function run(what, args) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: '' } });
  if (r.error || r.status !== 0) {
    console.error(`\n✗ web app build: ${what} failed${r.error ? `: ${r.error.message}` : ` (exit ${r.status})`}`);
    process.exit(1);
  }
}

run('exporting the OpenAPI document', [join(root, 'dist', 'apps', 'api', 'src', 'export-openapi.js'), join(root, 'dist', 'openapi.json')]);
run('generating the typed client', [
  bin('openapi-typescript', 'bin/cli.js'),
  join(root, 'dist', 'openapi.json'),
  '--output',
  join(root, 'apps', 'web', 'src', 'api', 'schema.gen.ts'),
  '--silent',
]);
run('type-checking the web app against the API (a breaking API change shows here)', [
  bin('typescript', 'bin/tsc'),
  '-p',
  join(root, 'apps', 'web', 'tsconfig.json'),
]);
run('bundling the web app (vite build)', [
  bin('vite', 'bin/vite.js'),
  'build',
  '--config',
  join(root, 'apps', 'web', 'vite.config.ts'),
  '--logLevel',
  'warn',
]);
