import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The roll-up is kept per plan run × item × unit × bucket; existing counts are rebuilt from the step rows. */
export class RollupByItemUnit1796192035306 implements MigrationInterface {
  name = 'RollupByItemUnit1796192035306';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "status_rollup"`);
    await q.query(`ALTER TABLE "status_rollup" DROP CONSTRAINT "PK_36630e86920bbaf6690a9dc9cca"`);
    await q.query(`ALTER TABLE "status_rollup" ADD "item_id" text NOT NULL`);
    await q.query(`ALTER TABLE "status_rollup" ADD "unit_id" text NOT NULL`);
    await q.query(
      `ALTER TABLE "status_rollup" ADD CONSTRAINT "PK_82b34247f49633538019222557b" PRIMARY KEY ("plan_id", "bucket", "item_id", "unit_id")`,
    );
    await q.query(
      `INSERT INTO "status_rollup" ("plan_id", "item_id", "unit_id", "bucket", "count")
       SELECT plan_id, item_id, coalesce(unit_id, ''), bucket, count(*) FROM "step" GROUP BY 1, 2, 3, 4`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "status_rollup"`);
    await q.query(`ALTER TABLE "status_rollup" DROP CONSTRAINT "PK_82b34247f49633538019222557b"`);
    await q.query(`ALTER TABLE "status_rollup" DROP COLUMN "unit_id"`);
    await q.query(`ALTER TABLE "status_rollup" DROP COLUMN "item_id"`);
    await q.query(`ALTER TABLE "status_rollup" ADD CONSTRAINT "PK_36630e86920bbaf6690a9dc9cca" PRIMARY KEY ("plan_id", "bucket")`);
    await q.query(`INSERT INTO "status_rollup" ("plan_id", "bucket", "count") SELECT plan_id, bucket, count(*) FROM "step" GROUP BY 1, 2`);
  }
}
