/** A component that `npm start` or the test harness could not provide, with what to do about it. */
export class ProvisionError extends Error {
  constructor(
    readonly component: string,
    message: string,
    readonly fix: string,
  ) {
    super(`${component}: ${message}\n  How to fix: ${fix}`);
    this.name = 'ProvisionError';
  }
}
