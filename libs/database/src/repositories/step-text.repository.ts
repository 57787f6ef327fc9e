import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { StepTransition } from '#libs/domain/src/index.js';

/** How a stored text is named in a Temporal Update and in the transition the workflow hands to the worker. */
export const TEXT_REF_PREFIX = 'dondoc-text:';
const REF = /^dondoc-text:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Notes and reasons, stored before the Update that names them (see StepTextEntity). */
export class StepTextRepository {
  constructor(private readonly ds: DataSource) {}

  /** Stores a non-blank text of a step and returns its reference; a blank or absent one is returned as it is (the workflow refuses it). */
  async store<T extends string | undefined>(planId: string, stepId: string, kind: 'note' | 'reason', body: T): Promise<T> {
    if (body === undefined || !body.trim()) return body;
    const id = randomUUID();
    await this.ds.query(`INSERT INTO step_text (id, plan_id, step_id, kind, body) VALUES ($1, $2, $3, $4, $5)`, [
      id,
      planId,
      stepId,
      kind,
      body,
    ]);
    return `${TEXT_REF_PREFIX}${id}` as T;
  }

  /** The transition with its references replaced by the texts of this step they name (anything else is kept as written). */
  async resolve(m: EntityManager, planId: string, stepId: string, t: StepTransition): Promise<StepTransition> {
    const out: Record<string, unknown> = { ...t };
    for (const field of ['note', 'reason'] as const) {
      const v = (t as Record<string, unknown>)[field];
      const id = typeof v === 'string' ? REF.exec(v)?.[1] : undefined;
      if (!id) continue;
      const rows: { body: string }[] = await m.query(`SELECT body FROM step_text WHERE id = $1 AND plan_id = $2 AND step_id = $3`, [
        id,
        planId,
        stepId,
      ]);
      if (rows[0]) out[field] = rows[0].body;
    }
    return out as StepTransition;
  }
}
