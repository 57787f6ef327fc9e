import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ProvisionError } from '#libs/config/src/index.js';
import { waitForTemporal } from './connection.js';
import { goInstall } from './go-install.js';
import { devServerSearchAttributeArgs } from './search-attributes.js';

/** The Temporal CLI version dondoc builds: later versions use a `replace` directive and cannot be `go install`ed. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

const executable = (p: string) => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Finds a temporal CLI: an explicit path, then the project cache, then PATH. */
export function findTemporalCli(o: { explicit?: string; cacheDir: string; path?: string }): string | undefined {
  if (o.explicit) {
    if (!executable(o.explicit))
      throw new ProvisionError(
        'Temporal',
        `TEMPORAL_CLI_PATH=${o.explicit} is not an executable file`,
        'point TEMPORAL_CLI_PATH at a temporal binary, or unset it to let dondoc build one',
      );
    return o.explicit;
  }
  const cached = join(o.cacheDir, 'bin', 'temporal');
  if (executable(cached)) return cached;
  for (const dir of (o.path ?? '').split(delimiter)) {
    if (dir && executable(join(dir, 'temporal'))) return join(dir, 'temporal');
  }
  return undefined;
}

/** Builds the CLI with the Go toolchain into `<cacheDir>/bin`, streaming go's output lines to `progress`. */
export async function buildTemporalCli(cacheDir: string, progress: (line: string) => void, env: NodeJS.ProcessEnv): Promise<string> {
  const bin = join(cacheDir, 'bin');
  await goInstall({
    modules: [TEMPORAL_CLI_MODULE],
    bin,
    component: 'Temporal',
    noGoReason: 'no Temporal server is configured, none is cached, and Go is not installed to build one',
    noGoHint:
      'install Go 1.22+ (https://go.dev/dl/) and run npm start again; or set TEMPORAL_ADDRESS=host:7233 to use a running Temporal server; or set TEMPORAL_CLI_PATH to a temporal binary; or run `docker compose up`',
    failHint: 'check that the Go module proxy is reachable (GOPROXY), or set TEMPORAL_ADDRESS / TEMPORAL_CLI_PATH',
    duration: 'takes several minutes',
    every: 25,
    progress,
    env,
  });
  const out = join(bin, 'temporal');
  if (!existsSync(out))
    throw new ProvisionError(
      'Temporal',
      `go install ${TEMPORAL_CLI_MODULE} left no ${out}`,
      'check that the Go module proxy is reachable (GOPROXY), or set TEMPORAL_ADDRESS / TEMPORAL_CLI_PATH',
    );
  progress(`built ${out}`);
  return out;
}

export interface DevServer {
  address: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev --headless` on loopback. With `dbFile` workflows and timers survive a restart;
 * without it the server keeps everything in memory (tests).
 */
export async function startDevServer(o: {
  binary: string;
  port: number;
  httpPort?: number;
  dbFile?: string;
  logFile?: (line: string) => void;
}): Promise<DevServer> {
  // dondoc's search attributes are registered as the server starts (a worker would add them otherwise).
  const args = [
    'server',
    'start-dev',
    '--headless',
    '--ip',
    '127.0.0.1',
    '--port',
    String(o.port),
    '--log-level',
    'warn',
    ...devServerSearchAttributeArgs(),
  ];
  if (o.httpPort) args.push('--http-port', String(o.httpPort));
  if (o.dbFile) args.push('--db-filename', o.dbFile);
  const child = spawn(o.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const errors: string[] = [];
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    errors.push(text);
    if (errors.length > 50) errors.shift();
    o.logFile?.(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const address = `127.0.0.1:${o.port}`;
  const ready = waitForTemporal(address, 90_000).then(() => 'ready' as const);
  const outcome = await Promise.race([ready, exited.then((code) => ({ code }))]);
  if (outcome !== 'ready') {
    throw new ProvisionError(
      'Temporal',
      `the dev server exited (code ${outcome.code}) before it was ready:\n${errors.join('').slice(-1500)}`,
      `check that port ${o.port} is free (APP_TEMPORAL_PORT) and that ${o.dbFile ?? 'the data folder'} is writable`,
    );
  }
  return {
    address,
    process: child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
