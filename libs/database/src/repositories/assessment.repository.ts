import type { DataSource, EntityManager } from 'typeorm';

/** Evidence an officer attaches to an indicator: a file uploaded to the assessment's step, or a link to a document. */
export type AssessmentEvidence = { kind: 'file'; fileId: string; name: string } | { kind: 'link'; url: string; label: string | null };

export interface AssessmentRow {
  planId: string;
  assessmentId: string;
  unitId: string;
  year: number;
  criteriaSet: string;
  communeClass: string;
  values: Record<string, number | boolean | null>;
  evidence: Record<string, AssessmentEvidence[]>;
  stepId: string;
  version: number;
  submittedScore: unknown;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `plan_id AS "planId", assessment_id AS "assessmentId", unit_id AS "unitId", year, criteria_set AS "criteriaSet",
  commune_class AS "communeClass", values, evidence, step_id AS "stepId", version, submitted_score AS "submittedScore",
  created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

export class AssessmentRepository {
  constructor(private readonly ds: DataSource) {}

  /** Writes a new assessment; false when the plan already has one with that id (the caller holds the plan's lock). */
  async insert(
    m: EntityManager,
    a: Pick<
      AssessmentRow,
      'planId' | 'assessmentId' | 'unitId' | 'year' | 'criteriaSet' | 'communeClass' | 'stepId' | 'createdBy' | 'values'
    >,
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO assessment (plan_id, assessment_id, unit_id, year, criteria_set, commune_class, step_id, created_by, values)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (plan_id, assessment_id) DO NOTHING RETURNING assessment_id`,
      [a.planId, a.assessmentId, a.unitId, a.year, a.criteriaSet, a.communeClass, a.stepId, a.createdBy, JSON.stringify(a.values)],
    );
    return rows.length > 0;
  }

  async find(planId: string, assessmentId: string, m: EntityManager = this.ds.manager): Promise<AssessmentRow | undefined> {
    const rows: AssessmentRow[] = await m.query(`SELECT ${COLUMNS} FROM assessment WHERE plan_id = $1 AND assessment_id = $2`, [
      planId,
      assessmentId,
    ]);
    return rows[0];
  }

  async lock(m: EntityManager, planId: string, assessmentId: string): Promise<AssessmentRow | undefined> {
    const rows: AssessmentRow[] = await m.query(`SELECT ${COLUMNS} FROM assessment WHERE plan_id = $1 AND assessment_id = $2 FOR UPDATE`, [
      planId,
      assessmentId,
    ]);
    return rows[0];
  }

  async list(planId: string): Promise<AssessmentRow[]> {
    return this.ds.query(`SELECT ${COLUMNS} FROM assessment WHERE plan_id = $1 ORDER BY year, assessment_id`, [planId]);
  }

  /** Every assessment of the given plans (the monitoring body's view), newest year first. */
  async forPlans(planIds: string[], year?: number): Promise<AssessmentRow[]> {
    if (!planIds.length) return [];
    return this.ds.query(
      `SELECT ${COLUMNS} FROM assessment WHERE plan_id = ANY($1) AND ($2::int IS NULL OR year = $2) ORDER BY year DESC, unit_id, plan_id`,
      [planIds, year ?? null],
    );
  }

  /** The commune's assessment of an earlier year in any plan, for the comparison. */
  async previous(unitId: string, year: number): Promise<AssessmentRow | undefined> {
    const rows: AssessmentRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM assessment WHERE unit_id = $1 AND year < $2 ORDER BY year DESC, updated_at DESC LIMIT 1`,
      [unitId, year],
    );
    return rows[0];
  }

  /** Replaces the values and evidence; the version counts the saves (the caller holds the row's lock). */
  async save(
    m: EntityManager,
    planId: string,
    assessmentId: string,
    values: AssessmentRow['values'],
    evidence: AssessmentRow['evidence'],
  ): Promise<number> {
    const rows: { version: number }[] = await m.query(
      `UPDATE assessment SET values = $3, evidence = $4, version = version + 1, updated_at = now() WHERE plan_id = $1 AND assessment_id = $2 RETURNING version`,
      [planId, assessmentId, JSON.stringify(values), JSON.stringify(evidence)],
    );
    return rows[0].version;
  }

  /** Freezes the computed score the officer submitted for approval. */
  async freezeScore(m: EntityManager, planId: string, assessmentId: string, score: unknown): Promise<void> {
    await m.query(`UPDATE assessment SET submitted_score = $3, updated_at = now() WHERE plan_id = $1 AND assessment_id = $2`, [
      planId,
      assessmentId,
      JSON.stringify(score),
    ]);
  }
}
