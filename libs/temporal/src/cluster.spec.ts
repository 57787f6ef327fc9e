import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { projectRoot } from '#libs/config/src/project-root.js';
import { CLUSTER_HISTORY_SHARDS, CLUSTER_PORT_COUNT, CLUSTER_SERVICES, clusterDatabase, clusterPorts } from './cluster.js';

const config = readFileSync(join(projectRoot(), 'deploy', 'temporal', 'config', 'cluster.yaml'), 'utf8');

describe('the local Temporal cluster', () => {
  it('gives every process ports of its own, in the 16 from the base, the frontend on the base', () => {
    const ports = clusterPorts(7233);
    const all = CLUSTER_SERVICES.flatMap((s) => Object.values(ports[s]).map(Number));
    expect(new Set(all).size).toBe(all.length);
    expect(Math.min(...all)).toBe(7233);
    expect(Math.max(...all)).toBe(7233 + CLUSTER_PORT_COUNT - 1);
    expect(ports.frontend.TEMPORAL_FRONTEND_PORT).toBe('7233');
    expect(ports['history-1'].TEMPORAL_HISTORY_PORT).not.toBe(ports['history-2'].TEMPORAL_HISTORY_PORT);
  });

  it('renders the config file from the variables the launcher sets, and only those', () => {
    const set = new Set([
      ...CLUSTER_SERVICES.flatMap((s) => Object.keys(clusterPorts(7233)[s])),
      'TEMPORAL_DB',
      'TEMPORAL_VISIBILITY_DB',
      'TEMPORAL_DB_ADDR',
      'TEMPORAL_DB_USER',
      'TEMPORAL_DB_PASSWORD',
      'TEMPORAL_DYNAMIC_CONFIG',
      'TEMPORAL_LOG_LEVEL',
    ]);
    const read = new Set([...config.matchAll(/env "([A-Z_]+)"/g)].map((m) => m[1]));
    expect([...read].sort()).toEqual([...set].sort());
    expect(config.split('\n')[0]).toBe('# enable-template');
    expect(config).toContain(`numHistoryShards: ${CLUSTER_HISTORY_SHARDS}`);
  });

  it("takes the cluster's PostgreSQL server and login from a URL, escaped characters included", () => {
    expect(clusterDatabase('postgres://temporal:p%40ss%2Fw@db.example:6543/dondoc')).toEqual({
      host: 'db.example',
      port: 6543,
      user: 'temporal',
      password: 'p@ss/w',
      temporalDb: 'temporal',
      visibilityDb: 'temporal_visibility',
    });
    expect(clusterDatabase('postgres://postgres@127.0.0.1/x', { temporalDb: 't1', visibilityDb: 't1_v' })).toEqual(
      expect.objectContaining({ port: 5432, password: '', temporalDb: 't1', visibilityDb: 't1_v' }),
    );
  });
});
