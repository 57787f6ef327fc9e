import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StepInstances1796184790872 implements MigrationInterface {
  name = 'StepInstances1796184790872';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "step" ADD "spec_step_id" text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "step" ADD "unit_id" text`);
    await q.query(`ALTER TABLE "step" ADD "period" text`);
    // Written by hand: rows from before instances were plain steps.
    await q.query(`UPDATE "step" SET "spec_step_id" = "step_id" WHERE "spec_step_id" = ''`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "step" DROP COLUMN "period"`);
    await q.query(`ALTER TABLE "step" DROP COLUMN "unit_id"`);
    await q.query(`ALTER TABLE "step" DROP COLUMN "spec_step_id"`);
  }
}
