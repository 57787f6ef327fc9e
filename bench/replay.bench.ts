// Replay cost per history event of the committed corpus (test/replay/histories: every dondoc workflow kind) beside
// histories of a no-op workflow with the same number of activities and timers, recorded live on a Temporal dev server.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { projectRoot } from '#libs/config/src/index.js';
import { workflowSource } from '../apps/worker/src/workflow-source.js';
import { noopActivities } from './lib/noop-activities.js';
import { interleaved, result, type BenchResult } from './lib/stats.js';
import { benchTemporal } from './lib/temporal.js';

type History = temporal.api.history.v1.IHistory;
const count = (h: History, attr: 'activityTaskScheduledEventAttributes' | 'timerStartedEventAttributes') =>
  (h.events ?? []).filter((e) => e[attr]).length;

export async function replayBench(o: { quick: boolean; repeats: number }): Promise<BenchResult[]> {
  const corpusDir = join(projectRoot(), 'test', 'replay', 'histories');
  const corpus = readdirSync(corpusDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f, history: historyFromJSON(JSON.parse(readFileSync(join(corpusDir, f), 'utf8'))) }));
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed by an earlier benchmark of this run
  }
  const server = await benchTemporal();
  const connection = await NativeConnection.connect({ address: server.address });
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-bench-noop-'));
  // Both sides replay from a prebuilt bundle: the worker's (npm run build) and the no-op one, bundled once here.
  const noopBundle = {
    workflowBundle: await bundleWorkflowCode({
      workflowsPath: join(projectRoot(), 'dist', 'bench', 'workflows', 'noop.workflow.js'),
      logger: new DefaultLogger('WARN'),
    }),
  };
  try {
    // Record one no-op history per corpus history, with its numbers of activities and timers.
    const worker = await Worker.create({ connection, taskQueue: 'bench-noop', ...noopBundle, activities: noopActivities });
    const clientConnection = await Connection.connect({ address: server.address });
    const noop: { name: string; history: History }[] = [];
    await worker.runUntil(async () => {
      const client = new Client({ connection: clientConnection });
      for (const c of corpus) {
        const args = {
          activities: count(c.history, 'activityTaskScheduledEventAttributes'),
          timers: count(c.history, 'timerStartedEventAttributes'),
        };
        const handle = await client.workflow.start('noopWorkflow', {
          taskQueue: 'bench-noop',
          workflowId: `bench-noop-${c.name}-${Date.now()}`,
          args: [args],
        });
        await handle.result();
        const json = historyToJSON(await handle.fetchHistory());
        writeFileSync(join(dir, c.name), json);
        noop.push({ name: c.name, history: historyFromJSON(JSON.parse(json)) });
      }
    });
    await clientConnection.close();
    const events = (hs: { history: History }[]) => hs.reduce((n, h) => n + (h.history.events?.length ?? 0), 0);
    const rounds = o.quick ? 3 : 10;
    const replayAll = async (hs: { name: string; history: History }[], options: object): Promise<number> => {
      const started = performance.now();
      const all = Array.from({ length: rounds }, (_, r) => hs.map((h) => ({ workflowId: `${h.name}-${r}`, history: h.history }))).flat();
      // One replay worker per pass, as `npm run replay` would use for a corpus.
      for await (const res of Worker.runReplayHistories(options, all)) {
        if (res.error) throw new Error(`replay of ${res.workflowId} failed: ${res.error.message}`);
      }
      return (performance.now() - started) / (rounds * events(hs)); // ms per event
    };
    await replayAll(corpus, workflowSource()); // warm: the bundle is loaded once
    await replayAll(noop, noopBundle);
    const r = await interleaved(
      o.repeats,
      () => replayAll(noop, noopBundle),
      () => replayAll(corpus, workflowSource()),
    );
    return [
      result({
        metric: 'replay cost per event: corpus vs no-op histories',
        unit: 'µs/event',
        subject: r.subject * 1000,
        baseline: r.baseline * 1000,
        better: 'lower',
        goal: '≤ 2×',
        max: 2,
        repeats: o.repeats,
        note: `${corpus.length} histories, ${events(corpus)} events (no-op: ${events(noop)} events, same activities and timers), ${rounds} rounds per repeat`,
      }),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await connection.close();
    await server.stop();
  }
}
