import type { DataSource } from 'typeorm';
import { SESSION_TTL_MS } from '../../apps/api/src/auth/session.js';
import { API_CSRF_PURPOSE } from '../../apps/api/src/auth/access.service.js';
import { formToken, hashToken, newToken, StaffRepository } from '#libs/database/src/index.js';

/**
 * A session of a staff user, made as the mailed sign-in link makes one (a sign-in token stored, then used); returns
 * the session token, the value of the `dondoc_session` cookie. The sign-in pages themselves are tested elsewhere.
 */
export async function sessionOf(ds: DataSource, email: string): Promise<string> {
  const staff = new StaffRepository(ds);
  const user = await staff.findByEmail(email);
  if (!user) throw new Error(`no staff user ${email}`);
  const link = newToken();
  const session = newToken();
  await staff.addSignInToken({ userId: user.id, tokenHash: hashToken(link), nextPath: null, ttlMs: 60_000 }, { max: 100, windowMs: 1 });
  const signedIn = await staff.signIn(hashToken(link), { idHash: hashToken(session), ttlMs: SESSION_TTL_MS });
  if ('refused' in signedIn) throw new Error(`sign-in of ${email} refused: ${signedIn.refused}`);
  return session;
}

/** The Cookie header of that session. */
export const sessionCookie = async (ds: DataSource, email: string): Promise<string> => `dondoc_session=${await sessionOf(ds, email)}`;

/**
 * The X-CSRF-Token header a write with this session's cookie must carry (the token GET /api/v1/me hands the web
 * app); `cookie` is the Cookie header (`dondoc_session=…`) or the bare session token.
 */
export const csrfHeader = (cookie: string): { 'x-csrf-token': string } => ({
  'x-csrf-token': formToken(/(?:^|;\s*)dondoc_session=([^;]+)/.exec(cookie)?.[1] ?? cookie, API_CSRF_PURPOSE),
});
