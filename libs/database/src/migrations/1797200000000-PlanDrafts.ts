import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand: plan drafts (a plan being written, from a signed document, a plan file or next year's clone of a
 * loaded plan) and the plan file each loaded plan came from (what "Lập kế hoạch năm sau" clones).
 *
 * - plan_draft: the draft as the plan file text (the exchange format) and as its JSON model, with a version that
 *   every save raises (a save with another version is refused: two people editing are told, not overwritten); who
 *   made and last changed it; once started, the plan it became.
 * - plan_file: the text of the plan file a plan was loaded from, one per plan.
 */
export class PlanDrafts1797200000000 implements MigrationInterface {
  name = 'PlanDrafts1797200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "plan_draft" (
        "id" uuid NOT NULL,
        "title" text NOT NULL,
        "source_kind" text NOT NULL,
        "source_name" text NOT NULL,
        "source_plan_id" text,
        "issuer_id" text,
        "yaml" text NOT NULL,
        "model" jsonb NOT NULL,
        "rewrite" jsonb NOT NULL DEFAULT '[]',
        "version" integer NOT NULL,
        "created_by" uuid NOT NULL,
        "updated_by" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "started_plan_id" text,
        "started_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_plan_draft_id" PRIMARY KEY ("id"),
        CONSTRAINT "plan_draft_source_chk" CHECK ("source_kind" IN ('document', 'plan_file', 'next_year')),
        CONSTRAINT "plan_draft_version_chk" CHECK ("version" >= 1),
        CONSTRAINT "plan_draft_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "staff_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION,
        CONSTRAINT "plan_draft_updated_by_fk" FOREIGN KEY ("updated_by") REFERENCES "staff_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
      )`,
    );
    await q.query(`CREATE INDEX "IDX_plan_draft_issuer" ON "plan_draft" ("issuer_id")`);
    await q.query(`CREATE INDEX "IDX_plan_draft_created_by" ON "plan_draft" ("created_by")`);
    await q.query(
      `CREATE TABLE "plan_file" ("plan_id" text NOT NULL, "file_name" text NOT NULL, "text" text NOT NULL,
        "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_plan_file_plan_id" PRIMARY KEY ("plan_id"),
        CONSTRAINT "plan_file_plan_fk" FOREIGN KEY ("plan_id") REFERENCES "plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "plan_draft", "plan_file" TO dondoc_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "plan_file"`);
    await q.query(`DROP TABLE "plan_draft"`);
  }
}
