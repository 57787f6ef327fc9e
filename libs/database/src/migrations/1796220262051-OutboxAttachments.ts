import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbox mails carry their plan (whose office is told when one cannot be delivered) and their attachments (.ics). */
export class OutboxAttachments1796220262051 implements MigrationInterface {
  name = 'OutboxAttachments1796220262051';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "mail_outbox" ADD "plan_id" text`);
    await q.query(`ALTER TABLE "mail_outbox" ADD "attachments" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "mail_outbox" DROP COLUMN "attachments"`);
    await q.query(`ALTER TABLE "mail_outbox" DROP COLUMN "plan_id"`);
  }
}
