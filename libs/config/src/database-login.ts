import { createHmac } from 'node:crypto';

/**
 * The login role the api and the worker connect as: not a superuser, no BYPASSRLS, owning nothing; it holds the
 * grants of migration AppRole (read and write the tables, append to the audit trail). Migrations run as the owner
 * (DATABASE_URL), which provisions this login (libs/database provisionAppLogin).
 */
export const APP_LOGIN_USER = 'dondoc_app';

/** Its password, derived from APP_SECRET (HMAC-SHA256), so the launcher, `migrate` and the apps agree without storing it. */
export const appLoginPassword = (secret: string): string =>
  createHmac('sha256', secret).update('dondoc/database-login/dondoc_app/v1').digest('base64url');

/** DATABASE_URL (the owner's) with the app's login and its derived password: the same server, database and options. */
export function appLoginUrl(databaseUrl: string, secret: string): string {
  const u = new URL(databaseUrl);
  u.username = APP_LOGIN_USER;
  u.password = appLoginPassword(secret);
  return u.toString();
}
