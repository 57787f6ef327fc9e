/** One line of progress per step of `npm start`, numbered, with elapsed time when a step ends. */
export class Progress {
  private n = 0;
  private t0 = Date.now();
  constructor(private readonly total: number) {}

  step(what: string) {
    this.n++;
    this.t0 = Date.now();
    console.log(`[${this.n}/${this.total}] ${what}`);
  }
  info(line: string) {
    console.log(`      ${line}`);
  }
  done(what: string) {
    console.log(`      ✓ ${what} (${((Date.now() - this.t0) / 1000).toFixed(1)} s)`);
  }
}
