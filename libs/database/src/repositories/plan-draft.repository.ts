import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { PlanDraftSource } from '../entities/plan-draft.entity.js';

export interface PlanDraftRow {
  id: string;
  title: string;
  sourceKind: PlanDraftSource;
  sourceName: string;
  sourcePlanId: string | null;
  issuerId: string | null;
  yaml: string;
  model: Record<string, unknown>;
  rewrite: string[];
  version: number;
  createdBy: string;
  createdByName: string;
  updatedBy: string;
  updatedByName: string;
  createdAt: Date;
  updatedAt: Date;
  startedPlanId: string | null;
  startedAt: Date | null;
}

/** What a new draft holds. */
export interface NewPlanDraft {
  title: string;
  sourceKind: PlanDraftSource;
  sourceName: string;
  sourcePlanId?: string | null;
  issuerId: string | null;
  yaml: string;
  model: Record<string, unknown>;
  rewrite?: string[];
  userId: string;
}

/** A draft's content as a save writes it. */
export interface PlanDraftContent {
  title: string;
  issuerId: string | null;
  yaml: string;
  model: Record<string, unknown>;
}

const COLUMNS = `d.id, d.title, d.source_kind AS "sourceKind", d.source_name AS "sourceName", d.source_plan_id AS "sourcePlanId", d.issuer_id AS "issuerId",
  d.yaml, d.model, d.rewrite, d.version, d.created_by AS "createdBy", c.display_name AS "createdByName", d.updated_by AS "updatedBy",
  u.display_name AS "updatedByName", d.created_at AS "createdAt", d.updated_at AS "updatedAt", d.started_plan_id AS "startedPlanId", d.started_at AS "startedAt"`;
const FROM = `plan_draft d JOIN staff_user c ON c.id = d.created_by JOIN staff_user u ON u.id = d.updated_by`;

/** The outcome of a save naming the version it read. */
export type DraftSave = { saved: PlanDraftRow } | { changed: PlanDraftRow } | { missing: true };

/** Plan drafts (PlanDraftEntity) and the plan files loaded plans came from (PlanFileEntity). */
export class PlanDraftRepository {
  constructor(private readonly ds: DataSource) {}

  async create(d: NewPlanDraft): Promise<PlanDraftRow> {
    const id = randomUUID();
    await this.ds.query(
      `INSERT INTO plan_draft (id, title, source_kind, source_name, source_plan_id, issuer_id, yaml, model, rewrite, version, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10)`,
      [
        id,
        d.title,
        d.sourceKind,
        d.sourceName,
        d.sourcePlanId ?? null,
        d.issuerId,
        d.yaml,
        JSON.stringify(d.model),
        JSON.stringify(d.rewrite ?? []),
        d.userId,
      ],
    );
    return (await this.find(id))!;
  }

  async find(id: string): Promise<PlanDraftRow | undefined> {
    const rows: PlanDraftRow[] = await this.ds.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE d.id = $1`, [id]);
    return rows[0];
  }

  /** The drafts a user made or that name one of `issuers`, newest change first (the content left out: a list). */
  async visibleTo(userId: string, issuers: string[], limit = 200): Promise<Omit<PlanDraftRow, 'yaml' | 'model'>[]> {
    const cols = COLUMNS.replace('d.yaml, d.model, ', '');
    return this.ds.query(
      `SELECT ${cols} FROM ${FROM} WHERE d.created_by = $1 OR d.issuer_id = ANY($2::text[]) ORDER BY d.updated_at DESC, d.id LIMIT $3`,
      [userId, issuers, limit],
    );
  }

  /**
   * Saves the content when the draft is still at `version` (and not started): one version higher, `updatedBy` the
   * user. Otherwise nothing is written and the draft as it is now comes back (`changed`), to say who changed it when.
   */
  async save(id: string, version: number, c: PlanDraftContent, userId: string): Promise<DraftSave> {
    // A CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
    const rows: { id: string }[] = await this.ds.query(
      `WITH u AS (UPDATE plan_draft SET title = $3, issuer_id = $4, yaml = $5, model = $6, version = version + 1, updated_by = $7, updated_at = now()
       WHERE id = $1 AND version = $2 AND started_plan_id IS NULL RETURNING id) SELECT id FROM u`,
      [id, version, c.title, c.issuerId, c.yaml, JSON.stringify(c.model), userId],
    );
    const now = await this.find(id);
    if (!now) return { missing: true };
    return rows.length ? { saved: now } : { changed: now };
  }

  /** Marks the draft started as `planId` (once); false when it was started already. */
  async markStarted(id: string, planId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `WITH u AS (UPDATE plan_draft SET started_plan_id = $2, started_at = now(), updated_by = $3, updated_at = now(), version = version + 1
       WHERE id = $1 AND started_plan_id IS NULL RETURNING id) SELECT id FROM u`,
      [id, planId, userId],
    );
    return rows.length > 0;
  }

  async delete(id: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`WITH d AS (DELETE FROM plan_draft WHERE id = $1 RETURNING id) SELECT id FROM d`, [id]);
    return rows.length > 0;
  }

  /** Keeps the plan file a plan was loaded from (the first one kept stays). */
  async keepPlanFile(planId: string, fileName: string, text: string): Promise<void> {
    await this.ds.query(`INSERT INTO plan_file (plan_id, file_name, text) VALUES ($1, $2, $3) ON CONFLICT (plan_id) DO NOTHING`, [
      planId,
      fileName,
      text,
    ]);
  }

  async planFile(planId: string): Promise<{ fileName: string; text: string } | undefined> {
    const rows: { fileName: string; text: string }[] = await this.ds.query(
      `SELECT file_name AS "fileName", text FROM plan_file WHERE plan_id = $1`,
      [planId],
    );
    return rows[0];
  }
}
