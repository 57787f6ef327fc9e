import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { ProvisionError } from '#libs/config/src/index.js';

/** What `goInstall` builds and how it says so. */
export interface GoInstall {
  /** `module/path@version` arguments of `go install`. */
  modules: string[];
  /** The folder the binaries go to (GOBIN), outside the repository. */
  bin: string;
  /** The component a failure names (`Temporal`, `Temporal cluster`). */
  component: string;
  /** Why Go is needed, and what to do, when it is missing. */
  noGoReason: string;
  noGoHint: string;
  /** What to do when the build fails. */
  failHint: string;
  /** How long it takes, for the first progress line. */
  duration: string;
  /** A progress line every this many lines of go's output. */
  every: number;
  progress: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

/**
 * `go install`s modules from the Go module proxy into a cache folder (`GOFLAGS=-mod=mod`), streaming a progress line
 * every few packages, and fails with the tail of go's output. Shared by the dev server's CLI and the cluster's server.
 */
export async function goInstall(o: GoInstall): Promise<void> {
  const go = spawnSync('go', ['version'], { encoding: 'utf8', env: o.env });
  if (go.error || go.status !== 0) {
    throw new ProvisionError(o.component, o.noGoReason, o.noGoHint);
  }
  mkdirSync(o.bin, { recursive: true });
  o.progress(`building ${o.modules.join(' and ')} with ${go.stdout.trim()} into ${o.bin} (first run only; ${o.duration})`);
  const child = spawn('go', ['install', '-v', ...o.modules], {
    env: { ...o.env, GOBIN: o.bin, GOFLAGS: '-mod=mod' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let count = 0;
  let tail: string[] = [];
  const onLine = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      tail = [...tail.slice(-20), line];
      if (++count % o.every === 0) o.progress(`  … ${count} packages (${line.trim()})`);
    }
  };
  child.stdout.on('data', onLine);
  child.stderr.on('data', onLine);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) {
    throw new ProvisionError(
      o.component,
      `go install ${o.modules.join(' ')} failed (exit ${code}):\n    ${tail.join('\n    ')}`,
      o.failHint,
    );
  }
}
