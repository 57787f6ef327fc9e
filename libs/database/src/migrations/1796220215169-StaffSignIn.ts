import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (checked against the entities by `migration:generate`): staff users and their roles per plan,
 * one-time sign-in tokens and sessions (only SHA-256 hashes of the secrets are kept), the action links of mails
 * and the log of refused uses. Grants for the app role follow the tables.
 */
export class StaffSignIn1796220215169 implements MigrationInterface {
  name = 'StaffSignIn1796220215169';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "action_link" ("ref_hash" text NOT NULL, "mail_key" text NOT NULL, "plan_id" text NOT NULL, "step_id" text NOT NULL, "action" text NOT NULL, "role_key" text NOT NULL, "unit_id" text, "to_address" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "used_by" uuid, CONSTRAINT "PK_5b1e27591dd91f7f11b0c221cd4" PRIMARY KEY ("ref_hash"))`,
    );
    await q.query(`CREATE INDEX "action_link_step_idx" ON "action_link"  ("plan_id", "step_id") `);
    await q.query(
      `CREATE TABLE "action_refusal" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ref_hash" text, "kind" text NOT NULL, "reason" text NOT NULL, "user_id" uuid, "plan_id" text, "step_id" text, "detail" text, CONSTRAINT "PK_f3cf9ea2f04fbff11730a840896" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "staff_user" ("id" uuid NOT NULL, "email" text NOT NULL, "display_name" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "staff_user_email_uq" UNIQUE ("email"), CONSTRAINT "PK_cec9365d9fc3a3409158b645f2e" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "sign_in_token" ("token_hash" text NOT NULL, "user_id" uuid NOT NULL, "next_path" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_8a45ba229483af449f610814472" PRIMARY KEY ("token_hash"))`,
    );
    await q.query(`CREATE INDEX "sign_in_token_user_idx" ON "sign_in_token"  ("user_id", "created_at") `);
    await q.query(
      `CREATE TABLE "staff_membership" ("user_id" uuid NOT NULL, "plan_id" text NOT NULL, "role_key" text NOT NULL, "unit_id" text NOT NULL DEFAULT '', "source" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ced144f8c49e31bf93f4a3ee0b2" PRIMARY KEY ("user_id", "plan_id", "role_key", "unit_id"))`,
    );
    await q.query(
      `CREATE TABLE "staff_session" ("id_hash" text NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f44973af631c506740b78c569cb" PRIMARY KEY ("id_hash"))`,
    );
    await q.query(
      `ALTER TABLE "sign_in_token" ADD CONSTRAINT "sign_in_token_user_fk" FOREIGN KEY ("user_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "staff_membership" ADD CONSTRAINT "staff_membership_user_fk" FOREIGN KEY ("user_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "staff_session" ADD CONSTRAINT "staff_session_user_fk" FOREIGN KEY ("user_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // The api and the worker run as dondoc_app (AppRole1796190000000). Nobody deletes a sign-in, a session, a link or a
    // refusal: they are marked used or ended and kept; the refusal log is append-only. Memberships may be taken back.
    await q.query(
      `REVOKE ALL ON "staff_user", "staff_membership", "sign_in_token", "staff_session", "action_link", "action_refusal" FROM dondoc_app`,
    );
    await q.query(`GRANT SELECT, INSERT, UPDATE ON "staff_user", "sign_in_token", "staff_session", "action_link" TO dondoc_app`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON "staff_membership" TO dondoc_app`);
    await q.query(`GRANT SELECT, INSERT ON "action_refusal" TO dondoc_app`);
    await q.query(`GRANT USAGE, SELECT ON SEQUENCE "action_refusal_id_seq" TO dondoc_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "staff_session" DROP CONSTRAINT "staff_session_user_fk"`);
    await q.query(`ALTER TABLE "staff_membership" DROP CONSTRAINT "staff_membership_user_fk"`);
    await q.query(`ALTER TABLE "sign_in_token" DROP CONSTRAINT "sign_in_token_user_fk"`);
    await q.query(`DROP TABLE "staff_session"`);
    await q.query(`DROP TABLE "staff_membership"`);
    await q.query(`DROP INDEX "public"."sign_in_token_user_idx"`);
    await q.query(`DROP TABLE "sign_in_token"`);
    await q.query(`DROP TABLE "staff_user"`);
    await q.query(`DROP TABLE "action_refusal"`);
    await q.query(`DROP INDEX "public"."action_link_step_idx"`);
    await q.query(`DROP TABLE "action_link"`);
  }
}
