import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An approval or return link is bound to the evidence version it was mailed with: after a return and a new
 * submission the old link no longer acts (its page says so). NULL: a link of a mail that carries no evidence (submit
 * links) or one minted before this migration.
 */
export class ActionLinkEvidence1796314159000 implements MigrationInterface {
  name = 'ActionLinkEvidence1796314159000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "action_link" ADD "evidence_version" integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "action_link" DROP COLUMN "evidence_version"`);
  }
}
