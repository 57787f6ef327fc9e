import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { roleHolders, type Membership, type PlanSpec } from '../../../domain/src/index.js';

export interface StaffUserRow {
  id: string;
  email: string;
  displayName: string;
  active: boolean;
}

export interface MembershipRow extends Membership {
  planId: string;
  source: string;
}

export interface SignedInUser extends StaffUserRow {
  sessionExpiresAt: Date;
}

export type TokenRefusal = 'unknown' | 'used' | 'expired' | 'inactive';

const USER_COLUMNS = `id, email, display_name AS "displayName", active`;
/** Memberships keep '' for "the whole plan" (a primary key column); callers see null. */
const MEMBERSHIP_COLUMNS = `plan_id AS "planId", role_key AS "roleKey", NULLIF(unit_id, '') AS "unitId", source`;

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** Staff users, their roles per plan, one-time sign-in tokens and sessions. Secrets arrive here hashed. */
export class StaffRepository {
  constructor(private readonly ds: DataSource) {}

  /** The holders of a plan's roles become users (by address) with those roles; what exists is left as it is. */
  async addPlanHolders(m: EntityManager, spec: Pick<PlanSpec, 'id' | 'roles' | 'orgUnits'>): Promise<number> {
    let added = 0;
    for (const h of roleHolders(spec)) {
      const user = await this.upsertUser(m, h.email, h.displayName);
      added += await this.grant(m, user.id, spec.id, h.roleKey, h.unitId, 'plan');
    }
    return added;
  }

  async countMembers(planId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.ds.query(`SELECT count(*)::int AS n FROM staff_membership WHERE plan_id = $1`, [planId]);
    return n;
  }

  /** A user by address: created when absent (active), otherwise returned as it is (a disabled one stays disabled). */
  async upsertUser(m: EntityManager, email: string, displayName: string): Promise<StaffUserRow> {
    const address = normaliseEmail(email);
    await m.query(`INSERT INTO staff_user (id, email, display_name) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING`, [randomUUID(), address, displayName.trim()]);
    return (await this.findByEmail(address, m))!;
  }

  async rename(email: string, displayName: string): Promise<boolean> {
    const [, n]: [unknown[], number] = await this.ds.query(`UPDATE staff_user SET display_name = $2 WHERE email = $1`, [normaliseEmail(email), displayName.trim()]);
    return n > 0;
  }

  async findByEmail(email: string, m: EntityManager = this.ds.manager): Promise<StaffUserRow | undefined> {
    const rows: StaffUserRow[] = await m.query(`SELECT ${USER_COLUMNS} FROM staff_user WHERE email = $1`, [normaliseEmail(email)]);
    return rows[0];
  }

  async setActive(email: string, active: boolean): Promise<boolean> {
    const [, n]: [unknown[], number] = await this.ds.query(`UPDATE staff_user SET active = $2 WHERE email = $1`, [normaliseEmail(email), active]);
    return n > 0;
  }

  /** Gives a role; returns 1 when it is new, 0 when the user held it already. */
  async grant(m: EntityManager, userId: string, planId: string, roleKey: string, unitId: string | null, source: 'plan' | 'admin'): Promise<number> {
    const rows: unknown[] = await m.query(
      `INSERT INTO staff_membership (user_id, plan_id, role_key, unit_id, source) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING user_id`,
      [userId, planId, roleKey, unitId ?? '', source],
    );
    return rows.length;
  }

  async revoke(userId: string, planId: string, roleKey: string, unitId: string | null): Promise<boolean> {
    const [, n]: [unknown[], number] = await this.ds.query(
      `DELETE FROM staff_membership WHERE user_id = $1 AND plan_id = $2 AND role_key = $3 AND unit_id = $4`,
      [userId, planId, roleKey, unitId ?? ''],
    );
    return n > 0;
  }

  async memberships(userId: string, planId?: string): Promise<MembershipRow[]> {
    return this.ds.query(
      `SELECT ${MEMBERSHIP_COLUMNS} FROM staff_membership WHERE user_id = $1 AND ($2::text IS NULL OR plan_id = $2) ORDER BY plan_id, role_key, unit_id`,
      [userId, planId ?? null],
    );
  }

  /**
   * The roles in a plan of each person who holds `roleKey` there (a village role: in `unitId`), one list per person:
   * separation of duties asks whether the approver's holder also holds the role a step would be given to.
   */
  async membershipsOfHolders(planId: string, roleKey: string, unitId: string | null): Promise<MembershipRow[][]> {
    const rows: (MembershipRow & { userId: string })[] = await this.ds.query(
      `SELECT user_id AS "userId", ${MEMBERSHIP_COLUMNS} FROM staff_membership WHERE plan_id = $1 AND user_id IN (
         SELECT h.user_id FROM staff_membership h JOIN staff_user u ON u.id = h.user_id
         WHERE h.plan_id = $1 AND h.role_key = $2 AND (h.unit_id = '' OR h.unit_id = $3) AND u.active)
       ORDER BY user_id, role_key, unit_id`,
      [planId, roleKey, unitId ?? ''],
    );
    const by = new Map<string, MembershipRow[]>();
    for (const { userId, ...m } of rows) by.set(userId, [...(by.get(userId) ?? []), m]);
    return [...by.values()];
  }

