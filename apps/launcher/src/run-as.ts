import { API_CSRF_PURPOSE, formToken, hashToken, newToken, type StaffRepository } from '#libs/database/src/index.js';
import { planManagers, type PlanSpec } from '#libs/domain/src/index.js';

/** Long enough for the one request the launcher sends with it. */
const SESSION_MS = 5 * 60_000;

/**
 * The API starts a run only for the plan's approver or chairman. The launcher holds the database, so it starts the
 * seed plan's run as one of them: it opens a short session of an active holder of the role (as a used sign-in link
 * would) and returns its cookie with the session's CSRF token (a write to /api/v1 by cookie needs it); undefined when no
 * manager is an active user any more.
 */
export async function managerSessionCookie(
  staff: StaffRepository,
  spec: PlanSpec,
): Promise<{ cookie: string; 'x-csrf-token': string } | undefined> {
  for (const key of [...planManagers(spec)].reverse()) {
    const role = spec.roles[key];
    const user = role && !role.fanOut ? await staff.findByEmail(role.email) : undefined;
    if (!user?.active) continue;
    const link = newToken();
    const session = newToken();
    await staff.addSignInToken(
      { userId: user.id, tokenHash: hashToken(link), nextPath: null, ttlMs: 60_000 },
      { max: Number.MAX_SAFE_INTEGER, windowMs: 1 },
    );
    const r = await staff.signIn(hashToken(link), { idHash: hashToken(session), ttlMs: SESSION_MS });
    if (!('refused' in r)) return { cookie: `dondoc_session=${session}`, 'x-csrf-token': formToken(session, API_CSRF_PURPOSE) };
  }
  return undefined;
}
