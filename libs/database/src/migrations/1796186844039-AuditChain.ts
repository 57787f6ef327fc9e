import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditChain1796186844039 implements MigrationInterface {
  name = 'AuditChain1796186844039';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "step_event" ADD "prev_hash" text`);
    await q.query(`ALTER TABLE "step_event" ADD "hash" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "step_event" DROP COLUMN "hash"`);
    await q.query(`ALTER TABLE "step_event" DROP COLUMN "prev_hash"`);
  }
}
