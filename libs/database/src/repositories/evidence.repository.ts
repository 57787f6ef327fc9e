import { createHash, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

/** What the API and the audit log say about an evidence file; the bytes are read only for a download. */
export interface EvidenceFileMeta {
  id: string;
  planId: string;
  stepId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: Date;
}

const META = `id, plan_id AS "planId", step_id AS "stepId", name, content_type AS "contentType", size, sha256, uploaded_by AS "uploadedBy", uploaded_at AS "uploadedAt"`;

export class EvidenceRepository {
  constructor(private readonly ds: DataSource) {}

  /** Stores one uploaded file for a step; returns its metadata (the id is what a submission refers to). */
  async store(f: {
    planId: string;
    stepId: string;
    name: string;
    contentType: string;
    data: Buffer;
    uploadedBy: string;
  }): Promise<EvidenceFileMeta> {
    const sha256 = createHash('sha256').update(f.data).digest('hex');
    const rows: EvidenceFileMeta[] = await this.ds.query(
      `INSERT INTO evidence_file (id, plan_id, step_id, name, content_type, size, sha256, data, uploaded_by) VALUES ($9, $1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${META}`,
      [f.planId, f.stepId, f.name, f.contentType, f.data.length, sha256, f.data, f.uploadedBy, randomUUID()],
    );
    return rows[0];
  }

  /** The files of a step among `ids` (ids of other steps or unknown ids are left out). */
  async forStep(planId: string, stepId: string, ids: string[], m: EntityManager = this.ds.manager): Promise<EvidenceFileMeta[]> {
    const uuids = ids.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
    if (!uuids.length) return [];
    const rows: EvidenceFileMeta[] = await m.query(
      `SELECT ${META} FROM evidence_file WHERE plan_id = $1 AND step_id = $2 AND id = ANY($3::uuid[])`,
      [planId, stepId, uuids],
    );
    return uuids.map((id) => rows.find((r) => r.id === id)).filter((r): r is EvidenceFileMeta => !!r);
  }

  async listForStep(planId: string, stepId: string): Promise<EvidenceFileMeta[]> {
    return this.ds.query(`SELECT ${META} FROM evidence_file WHERE plan_id = $1 AND step_id = $2 ORDER BY uploaded_at, id`, [
      planId,
      stepId,
    ]);
  }

  /** How many files each step of a plan has (steps without files are left out). */
  async countByStep(planId: string): Promise<Map<string, number>> {
    const rows: { stepId: string; n: number }[] = await this.ds.query(
      `SELECT step_id AS "stepId", count(*)::int AS n FROM evidence_file WHERE plan_id = $1 GROUP BY step_id`,
      [planId],
    );
    return new Map(rows.map((r) => [r.stepId, r.n]));
  }

  async read(planId: string, stepId: string, id: string): Promise<(EvidenceFileMeta & { data: Buffer }) | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const rows: (EvidenceFileMeta & { data: Buffer })[] = await this.ds.query(
      `SELECT ${META}, data FROM evidence_file WHERE plan_id = $1 AND step_id = $2 AND id = $3`,
      [planId, stepId, id],
    );
    return rows[0];
  }
}
