import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (as the entities say): administrators of the web app are staff users flagged with the CLI
 * (`staff_user.admin`, off for everyone), and what administrators do is logged in `admin_action`, append-only for the
 * app role (it may add a row and read them, never change or delete one).
 */
export class WebAdmins1797100000000 implements MigrationInterface {
  name = 'WebAdmins1797100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "staff_user" ADD "admin" boolean NOT NULL DEFAULT false`);
    await q.query(
      `CREATE TABLE "admin_action" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_kind" text NOT NULL, "user_id" uuid, "action" text NOT NULL, "target" text NOT NULL, "detail" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "admin_action_pk" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "admin_action_at_idx" ON "admin_action" ("at") `);
    // The api and the CLI run as dondoc_app (AppRole1796190000000), whose default privileges would allow everything.
    await q.query(`REVOKE ALL ON "admin_action" FROM dondoc_app`);
    await q.query(`GRANT SELECT, INSERT ON "admin_action" TO dondoc_app`);
    await q.query(`GRANT USAGE, SELECT ON SEQUENCE "admin_action_id_seq" TO dondoc_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."admin_action_at_idx"`);
    await q.query(`DROP TABLE "admin_action"`);
    await q.query(`ALTER TABLE "staff_user" DROP COLUMN "admin"`);
  }
}
