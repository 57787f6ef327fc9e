import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand: the least-privilege role the api and the worker run as (createDataSource's `role`, APP_DB_ROLE).
 * It reads and writes every table except the audit trail, to which it may only append: UPDATE, DELETE and TRUNCATE
 * on step_event are refused by the grant itself, before the append-only trigger is reached. It reads the migration
 * table and changes no schema.
 *
 * Roles belong to the whole cluster, not to one database: the role is created only when absent (several databases
 * may migrate at once on one server), the user that migrates becomes a member so that its connections may switch to
 * it, and `down` revokes this database's grants but keeps the role. Creating the role takes CREATEROLE (or a
 * superuser); without it the migration stops and says so.
 *
 * Default privileges cover the tables and sequences later migrations create, as long as the same user runs them.
 * A later migration that adds an audit table, or recreates step_event, must revoke UPDATE, DELETE, TRUNCATE again.
 */
export class AppRole1796190000000 implements MigrationInterface {
  name = 'AppRole1796190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dondoc_app') THEN
          BEGIN
            CREATE ROLE dondoc_app NOLOGIN;
          EXCEPTION
            WHEN duplicate_object OR unique_violation THEN NULL; -- another database of this server created it meanwhile
            WHEN insufficient_privilege THEN
              RAISE EXCEPTION 'cannot create role dondoc_app: the user that migrates (%) has neither CREATEROLE nor SUPERUSER', current_user
                USING ERRCODE = 'insufficient_privilege',
                      HINT = format('as a superuser run ALTER ROLE %I CREATEROLE; (or CREATE ROLE dondoc_app NOLOGIN; GRANT dondoc_app TO %I;), then migrate again', current_user, current_user);
          END;
        END IF;
      END $$`);
    // Connections of the migrating user switch to the role with `-c role=dondoc_app`: that takes membership with the
    // SET option (PostgreSQL 16+; before 16, membership). A superuser may switch anyway; granting it is harmless.
    await q.query(`DO $$
      DECLARE may_set boolean;
      BEGIN
        IF current_setting('server_version_num')::int >= 160000 THEN
          may_set := pg_has_role(current_user, 'dondoc_app', 'SET');
        ELSE
          may_set := pg_has_role(current_user, 'dondoc_app', 'MEMBER');
        END IF;
        IF NOT may_set THEN
          BEGIN
            GRANT dondoc_app TO CURRENT_USER;
          EXCEPTION
            WHEN duplicate_object OR unique_violation THEN NULL; -- granted meanwhile by another database's migration
            WHEN insufficient_privilege OR invalid_grant_operation THEN
              RAISE EXCEPTION 'cannot make % a member of role dondoc_app: %', current_user, SQLERRM
                USING ERRCODE = 'insufficient_privilege',
                      HINT = format('as a superuser run GRANT dondoc_app TO %I;, then migrate again', current_user);
          END;
        END IF;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO dondoc_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO dondoc_app`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO dondoc_app`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "step_event" FROM dondoc_app`);
    await q.query(`REVOKE ALL ON "schema_migrations" FROM dondoc_app`);
    await q.query(`GRANT SELECT ON "schema_migrations" TO dondoc_app`);
    await q.query(`DO $$
      DECLARE seq text := pg_get_serial_sequence('schema_migrations', 'id');
      BEGIN
        IF seq IS NOT NULL THEN EXECUTE format('REVOKE ALL ON SEQUENCE %s FROM dondoc_app', seq); END IF;
      END $$`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO dondoc_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO dondoc_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The role itself stays: other databases on the server may use it.
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM dondoc_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM dondoc_app`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM dondoc_app`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM dondoc_app`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM dondoc_app`);
  }
}
