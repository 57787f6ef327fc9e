import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { projectRoot } from '#libs/config/src/index.js';

export interface ReplayResult {
  file: string;
  ok: boolean;
  error?: string;
  workflowType: string;
  events: number;
  inputBytes: number;
}

/**
 * Fetches the histories of real runs, replays them against the current workflow code (dist/apps/worker/src/replay.js)
 * and returns one result per history. With DONDOC_RECORD_HISTORIES=1 they are also written to the committed corpus
 * (test/replay/histories/<name>.json), which `npm test` replays.
 */
export async function recordAndReplay(
  address: string,
  histories: { workflowId: string; name: string }[],
): Promise<{ results: ReplayResult[]; status: number | null }> {
  const connection = await Connection.connect({ address });
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-histories-'));
  const corpus = join(projectRoot(), 'test', 'replay', 'histories');
  try {
    const client = new Client({ connection });
    for (const h of histories) {
      const json = historyToJSON(await client.workflow.getHandle(h.workflowId).fetchHistory());
      writeFileSync(join(dir, `${h.name}.json`), json);
      if (process.env.DONDOC_RECORD_HISTORIES === '1') writeFileSync(join(corpus, `${h.name}.json`), json);
    }
  } finally {
    await connection.close();
  }
  return replayFolder(dir);
}

/** Replays every history in a folder in a separate process (the replay worker wants a clean runtime). */
export function replayFolder(dir: string): { results: ReplayResult[]; status: number | null } {
  const r = spawnSync(process.execPath, [join(projectRoot(), 'dist', 'apps', 'worker', 'src', 'replay.js'), dir], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const results = r.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{')) // the SDK's own warnings also go to stdout
    .map((l) => JSON.parse(l) as ReplayResult);
  return { results, status: r.status };
}
