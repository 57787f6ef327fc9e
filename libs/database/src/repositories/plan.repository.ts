import type { DataSource, EntityManager } from 'typeorm';
import type { PlanClock, PlanSpec } from '#libs/domain/src/index.js';
import { StaffRepository } from './staff.repository.js';

export interface PlanRow {
  id: string;
  number: string;
  title: string;
  year: number;
  issuerName: string;
  spec: PlanSpec;
  clock: PlanClock | null;
  runStartedAt: Date | null;
  loadedAt: Date;
}

const PLAN_COLUMNS = `id, number, title, year, issuer_name AS "issuerName", spec, clock, run_started_at AS "runStartedAt", loaded_at AS "loadedAt"`;

export class PlanRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Loads a plan and its roles unless a plan with that id is already loaded; returns whether it was inserted. The
   * holders of its roles become staff users with those roles, so they can sign in.
   */
  async insertIfAbsent(spec: PlanSpec): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const rows: unknown[] = await m.query(
        `INSERT INTO plan (id, number, title, year, issuer_name, spec) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [spec.id, spec.number, spec.title, spec.year, spec.issuer.name, JSON.stringify(spec)],
      );
      if (!rows.length) return false;
      for (const r of Object.values(spec.roles)) {
        await m.query(`INSERT INTO plan_role (plan_id, role_key, title, person, email, supervisor) VALUES ($1, $2, $3, $4, $5, $6)`, [
          spec.id,
          r.key,
          r.title,
          r.person,
          r.email,
          r.supervisor ?? null,
        ]);
      }
      await new StaffRepository(this.ds).addPlanHolders(m, spec);
      return true;
    });
  }

  async list(): Promise<PlanRow[]> {
    return this.ds.query(`SELECT ${PLAN_COLUMNS} FROM plan ORDER BY year DESC, id`);
  }

  async find(planId: string, m: EntityManager = this.ds.manager): Promise<PlanRow | undefined> {
    const rows: PlanRow[] = await m.query(`SELECT ${PLAN_COLUMNS} FROM plan WHERE id = $1`, [planId]);
    return rows[0];
  }

  async lock(m: EntityManager, planId: string): Promise<PlanRow | undefined> {
    const rows: PlanRow[] = await m.query(`SELECT ${PLAN_COLUMNS} FROM plan WHERE id = $1 FOR UPDATE`, [planId]);
    return rows[0];
  }

  async markRunStarted(m: EntityManager, planId: string, clock: PlanClock): Promise<void> {
    await m.query(`UPDATE plan SET clock = $2, run_started_at = now() WHERE id = $1`, [planId, JSON.stringify(clock)]);
  }
}
