import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counts per assignee (role) and unit kept like the status roll-up, rebuilt here from the step rows; a version per
 * status roll-up row that every step change moves (the status API's ETag); an index to page a plan's steps in item order.
 */
export class RollupVersionByAssignee1796221124294 implements MigrationInterface {
  name = 'RollupVersionByAssignee1796221124294';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "assignee_rollup" ("plan_id" text NOT NULL, "assignee" text NOT NULL, "unit_id" text NOT NULL, "bucket" text NOT NULL, "count" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_89f70aa8bcab548b552b40b5ddc" PRIMARY KEY ("plan_id", "assignee", "unit_id", "bucket"))`,
    );
    await q.query(
      `INSERT INTO "assignee_rollup" ("plan_id", "assignee", "unit_id", "bucket", "count")
       SELECT plan_id, assignee, coalesce(unit_id, ''), bucket, count(*) FROM "step" GROUP BY 1, 2, 3, 4`,
    );
    await q.query(`ALTER TABLE "status_rollup" ADD "version" bigint NOT NULL DEFAULT '0'`);
    await q.query(`CREATE INDEX "step_plan_item_idx" ON "step"  ("plan_id", "item_id", "step_id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."step_plan_item_idx"`);
    await q.query(`ALTER TABLE "status_rollup" DROP COLUMN "version"`);
    await q.query(`DROP TABLE "assignee_rollup"`);
  }
}
