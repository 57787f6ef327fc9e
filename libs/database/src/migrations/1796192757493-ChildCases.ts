import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Child-abuse case reports, and the case id on the step rows a report starts. */
export class ChildCases1796192757493 implements MigrationInterface {
  name = 'ChildCases1796192757493';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "child_case" ("plan_id" text NOT NULL, "case_id" text NOT NULL, "unit_id" text, "summary" text NOT NULL, "reported_by" text NOT NULL, "reported_at_plan" TIMESTAMP WITH TIME ZONE NOT NULL, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c028ac8a06f9249688a6c2b913d" PRIMARY KEY ("plan_id", "case_id"))`,
    );
    await q.query(`ALTER TABLE "step" ADD "case_id" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "step" DROP COLUMN "case_id"`);
    await q.query(`DROP TABLE "child_case"`);
  }
}
