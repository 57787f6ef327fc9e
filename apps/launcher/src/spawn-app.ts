import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launcherEnvironmentLine, WAIT_FOR_LAUNCHER } from '#libs/config/src/launcher-gate.js';

/**
 * The script an app (api, worker, launcher, cli) runs from: its bundle (dist/apps/<app>/bundle/main.mjs, made by
 * scripts/bundle-api.mjs for the api: a few files to load instead of ≈ 2,800 modules) when the build made it from the
 * current main.js, else main.js.
 */
export function appScript(root: string, which: string): string {
  const main = join(root, 'dist', 'apps', which, 'src', 'main.js');
  const bundle = join(root, 'dist', 'apps', which, 'bundle', 'main.mjs');
  return existsSync(bundle) && existsSync(main) && statSync(bundle).mtimeMs >= statSync(main).mtimeMs ? bundle : main;
}

/**
 * Runs a compiled app as a child process, its output prefixed; resolves its exit. `gated`: the app loads its modules
 * and then waits (`--wait-for-launcher`) for `open(env)`, which hands it its environment; until then `env` is only
 * what it loads with.
 */
export function spawnApp(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  onLine: (line: string) => void = console.log,
  gated = false,
): { child: ChildProcess; exited: Promise<number | null>; open: (env: NodeJS.ProcessEnv) => void } {
  const child = spawn(process.execPath, ['--enable-source-maps', script, ...(gated ? [WAIT_FOR_LAUNCHER] : [])], {
    env,
    stdio: [gated ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  // An app that exited before it was opened closed its stdin: nothing to write to, nothing to report here.
  child.stdin?.on('error', () => undefined);
  const open = (appEnv: NodeJS.ProcessEnv) => {
    if (gated && child.stdin?.writable) child.stdin.end(launcherEnvironmentLine(appEnv));
  };
  const prefix = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) onLine(`[${name}] ${line}`);
  };
  child.stdout?.on('data', prefix);
  child.stderr?.on('data', prefix);
  return { child, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))), open };
}
