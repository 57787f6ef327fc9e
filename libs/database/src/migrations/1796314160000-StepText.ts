import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Notes and reasons of people's changes to steps, referenced from Temporal by id (StepTextEntity); append-only for the app. */
export class StepText1796314160000 implements MigrationInterface {
  name = 'StepText1796314160000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "step_text" ("id" uuid NOT NULL, "plan_id" text NOT NULL, "step_id" text NOT NULL, "kind" text NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_step_text_id" PRIMARY KEY ("id"))`,
    );
    await q.query(`REVOKE ALL ON "step_text" FROM dondoc_app`);
    await q.query(`GRANT SELECT, INSERT ON "step_text" TO dondoc_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "step_text"`);
  }
}
