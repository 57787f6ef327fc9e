import pg from 'pg';
import type { DataSource } from 'typeorm';
import { APP_LOGIN_USER, ProvisionError } from '#libs/config/src/index.js';
import { APP_DB_ROLE, createDataSource } from './data-source.js';

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/** Whether `url` logs in (as a login role, with its password) and what it may do. */
async function tryLogin(url: string): Promise<{ ok: true; superuser: boolean } | { ok: false; error: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const r = await client.query<{ superuser: boolean }>(
      `SELECT rolsuper OR rolbypassrls AS superuser FROM pg_roles WHERE rolname = session_user`,
    );
    return { ok: true, superuser: !!r.rows[0]?.superuser };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Makes the app's role (created NOLOGIN by migration AppRole) a login with the password of `appUrl`, as the owner that
 * just migrated (`ownerUrl`): LOGIN, no superuser, no BYPASSRLS, no CREATEDB or CREATEROLE, owning nothing. Roles
 * belong to the whole server, so a login that already works with that password is left as it is; several databases
 * provisioning at once may meet "tuple concurrently updated" and try again. Only the user dondoc_app is provisioned:
 * a DATABASE_APP_URL with another user is the operator's own login.
 */
export async function provisionAppLogin(ownerUrl: string, appUrl: string): Promise<'ready' | 'provisioned' | 'operator-managed'> {
  const app = new URL(appUrl);
  if (decodeURIComponent(app.username) !== APP_LOGIN_USER) return 'operator-managed';
  const before = await tryLogin(appUrl);
  if (before.ok && !before.superuser) return 'ready';
  const password = decodeURIComponent(app.password);
  if (!password)
    throw new ProvisionError(
      'PostgreSQL',
      `the app's login ${redact(appUrl)} has no password`,
      'set APP_SECRET (the password is derived from it) or put a password in DATABASE_APP_URL',
    );
  const owner = new pg.Client({ connectionString: ownerUrl, connectionTimeoutMillis: 5000 });
  await owner.connect();
  try {
    const [{ su }] = (await owner.query(`SELECT rolsuper AS su FROM pg_roles WHERE rolname = current_user`)).rows as { su: boolean }[];
    // Only a superuser may name SUPERUSER, BYPASSRLS or REPLICATION; a role made by a CREATEROLE owner has none of them.
    const attrs = `LOGIN NOCREATEDB NOCREATEROLE${su ? ' NOSUPERUSER NOBYPASSRLS NOREPLICATION' : ''} PASSWORD ${owner.escapeLiteral(password)}`;
    for (let attempt = 1; ; attempt++) {
      try {
        await owner.query(`ALTER ROLE ${APP_LOGIN_USER} WITH ${attrs}`);
        break;
      } catch (err) {
        if (attempt < 5 && /concurrently/.test((err as Error).message)) {
          await new Promise((r) => setTimeout(r, 50 * attempt));
          continue;
        }
        throw new ProvisionError(
          'PostgreSQL',
          `cannot make ${APP_LOGIN_USER} a login role: ${(err as Error).message}`,
          `as a superuser run ALTER ROLE ${APP_LOGIN_USER} LOGIN PASSWORD '…'; and give the api and the worker DATABASE_APP_URL`,
        );
      }
    }
  } finally {
    await owner.end().catch(() => undefined);
  }
  const after = await tryLogin(appUrl);
  if (!after.ok) {
    throw new ProvisionError(
      'PostgreSQL',
      `the app's login ${redact(appUrl)} does not connect: ${after.error}`,
      `allow ${APP_LOGIN_USER} to connect in pg_hba.conf (password authentication), then start again`,
    );
  }
  return 'provisioned';
}

/**
 * The api and the worker refuse to run as a superuser (or a role that bypasses row security): `RESET ROLE` would undo
 * the app role's limits, the audit trail included.
 */
export async function assertNotSuperuser(ds: DataSource, who: string): Promise<void> {
  const rows: { user: string; superuser: boolean }[] = await ds.query(
    `SELECT session_user AS "user", rolsuper OR rolbypassrls AS superuser FROM pg_roles WHERE rolname = session_user`,
  );
  const r = rows[0];
  if (r?.superuser) {
    await ds.destroy().catch(() => undefined);
    throw new ProvisionError(
      who,
      `connects to PostgreSQL as ${r.user}, a superuser: it must run as a login role without superuser rights (${APP_LOGIN_USER})`,
      `set APP_SECRET (the login dondoc_app is then derived from DATABASE_URL) and run \`node dist/apps/launcher/src/main.js migrate\` as the owner, or set DATABASE_APP_URL`,
    );
  }
}

/** The data source of the api or the worker: the app's login (appDatabaseUrl), as the app role, never a superuser. */
export async function openAppDataSource(c: { databaseUrl: string; appDatabaseUrl?: string }, applicationName: string): Promise<DataSource> {
  const ds = await createDataSource(c.appDatabaseUrl ?? c.databaseUrl, { applicationName, role: APP_DB_ROLE }).initialize();
  await assertNotSuperuser(ds, applicationName);
  return ds;
}
