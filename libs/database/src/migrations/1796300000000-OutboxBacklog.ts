import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The mails not yet sent, by age: /health reports the outbox backlog from it. */
export class OutboxBacklog1796300000000 implements MigrationInterface {
  name = 'OutboxBacklog1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "mail_outbox_unsent_idx" ON "mail_outbox" ("created_at") WHERE "status" <> 'sent'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."mail_outbox_unsent_idx"`);
  }
}
