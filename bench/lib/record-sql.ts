// Preloaded into an api process (`node --import`) by the status benchmark: appends every SQL text and its parameters
// to BENCH_SQL_LOG, so the raw baseline server can answer a request with exactly the SQL the api ran for it.
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const file = process.env.BENCH_SQL_LOG;
const require = createRequire(`${process.cwd()}/package.json`);
const pg = require('pg') as { Client: { prototype: { query: (...args: unknown[]) => unknown } } };
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
  const [q, values] = args;
  const text = typeof q === 'string' ? q : (q as { text?: string })?.text;
  if (file && text)
    appendFileSync(
      file,
      `${JSON.stringify({ text, values: Array.isArray(values) ? values : ((q as { values?: unknown[] })?.values ?? []) })}\n`,
    );
  return original.apply(this, args);
};
