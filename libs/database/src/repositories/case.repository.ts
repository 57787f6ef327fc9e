import type { DataSource, EntityManager } from 'typeorm';

export interface CaseRow {
  planId: string;
  caseId: string;
  unitId: string | null;
  summary: string;
  reportedBy: string;
  reportedAtPlan: Date;
  reportedAt: Date;
}

const CASE_COLUMNS = `plan_id AS "planId", case_id AS "caseId", unit_id AS "unitId", summary, reported_by AS "reportedBy", reported_at_plan AS "reportedAtPlan", reported_at AS "reportedAt"`;

export class CaseRepository {
  constructor(private readonly ds: DataSource) {}

  /** The next case id of a plan: VV01, VV02, … (the caller holds the plan row's lock). */
  async nextId(m: EntityManager, planId: string): Promise<string> {
    const rows: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM child_case WHERE plan_id = $1`, [planId]);
    return `VV${String(rows[0].n + 1).padStart(2, '0')}`;
  }

  async insert(m: EntityManager, c: Omit<CaseRow, 'reportedAt'>): Promise<void> {
    await m.query(
      `INSERT INTO child_case (plan_id, case_id, unit_id, summary, reported_by, reported_at_plan) VALUES ($1, $2, $3, $4, $5, $6)`,
      [c.planId, c.caseId, c.unitId, c.summary, c.reportedBy, c.reportedAtPlan],
    );
  }

  async find(planId: string, caseId: string): Promise<CaseRow | undefined> {
    const rows: CaseRow[] = await this.ds.query(`SELECT ${CASE_COLUMNS} FROM child_case WHERE plan_id = $1 AND case_id = $2`, [
      planId,
      caseId,
    ]);
    return rows[0];
  }

  async list(planId: string): Promise<CaseRow[]> {
    return this.ds.query(`SELECT ${CASE_COLUMNS} FROM child_case WHERE plan_id = $1 ORDER BY case_id`, [planId]);
  }
}
