import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1796181232401 implements MigrationInterface {
  name = 'InitialSchema1796181232401';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "mail_outbox" ("idempotency_key" text NOT NULL, "message_id" text NOT NULL, "template" text NOT NULL, "to_address" text NOT NULL, "subject" text NOT NULL, "html" text NOT NULL, "text" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_3c364b2c15ecfabf0b12e8b18a2" UNIQUE ("message_id"), CONSTRAINT "PK_13dc5f898f467c89c384c1dc6d3" PRIMARY KEY ("idempotency_key"))`,
    );
    await q.query(
      `CREATE TABLE "plan_role" ("plan_id" text NOT NULL, "role_key" text NOT NULL, "title" text NOT NULL, "person" text NOT NULL, "email" text NOT NULL, "supervisor" text, CONSTRAINT "PK_17c848a351c0781631e155da44b" PRIMARY KEY ("plan_id", "role_key"))`,
    );
    await q.query(
      `CREATE TABLE "plan" ("id" text NOT NULL, "number" text NOT NULL, "title" text NOT NULL, "year" integer NOT NULL, "issuer_name" text NOT NULL, "spec" jsonb NOT NULL, "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "clock" jsonb, "run_started_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_54a2b686aed3b637654bf7ddbb3" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "status_rollup" ("plan_id" text NOT NULL, "bucket" text NOT NULL, "count" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_36630e86920bbaf6690a9dc9cca" PRIMARY KEY ("plan_id", "bucket"))`,
    );
    await q.query(
      `CREATE TABLE "step_event" ("id" BIGSERIAL NOT NULL, "plan_id" text NOT NULL, "step_id" text NOT NULL, "seq" integer NOT NULL, "kind" text NOT NULL, "actor" text, "note" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "at_plan" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "step_event_seq_uq" UNIQUE ("plan_id", "step_id", "seq"), CONSTRAINT "PK_8131bdfdebcd2e0502729db2a8b" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "step" ("plan_id" text NOT NULL, "step_id" text NOT NULL, "item_id" text NOT NULL, "title" text NOT NULL, "assignee" text NOT NULL, "approver" text, "start_date" date, "due_date" date NOT NULL, "due_at_plan" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at_real" TIMESTAMP WITH TIME ZONE NOT NULL, "state" text NOT NULL, "overdue" boolean NOT NULL DEFAULT false, "bucket" text NOT NULL, "workflow_id" text NOT NULL, "seq" integer NOT NULL DEFAULT '0', "submitted_at" TIMESTAMP WITH TIME ZONE, "submitted_at_plan" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "completed_at_plan" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_64143a78984787aa328ce690cc0" PRIMARY KEY ("plan_id", "step_id"))`,
    );
    await q.query(`CREATE INDEX "step_plan_bucket_idx" ON "step"  ("plan_id", "bucket") `);
    // Written by hand: the audit trail is append-only.
    await q.query(`CREATE FUNCTION step_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'step_event is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation'; END $$`);
    await q.query(
      `CREATE TRIGGER step_event_append_only BEFORE UPDATE OR DELETE ON "step_event" FOR EACH ROW EXECUTE FUNCTION step_event_append_only()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER step_event_append_only ON "step_event"`);
    await q.query(`DROP FUNCTION step_event_append_only()`);
    await q.query(`DROP INDEX "public"."step_plan_bucket_idx"`);
    await q.query(`DROP TABLE "step"`);
    await q.query(`DROP TABLE "step_event"`);
    await q.query(`DROP TABLE "status_rollup"`);
    await q.query(`DROP TABLE "plan"`);
    await q.query(`DROP TABLE "plan_role"`);
    await q.query(`DROP TABLE "mail_outbox"`);
  }
}
