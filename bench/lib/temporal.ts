import { homedir } from 'node:os';
import { join } from 'node:path';
import { findTemporalCli, startDevServer } from '#libs/temporal/src/index.js';
import { freePort } from '../../test/utils/ports.js';
import { stopWithBench } from './interrupt.js';

/**
 * TEMPORAL_ADDRESS, else a fresh in-memory dev server from the CLI that `npm start` / `npm test` build and cache
 * (TEMPORAL_CLI_PATH, ~/.cache/dondoc/bin, PATH), on a port free right now: a dev server left running by a bench that
 * was killed held the fixed port of before, and the next bench ran on its workflows (WorkflowExecutionAlreadyStarted).
 */
export async function benchTemporal(): Promise<{ address: string; stop(): Promise<void> }> {
  if (process.env.TEMPORAL_ADDRESS) return { address: process.env.TEMPORAL_ADDRESS, stop: async () => undefined };
  const cacheDir = process.env.APP_CACHE_DIR ?? join(homedir(), '.cache', 'dondoc');
  const binary = findTemporalCli({ explicit: process.env.TEMPORAL_CLI_PATH, cacheDir, path: process.env.PATH });
  if (!binary)
    throw new Error(
      `no temporal CLI in TEMPORAL_CLI_PATH, ${cacheDir}/bin or PATH: run \`npm test\` or \`npm start\` once (they build it), or set TEMPORAL_ADDRESS`,
    );
  const server = await startDevServer({ binary, port: await freePort() });
  stopWithBench(server.process);
  return { address: server.address, stop: () => server.stop() };
}
