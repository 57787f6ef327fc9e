import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';

/** Processes a benchmark started and that have not exited: told to stop if the bench is interrupted. */
const children = new Set<ChildProcess>();

/** Tracks `child` until it exits, so an interrupted bench does not leave it running (a dev server, an npm start). */
export function stopWithBench<T extends ChildProcess>(child: T): T {
  if (child.exitCode !== null || child.signalCode !== null) return child;
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/**
 * On Ctrl-C, SIGTERM or SIGHUP the bench sends SIGTERM to every process it tracks and exits (128 + the signal's
 * number). Without it, a bench stopped by `kill` or from another terminal left its Temporal dev servers running, each
 * on its own port with its memory, until the machine restarted.
 */
export function stopChildrenOnInterrupt(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => {
      const running = [...children].filter((c) => c.exitCode === null && c.signalCode === null);
      for (const c of running) c.kill('SIGTERM');
      console.error(`\nbench interrupted (${signal}): ${running.length} process(es) it had started told to stop`);
      process.exit(128 + constants.signals[signal]);
    });
}
