import type { EntityManager } from 'typeorm';

/**
 * Several writes sent as one statement of data-modifying CTEs: one round trip instead of one per write, in the
 * caller's transaction. Every part runs exactly once, all against the same snapshot, so the parts must not depend on
 * each other's effects (they write different rows or different tables). Repositories add their SQL; the values go
 * as parameters, numbered by `param`.
 */
export class WriteBatch {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];

  /** The placeholder of one more parameter. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** One INSERT, UPDATE or DELETE (no trailing semicolon). */
  add(sql: string): void {
    this.parts.push(`w${this.parts.length} AS (${sql})`);
  }

  get size(): number {
    return this.parts.length;
  }

  async run(m: EntityManager): Promise<void> {
    if (!this.parts.length) return;
    await m.query(`WITH ${this.parts.join(',\n')} SELECT 1`, this.params);
  }
}
