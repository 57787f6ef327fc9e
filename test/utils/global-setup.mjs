// Jest loads global setup outside its ESM transform, so this file uses the compiled libraries in dist/
// (`npm test` builds them first). It provisions what the suite needs the way `npm start` does: Temporal from
// TEMPORAL_ADDRESS or the temporal CLI the bootstrap found (an in-memory dev server on a free port); PostgreSQL from
// TEST_DATABASE_URL, the machine's server on 127.0.0.1:5432, or an embedded one. Each test file then makes its own
// database and task queue.
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPostgres, startEmbeddedPostgres } from '../../dist/libs/database/src/provision.js';
import { startDevServer } from '../../dist/libs/temporal/src/dev-server.js';

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

export default async function globalSetup() {
  globalThis.__dondocStops = [];
  // The cluster tier starts its own Temporal cluster (test/cluster): no dev server.
  if (!process.env.TEMPORAL_ADDRESS && process.env.DONDOC_TEST_TIER !== 'cluster') {
    const binary = process.env.TEMPORAL_CLI_PATH;
    if (!binary)
      throw new Error(
        'Set TEMPORAL_ADDRESS or TEMPORAL_CLI_PATH, or run the suite with `npm test`, which finds or builds the temporal CLI',
      );
    const server = await startDevServer({ binary, port: await freePort(), httpPort: await freePort() });
    process.env.TEMPORAL_ADDRESS = server.address;
    globalThis.__dondocStops.push(server.stop);
  }
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  try {
    await checkPostgres(url);
    process.env.TEST_DATABASE_URL = url;
  } catch {
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-test-pg-'));
    chmodSync(dir, 0o755); // as root the server runs as user postgres, which must reach its data folder
    const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort(), log: () => undefined });
    process.env.TEST_DATABASE_URL = pg.url;
    globalThis.__dondocStops.push(pg.stop);
  }
}
