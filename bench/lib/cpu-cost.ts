import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';

/** Clock ticks per second of /proc's CPU times (getconf CLK_TCK; 100 on Linux when it cannot be asked). */
const ticksPerSecond = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(r.stdout?.trim()) || 100;
})();

/**
 * CPU time in µs used so far by every process named `comm` on this machine, with the times of the children they
 * reaped: for `postgres`, the backends, the WAL writer, the checkpointer … and the backends that ended (as pgbench's
 * do), counted in the postmaster's; for `temporal`, the dev server. Undefined where /proc cannot tell (not Linux, or no
 * such process).
 */
export function processCpuMicros(comm: string): number | undefined {
  let ticks = 0;
  let found = false;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const close = stat.lastIndexOf(')');
    if (stat.slice(stat.indexOf('(') + 1, close) !== comm) continue;
    const f = stat.slice(close + 2).split(' ');
    // Fields 14–17 of proc(5): utime, stime, cutime, cstime; f[0] is field 3.
    ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    found = true;
  }
  return found ? (ticks / ticksPerSecond) * 1e6 : undefined;
}

/** The PostgreSQL server's CPU time so far, in µs (see processCpuMicros). */
export const postgresCpuMicros = () => processCpuMicros('postgres');

/**
 * The server's WAL position, in bytes from its start: the WAL written between two readings, by every backend at once
 * (pg_stat_wal would miss what backends that stay connected have not yet reported).
 */
export async function walBytes(ds: DataSource): Promise<number | undefined> {
  try {
    const [{ bytes }] = await ds.query(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::float8 AS bytes`);
    return Number(bytes);
  } catch {
    return undefined;
  }
}

/** What the PostgreSQL server spent on `n` transactions run by `work`: CPU µs and WAL bytes each (undefined: not known). */
export async function postgresCostOf<T>(
  ds: DataSource,
  work: () => Promise<{ value: T; transactions: number }>,
): Promise<{ value: T; cpuMicrosPerTx?: number; walBytesPerTx?: number }> {
  const [cpu0, wal0] = [postgresCpuMicros(), await walBytes(ds)];
  const { value, transactions } = await work();
  const [cpu1, wal1] = [postgresCpuMicros(), await walBytes(ds)];
  const per = (a?: number, b?: number) => (a === undefined || b === undefined || !transactions ? undefined : (b - a) / transactions);
  return { value, cpuMicrosPerTx: per(cpu0, cpu1), walBytesPerTx: per(wal0, wal1) };
}
