import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '#libs/config/src/index.js';

/** Runs the built CLI as `npm run -s cli -- …` does, with `env` added to this process's environment. */
export function runCli(
  env: Record<string, string | undefined>,
  ...args: string[]
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(projectRoot(), 'dist', 'apps', 'cli', 'src', 'main.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
