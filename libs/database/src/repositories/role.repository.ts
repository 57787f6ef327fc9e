import type { DataSource, EntityManager } from 'typeorm';

export interface RoleRow {
  roleKey: string;
  title: string;
  person: string;
  email: string;
  supervisor: string | null;
}

export class RoleRepository {
  constructor(private readonly ds: DataSource) {}

  async forPlan(planId: string, m: EntityManager = this.ds.manager): Promise<Map<string, RoleRow>> {
    const rows: RoleRow[] = await m.query(
      `SELECT role_key AS "roleKey", title, person, email, supervisor FROM plan_role WHERE plan_id = $1`,
      [planId],
    );
    return new Map(rows.map((r) => [r.roleKey, r]));
  }
}
