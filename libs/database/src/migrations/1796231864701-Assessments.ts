import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Child-friendly commune self-assessments (QĐ 06/QĐ-TTg), and the assessment id on the step each is drafted in. */
export class Assessments1796231864701 implements MigrationInterface {
  name = 'Assessments1796231864701';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "assessment" ("plan_id" text NOT NULL, "assessment_id" text NOT NULL, "unit_id" text NOT NULL, "year" integer NOT NULL, "criteria_set" text NOT NULL, "commune_class" text NOT NULL, "values" jsonb NOT NULL DEFAULT '{}', "evidence" jsonb NOT NULL DEFAULT '{}', "step_id" text NOT NULL, "version" integer NOT NULL DEFAULT '0', "submitted_score" jsonb, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8d07182745ad72337c0fe8f3800" PRIMARY KEY ("plan_id", "assessment_id"))`,
    );
    await q.query(`ALTER TABLE "step" ADD "assessment_id" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "step" DROP COLUMN "assessment_id"`);
    await q.query(`DROP TABLE "assessment"`);
  }
}
