import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (checked against the entities by `migration:generate`): read-only API tokens for outside systems
 * (only the SHA-256 of a token is kept) and the log of API requests refused for who asked. Grants for the app role
 * follow the tables: a token is made and revoked, and its last use noted, never changed otherwise or deleted; the
 * refusal log is append-only.
 */
export class ApiTokens1796222500000 implements MigrationInterface {
  name = 'ApiTokens1796222500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "access_refusal" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "principal_kind" text NOT NULL, "user_id" uuid, "token_id" uuid, "role_key" text, "method" text NOT NULL, "route" text NOT NULL, "action" text, "plan_id" text, "step_id" text, "code" text NOT NULL, "reason" text NOT NULL, CONSTRAINT "PK_a9f26be99711198dbe6fa6d5864" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "access_refusal_plan_idx" ON "access_refusal"  ("plan_id", "at") `);
    await q.query(
      `CREATE TABLE "api_token" ("id" uuid NOT NULL, "name" text NOT NULL, "token_hash" text NOT NULL, "unit_id" text NOT NULL, "plan_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "api_token_hash_uq" UNIQUE ("token_hash"), CONSTRAINT "PK_d862311c568d175c26f41bc6f98" PRIMARY KEY ("id"))`,
    );
    // The api and the CLI run as dondoc_app (AppRole1796190000000), whose default privileges would allow everything.
    await q.query(`REVOKE ALL ON "api_token", "access_refusal" FROM dondoc_app`);
    await q.query(`GRANT SELECT, INSERT ON "api_token" TO dondoc_app`);
    await q.query(`GRANT UPDATE ("revoked_at", "last_used_at") ON "api_token" TO dondoc_app`);
    await q.query(`GRANT SELECT, INSERT ON "access_refusal" TO dondoc_app`);
    await q.query(`GRANT USAGE, SELECT ON SEQUENCE "access_refusal_id_seq" TO dondoc_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "api_token"`);
    await q.query(`DROP INDEX "public"."access_refusal_plan_idx"`);
    await q.query(`DROP TABLE "access_refusal"`);
  }
}
