import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand: the api and the worker now log in as dondoc_app itself (libs/database provisionAppLogin), so its
 * grants are all they have, `RESET ROLE` included. On a step row it may change only the columns a transition writes
 * (state, dates, seq, assignee, extended due date) and delete none: the plan, the parties and the due dates of a step
 * are fixed when its run starts. The audit trail stays append-only (AppRole revoked UPDATE, DELETE, TRUNCATE).
 */
export class AppLoginGrants1796314159500 implements MigrationInterface {
  name = 'AppLoginGrants1796314159500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "step" FROM dondoc_app`);
    await q.query(
      `GRANT UPDATE ("state", "overdue", "bucket", "submitted_at", "submitted_at_plan", "completed_at", "completed_at_plan", "seq", "assignee", "extended_due_date", "updated_at") ON "step" TO dondoc_app`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `REVOKE UPDATE ("state", "overdue", "bucket", "submitted_at", "submitted_at_plan", "completed_at", "completed_at_plan", "seq", "assignee", "extended_due_date", "updated_at") ON "step" FROM dondoc_app`,
    );
    await q.query(`GRANT UPDATE, DELETE ON "step" TO dondoc_app`);
  }
}
