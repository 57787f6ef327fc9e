import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventHashV1, type ChainRow } from '../audit-chain.js';

/**
 * Written by hand: people in the audit, and a chain nobody can extend without the key.
 *
 * - step_event gains `acted_by` (who acted beside the role: person, token or system) and `chain_version` (1: plain
 *   SHA-256 of the events written so far, marked so they still verify; 2: HMAC with the audit key, everything written
 *   from now on). An event recorded before the chain existed (NULL hash) is chained now as v1, its step's chain
 *   recomputed in order (v1 is unkeyed, so this changes no guarantee). Then every event must carry a hash: NOT NULL and a
 *   CHECK on its shape, and a trigger refuses an inserted event that is not v2.
 * - staff_membership keeps its history: a role given has `valid_from`, a role taken back `valid_to` (revoking no longer
 *   deletes), so "who held the role on a date" can be answered; only one current holding per seat.
 * - role_delegation: a holder hands a role to another person for a period (ủy quyền), with a reason.
 */
export class AuditPeople1796317171717 implements MigrationInterface {
  name = 'AuditPeople1796317171717';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "step_event" ADD "acted_by" jsonb`);
    await q.query(`ALTER TABLE "step_event" ADD "chain_version" smallint NOT NULL DEFAULT 1`);
    await this.chainUnhashed(q);
    await q.query(`ALTER TABLE "step_event" ALTER COLUMN "chain_version" DROP DEFAULT`);
    await q.query(`ALTER TABLE "step_event" ALTER COLUMN "hash" SET NOT NULL`);
    await q.query(
      `ALTER TABLE "step_event" ADD CONSTRAINT "step_event_hash_chk" CHECK ("hash" ~ '^[0-9a-f]{64}$' AND "chain_version" IN (1, 2))`,
    );
    await q.query(`CREATE FUNCTION step_event_keyed_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.chain_version IS DISTINCT FROM 2 THEN
          RAISE EXCEPTION 'step_event: a new event must be chained with the audit key (chain_version 2, got %)', NEW.chain_version USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER step_event_keyed_only BEFORE INSERT ON "step_event" FOR EACH ROW EXECUTE FUNCTION step_event_keyed_only()`,
    );

    await q.query(`ALTER TABLE "staff_membership" ADD "id" BIGSERIAL NOT NULL`);
    await q.query(`ALTER TABLE "staff_membership" ADD "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE "staff_membership" ADD "valid_to" TIMESTAMP WITH TIME ZONE`);
    await q.query(`UPDATE "staff_membership" SET "valid_from" = "created_at"`);
    await q.query(`ALTER TABLE "staff_membership" DROP CONSTRAINT "PK_ced144f8c49e31bf93f4a3ee0b2"`);
    await q.query(`ALTER TABLE "staff_membership" ADD CONSTRAINT "staff_membership_pkey" PRIMARY KEY ("id")`);
    await q.query(
      `CREATE UNIQUE INDEX "staff_membership_current_uq" ON "staff_membership" ("user_id", "plan_id", "role_key", "unit_id") WHERE "valid_to" IS NULL`,
    );
    await q.query(`CREATE INDEX "staff_membership_seat_idx" ON "staff_membership" ("plan_id", "role_key", "unit_id")`);
    // The app closes a holding (revoke) but never rewrites or deletes who held what.
    await q.query(`GRANT UPDATE ("valid_to") ON "staff_membership" TO dondoc_app`);
    await q.query(`REVOKE DELETE ON "staff_membership" FROM dondoc_app`);
    await q.query(`DO $$
      DECLARE seq text := pg_get_serial_sequence('staff_membership', 'id');
      BEGIN EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %s TO dondoc_app', seq); END $$`);

