// `npm run bench` (full) and `npm run bench -- --quick` (a few minutes): each figure beside its baseline, run
// interleaved on the same machine, median of the repeats; prints a table and writes JSON to .data/bench/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '#libs/config/src/index.js';
import { capacityBench } from './capacity.bench.js';
import { coldStartBench } from './coldstart.bench.js';
import { dashboardBench } from './dashboard.bench.js';
import { mailBench } from './mail.bench.js';
import { provinceRehearsal } from './province.rehearsal.js';
import { machineLine } from './lib/capacity.js';
import { stopChildrenOnInterrupt } from './lib/interrupt.js';
import { table, type BenchResult } from './lib/stats.js';
import { replayBench } from './replay.bench.js';
import { statusApiBench } from './status-api.bench.js';
import { transactionBench } from './transaction.bench.js';
import { workflowsBench } from './workflows.bench.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const repeats = Number(args.find((a) => a.startsWith('--repeats='))?.slice('--repeats='.length) ?? 3);

const benches: Record<string, (o: { quick: boolean; repeats: number }) => Promise<BenchResult[]>> = {
  transaction: transactionBench,
  mail: mailBench,
  dashboard: dashboardBench,
  replay: replayBench,
  status: statusApiBench,
  workflows: workflowsBench,
  province: provinceRehearsal,
  // Its own data folder and free ports: a running `npm start` is not disturbed.
  coldstart: coldStartBench,
  // Not in a plain `npm run bench`: it starts two Temporal clusters (the server built once, ≈ 15 min): --only=capacity.
  capacity: capacityBench,
};
const OWN_FLAG = new Set(['capacity']);

stopChildrenOnInterrupt();
const results: BenchResult[] = [];
const startedLine = machineLine();
console.log(`bench started ${startedLine}`);
for (const [name, bench] of Object.entries(benches)) {
  if (only ? !only.includes(name) : OWN_FLAG.has(name)) continue;
  console.error(`▶ ${name} (${quick ? 'quick' : 'full'}, ${repeats} repeats)`);
  const started = performance.now();
  results.push(...(await bench({ quick, repeats })));
  console.error(`  done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
console.log(`bench ended ${machineLine()}`);
console.log(table(results));
for (const r of results) if (r.note) console.log(`- ${r.metric}: ${r.note}`);
const dir = join(projectRoot(), '.data', 'bench');
mkdirSync(dir, { recursive: true });
const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
const os = await import('node:os');
const json = JSON.stringify(
  {
    at: new Date().toISOString(),
    quick,
    repeats,
    cpus: os.cpus().length,
    node: process.version,
    started: startedLine,
    ended: machineLine(),
    results,
  },
  null,
  2,
);
writeFileSync(file, json);
writeFileSync(join(dir, 'latest.json'), json);
console.log(`\nJSON: ${file}`);
const missed = results.filter((r) => !r.met);
if (missed.length) console.log(`goals missed: ${missed.map((r) => r.metric).join('; ')}`);
