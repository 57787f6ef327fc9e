// Replays recorded workflow histories against the current workflow code: a change that breaks determinism fails
// here before it reaches running workflows. `npm run replay [-- <folder> [<workflows index.js>]]` (default
// test/replay/histories against the built bundle; a second argument bundles other workflow code, as the fault suite
// does with a deliberately altered copy). Prints one JSON line per history and exits 1 if any fails to replay.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { projectRoot } from '#libs/config/src/project-root.js';
import { workflowSource } from './workflow-source.js';

Runtime.install({ logger: new DefaultLogger('WARN') });
const dir = resolve(process.argv[2] ?? join(projectRoot(), 'test', 'replay', 'histories'));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const source = process.argv[3]
  ? { workflowBundle: await bundleWorkflowCode({ workflowsPath: resolve(process.argv[3]), logger: new DefaultLogger('WARN') }) }
  : workflowSource();
let failed = 0;
for (const file of files) {
  const text = readFileSync(join(dir, file), 'utf8');
  const history = historyFromJSON(JSON.parse(text));
  const events = history.events ?? [];
  const started = events[0]?.workflowExecutionStartedEventAttributes;
  const result: Record<string, unknown> = {
    file,
    workflowType: started?.workflowType?.name ?? null,
    events: events.length,
    inputBytes: (started?.input?.payloads ?? []).reduce((n, p) => n + (p.data?.length ?? 0), 0),
    historyBytes: text.length,
  };
  try {
    await Worker.runReplayHistory({ ...source }, history, file.replace(/\.json$/, ''));
    result.ok = true;
  } catch (err) {
    failed++;
    result.ok = false;
    result.error = err instanceof Error ? err.message : String(err);
  }
  console.log(JSON.stringify(result));
}
if (!files.length) console.error(`no histories in ${dir}`);
process.exit(failed || !files.length ? 1 : 0);