    await q.query(`CREATE TABLE "role_delegation" ("id" uuid NOT NULL, "plan_id" text NOT NULL, "role_key" text NOT NULL, "unit_id" text NOT NULL DEFAULT '',
      "from_user_id" uuid NOT NULL, "to_user_id" uuid NOT NULL, "valid_from" date NOT NULL, "valid_to" date NOT NULL, "reason" text NOT NULL,
      "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "role_delegation_period_chk" CHECK ("valid_to" >= "valid_from"), CONSTRAINT "role_delegation_pkey" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "role_delegation_to_idx" ON "role_delegation" ("to_user_id", "plan_id")`);
    await q.query(
      `ALTER TABLE "role_delegation" ADD CONSTRAINT "role_delegation_from_fk" FOREIGN KEY ("from_user_id") REFERENCES "staff_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "role_delegation" ADD CONSTRAINT "role_delegation_to_fk" FOREIGN KEY ("to_user_id") REFERENCES "staff_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    // Default privileges gave the app every row right on the new table: it records and ends a delegation, nothing more.
    await q.query(`REVOKE ALL ON "role_delegation" FROM dondoc_app`);
    await q.query(`GRANT SELECT, INSERT ON "role_delegation" TO dondoc_app`);
    await q.query(`GRANT UPDATE ("revoked_at") ON "role_delegation" TO dondoc_app`);
  }

  /** Chains, as v1 and in order, the steps that hold an event recorded before the chain existed (a NULL hash). */
  private async chainUnhashed(q: QueryRunner): Promise<void> {
    const steps = (await q.query(`SELECT DISTINCT plan_id AS "planId", step_id AS "stepId" FROM step_event WHERE hash IS NULL`)) as {
      planId: string;
      stepId: string;
    }[];
    if (!steps.length) return;
    await q.query(`ALTER TABLE "step_event" DISABLE TRIGGER step_event_append_only`);
    for (const { planId, stepId } of steps) {
      const rows = (await q.query(
        `SELECT id, plan_id AS "planId", step_id AS "stepId", seq, kind, actor, note, at_plan AS "atPlan", evidence FROM step_event WHERE plan_id = $1 AND step_id = $2 ORDER BY seq`,
        [planId, stepId],
      )) as (ChainRow & { id: string })[];
      let prev: string | null = null;
      for (const r of rows) {
        const hash = eventHashV1(prev, r);
        await q.query(`UPDATE step_event SET prev_hash = $2, hash = $3, chain_version = 1 WHERE id = $1`, [r.id, prev, hash]);
        prev = hash;
      }
    }
    await q.query(`ALTER TABLE "step_event" ENABLE TRIGGER step_event_append_only`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "role_delegation"`);
    await q.query(`REVOKE UPDATE ("valid_to") ON "staff_membership" FROM dondoc_app`);
    await q.query(`GRANT DELETE ON "staff_membership" TO dondoc_app`);
    await q.query(`DROP INDEX "public"."staff_membership_seat_idx"`);
    await q.query(`DROP INDEX "public"."staff_membership_current_uq"`);
    // Closed holdings have no place in the old table (one row per seat): they go.
    await q.query(`DELETE FROM "staff_membership" WHERE "valid_to" IS NOT NULL`);
    await q.query(`ALTER TABLE "staff_membership" DROP CONSTRAINT "staff_membership_pkey"`);
    await q.query(
      `ALTER TABLE "staff_membership" ADD CONSTRAINT "PK_ced144f8c49e31bf93f4a3ee0b2" PRIMARY KEY ("user_id", "plan_id", "role_key", "unit_id")`,
    );
    await q.query(`ALTER TABLE "staff_membership" DROP COLUMN "valid_to"`);
    await q.query(`ALTER TABLE "staff_membership" DROP COLUMN "valid_from"`);
    await q.query(`ALTER TABLE "staff_membership" DROP COLUMN "id"`);
    await q.query(`DROP TRIGGER step_event_keyed_only ON "step_event"`);
    await q.query(`DROP FUNCTION step_event_keyed_only()`);
    await q.query(`ALTER TABLE "step_event" DROP CONSTRAINT "step_event_hash_chk"`);
    await q.query(`ALTER TABLE "step_event" ALTER COLUMN "hash" DROP NOT NULL`);
    await q.query(`ALTER TABLE "step_event" DROP COLUMN "chain_version"`);
    await q.query(`ALTER TABLE "step_event" DROP COLUMN "acted_by"`);
  }
}
