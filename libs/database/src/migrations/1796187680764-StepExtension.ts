import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StepExtension1796187680764 implements MigrationInterface {
  name = 'StepExtension1796187680764';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "step" ADD "extended_due_date" date`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "step" DROP COLUMN "extended_due_date"`);
  }
}