  /** Every user with their roles, for the admin CLI. */
  async list(): Promise<(StaffUserRow & { memberships: MembershipRow[] })[]> {
    const users: StaffUserRow[] = await this.ds.query(`SELECT ${USER_COLUMNS} FROM staff_user ORDER BY email`);
    return Promise.all(users.map(async (u) => ({ ...u, memberships: await this.memberships(u.id) })));
  }

  /**
   * Stores a sign-in token unless the user already had `max` of them within `window`: the check and the insert run
   * under a lock on the user, so parallel requests cannot exceed the cap. Returns whether it was stored.
   */
  async addSignInToken(t: { userId: string; tokenHash: string; nextPath: string | null; ttlMs: number }, cap: { max: number; windowMs: number }): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT id FROM staff_user WHERE id = $1 FOR UPDATE`, [t.userId]);
      const [{ n }]: { n: number }[] = await m.query(
        `SELECT count(*)::int AS n FROM sign_in_token WHERE user_id = $1 AND created_at > now() - make_interval(secs => $2)`,
        [t.userId, cap.windowMs / 1000],
      );
      if (n >= cap.max) return false;
      await m.query(
        `INSERT INTO sign_in_token (token_hash, user_id, next_path, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
        [t.tokenHash, t.userId, t.nextPath, t.ttlMs / 1000],
      );
      return true;
    });
  }

  /** Checks a sign-in token without using it. */
  async peekSignInToken(tokenHash: string): Promise<{ ok: true } | { refused: TokenRefusal }> {
    const rows: { usedAt: Date | null; expired: boolean; active: boolean }[] = await this.ds.query(
      `SELECT t.used_at AS "usedAt", t.expires_at <= now() AS expired, u.active FROM sign_in_token t JOIN staff_user u ON u.id = t.user_id WHERE t.token_hash = $1`,
      [tokenHash],
    );
    const t = rows[0];
    if (!t) return { refused: 'unknown' };
    if (t.usedAt) return { refused: 'used' };
    if (t.expired) return { refused: 'expired' };
    if (!t.active) return { refused: 'inactive' };
    return { ok: true };
  }

  /**
   * Uses a sign-in token once and opens a session for its user, in one transaction: of two requests with the same
   * token, one signs in and the other is told it is used.
   */
  async signIn(tokenHash: string, session: { idHash: string; ttlMs: number }): Promise<{ userId: string; nextPath: string | null } | { refused: TokenRefusal; userId?: string }> {
    return this.ds.transaction(async (m) => {
      const rows: { userId: string; nextPath: string | null; usedAt: Date | null; expired: boolean; active: boolean }[] = await m.query(
        `SELECT t.user_id AS "userId", t.next_path AS "nextPath", t.used_at AS "usedAt", t.expires_at <= now() AS expired, u.active
         FROM sign_in_token t JOIN staff_user u ON u.id = t.user_id WHERE t.token_hash = $1 FOR UPDATE OF t`,
        [tokenHash],
      );
      const t = rows[0];
      if (!t) return { refused: 'unknown' as const };
      if (t.usedAt) return { refused: 'used' as const, userId: t.userId };
      if (t.expired) return { refused: 'expired' as const, userId: t.userId };
      if (!t.active) return { refused: 'inactive' as const, userId: t.userId };
      await m.query(`UPDATE sign_in_token SET used_at = now() WHERE token_hash = $1`, [tokenHash]);
      await m.query(`INSERT INTO staff_session (id_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`, [session.idHash, t.userId, session.ttlMs / 1000]);
      return { userId: t.userId, nextPath: t.nextPath };
    });
  }

  /** The user of a live session: not ended, not expired, the user still active. */
  async sessionUser(idHash: string): Promise<SignedInUser | undefined> {
    const rows: SignedInUser[] = await this.ds.query(
      `SELECT u.id, u.email, u.display_name AS "displayName", u.active, s.expires_at AS "sessionExpiresAt"
       FROM staff_session s JOIN staff_user u ON u.id = s.user_id
       WHERE s.id_hash = $1 AND s.ended_at IS NULL AND s.expires_at > now() AND u.active`,
      [idHash],
    );
    return rows[0];
  }

  async endSession(idHash: string): Promise<void> {
    await this.ds.query(`UPDATE staff_session SET ended_at = now() WHERE id_hash = $1 AND ended_at IS NULL`, [idHash]);
  }
}
