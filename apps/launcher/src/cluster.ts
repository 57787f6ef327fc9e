import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LauncherConfig } from '#libs/config/src/index.js';
import { ProvisionError } from '#libs/config/src/index.js';
import {
  buildTemporalServer,
  CLUSTER_HISTORY_SHARDS,
  clusterDatabase,
  findTemporalServer,
  migrateClusterSchemas,
  startTemporalCluster,
  TEMPORAL_SERVER_VERSION,
  type ServerBinaries,
  type TemporalCluster,
} from '#libs/temporal/src/cluster.js';
import type { ProgressLine } from './progress.js';
import { logTo, type Stopper } from './services.js';

export async function ensureTemporalServer(c: LauncherConfig, p: ProgressLine, env: NodeJS.ProcessEnv): Promise<ServerBinaries> {
  const found = findTemporalServer(c.cacheDir);
  if (found) {
    p.info(`Temporal server ${TEMPORAL_SERVER_VERSION}: ${found.server}`);
    return found;
  }
  p.info(`the Temporal server ${TEMPORAL_SERVER_VERSION} is not in the cache (${c.cacheDir}): building it from source`);
  return buildTemporalServer(c.cacheDir, (line) => p.info(line), env);
}

/** The `temporal` and `temporal_visibility` databases on DATABASE_URL's server, created and migrated. */
export async function provideClusterSchemas(databaseUrl: string, binaries: ServerBinaries, p: ProgressLine) {
  const db = clusterDatabase(databaseUrl);
  await migrateClusterSchemas(binaries.sqlTool, db, (line) => p.info(line));
  return db;
}

/** Frontend, two history hosts, matching and the internal worker, each a process; logs in <data>/logs/temporal-<service>.log. */
export async function provideCluster(
  c: LauncherConfig & { clusterPort: number },
  p: ProgressLine,
  stops: Stopper[],
  binaries: ServerBinaries,
  db: ReturnType<typeof clusterDatabase>,
  root: string,
): Promise<TemporalCluster> {
  mkdirSync(join(c.dataDir, 'logs'), { recursive: true });
  const logs = new Map<string, (line: string) => void>();
  const log = (service: string, line: string) => {
    if (!logs.has(service)) logs.set(service, logTo(c.dataDir, `temporal-${service}`));
    logs.get(service)!(line);
  };
  p.info(
    `${CLUSTER_HISTORY_SHARDS} history shards; config deploy/temporal/config/cluster.yaml; logs ${join(c.dataDir, 'logs')}/temporal-<service>.log`,
  );
  try {
    const cluster = await startTemporalCluster({
      server: binaries.server,
      root,
      db,
      basePort: c.clusterPort,
      log,
      progress: (line) => p.info(line),
    });
    stops.push(() => cluster.stop());
    return cluster;
  } catch (err) {
    if (err instanceof ProvisionError) throw err;
    throw new ProvisionError('Temporal cluster', String(err), `read ${join(c.dataDir, 'logs')}/temporal-*.log`);
  }
}
