/** Where a provider says what it is doing: a step of `npm start` (or the plain progress of a one-step command). */
export interface ProgressLine {
  info(line: string): void;
}

/**
 * One line of progress per step of `npm start`, numbered in the order the steps begin. Steps run side by side, so
 * every line of a step carries its number, and its last line the time it took.
 */
export class Progress implements ProgressLine {
  private n = 0;
  /** When the launcher process started: the "ready in" figure counts from there. */
  readonly started = performance.timeOrigin;
  constructor(private readonly total: number) {}

  step(what: string): Step {
    this.n++;
    const tag = `[${this.n}/${this.total}]`;
    console.log(`${tag} ${what}`);
    return new Step(tag);
  }
  info(line: string) {
    console.log(`      ${line}`);
  }
  /** Seconds since the launcher process started. */
  elapsed(): string {
    return ((Date.now() - this.started) / 1000).toFixed(1);
  }
}

export class Step implements ProgressLine {
  private readonly t0 = Date.now();
  constructor(private readonly tag: string) {}

  info(line: string) {
    console.log(`${this.tag}   ${line}`);
  }
  done(what: string) {
    console.log(`${this.tag} ✓ ${what} (${((Date.now() - this.t0) / 1000).toFixed(1)} s)`);
  }
}
