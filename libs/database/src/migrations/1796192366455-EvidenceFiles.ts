import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Evidence files (bytes in PostgreSQL, not in Temporal) and each submission's versioned evidence in the audit log. */
export class EvidenceFiles1796192366455 implements MigrationInterface {
  name = 'EvidenceFiles1796192366455';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "evidence_file" ("id" uuid NOT NULL, "plan_id" text NOT NULL, "step_id" text NOT NULL, "name" text NOT NULL, "content_type" text NOT NULL, "size" integer NOT NULL, "sha256" text NOT NULL, "data" bytea NOT NULL, "uploaded_by" text NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f54e0261bc7f0350c7eae30736a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "evidence_file_step_idx" ON "evidence_file"  ("plan_id", "step_id") `);
    await q.query(`ALTER TABLE "step_event" ADD "evidence" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "step_event" DROP COLUMN "evidence"`);
    await q.query(`DROP INDEX "public"."evidence_file_step_idx"`);
    await q.query(`DROP TABLE "evidence_file"`);
  }
}
