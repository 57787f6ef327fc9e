import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { localDateOf, roleHolders, type Membership, type PlanSpec } from '#libs/domain/src/index.js';

export interface StaffUserRow {
  id: string;
  email: string;
  displayName: string;
  active: boolean;
}

export interface MembershipRow extends Membership {
  planId: string;
  source: string;
  /** Held through a delegation (ủy quyền) on the date asked about: the delegation and whose role it is. */
  delegation?: { id: string; fromUserId: string; fromName: string; fromEmail: string };
}

/** A delegation (ủy quyền) of a role for a period, with both people. */
export interface DelegationRow {
  id: string;
  planId: string;
  roleKey: string;
  unitId: string | null;
  fromUserId: string;
  fromName: string;
  fromEmail: string;
  toUserId: string;
  toName: string;
  toEmail: string;
  validFrom: string;
  validTo: string;
  reason: string;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Who held a seat (a role, in a village) and when. */
export interface HoldingRow {
  userId: string;
  email: string;
  displayName: string;
  roleKey: string;
  unitId: string | null;
  source: string;
  validFrom: Date;
  validTo: Date | null;
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
    await m.query(`INSERT INTO staff_user (id, email, display_name) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING`, [
      randomUUID(),
      address,
      displayName.trim(),
    ]);
    return (await this.findByEmail(address, m))!;
  }

  async rename(email: string, displayName: string): Promise<boolean> {
    const [, n]: [unknown[], number] = await this.ds.query(`UPDATE staff_user SET display_name = $2 WHERE email = $1`, [
      normaliseEmail(email),
      displayName.trim(),
    ]);
    return n > 0;
  }

  async findByEmail(email: string, m: EntityManager = this.ds.manager): Promise<StaffUserRow | undefined> {
    const rows: StaffUserRow[] = await m.query(`SELECT ${USER_COLUMNS} FROM staff_user WHERE email = $1`, [normaliseEmail(email)]);
    return rows[0];
  }

  /** Whether an active user is an administrator of the web app (read per request, so taking it back counts at once). */
  async isAdmin(userId: string): Promise<boolean> {
    const rows: { admin: boolean }[] = await this.ds.query(`SELECT admin FROM staff_user WHERE id = $1 AND active`, [userId]);
    return rows[0]?.admin === true;
  }

  /** Makes a user an administrator of the web app, or no longer; false when it already was so. */
  async setAdmin(email: string, admin: boolean, m: EntityManager = this.ds.manager): Promise<boolean> {
    const [, n]: [unknown[], number] = await m.query(`UPDATE staff_user SET admin = $2 WHERE email = $1 AND admin <> $2`, [
      normaliseEmail(email),
      admin,
    ]);
    return n > 0;
  }

  async setActive(email: string, active: boolean): Promise<boolean> {
    const [, n]: [unknown[], number] = await this.ds.query(`UPDATE staff_user SET active = $2 WHERE email = $1`, [
      normaliseEmail(email),
      active,
    ]);
    return n > 0;
  }

  /** Gives a role; returns 1 when it is new, 0 when the user held it already. */
  async grant(
    m: EntityManager,
    userId: string,
    planId: string,
    roleKey: string,
    unitId: string | null,
    source: 'plan' | 'admin',
  ): Promise<number> {
    const rows: unknown[] = await m.query(
      `INSERT INTO staff_membership (user_id, plan_id, role_key, unit_id, source) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, plan_id, role_key, unit_id) WHERE valid_to IS NULL DO NOTHING RETURNING user_id`,
      [userId, planId, roleKey, unitId ?? '', source],
    );
    return rows.length;
  }

  /** Takes a role back from now on: the holding is closed (valid_to), never deleted, so who acted when stays known. */
  async revoke(userId: string, planId: string, roleKey: string, unitId: string | null): Promise<boolean> {
    const [, n]: [unknown[], number] = await this.ds.query(
      `UPDATE staff_membership SET valid_to = now() WHERE user_id = $1 AND plan_id = $2 AND role_key = $3 AND unit_id = $4 AND valid_to IS NULL`,
      [userId, planId, roleKey, unitId ?? ''],
    );
    return n > 0;
  }

  /**
   * The roles a user holds now, and with `planId` also the roles delegated to them that are in force on `date`
   * (a Vietnam date, default today), each marked with its delegation.
   */
  async memberships(userId: string, planId?: string, date: string = localDateOf(new Date())): Promise<MembershipRow[]> {
    const held: MembershipRow[] = await this.ds.query(
      `SELECT ${MEMBERSHIP_COLUMNS} FROM staff_membership WHERE user_id = $1 AND valid_to IS NULL AND ($2::text IS NULL OR plan_id = $2) ORDER BY plan_id, role_key, unit_id`,
      [userId, planId ?? null],
    );
    if (!planId) return held;
    const delegated = (await this.delegations({ toUserId: userId, planId, on: date })).map((d): MembershipRow => ({
      planId: d.planId,
      roleKey: d.roleKey,
      unitId: d.unitId,
      source: 'delegation',
      delegation: { id: d.id, fromUserId: d.fromUserId, fromName: d.fromName, fromEmail: d.fromEmail },
    }));
    return [...held, ...delegated.filter((d) => !held.some((h) => h.roleKey === d.roleKey && h.unitId === d.unitId))];
  }

  /** The people holding each seat of a plan now (active users), by name: `roleKey` and `unitId` ('' for the whole plan). */
  async currentHolders(planId: string): Promise<{ roleKey: string; unitId: string; displayName: string }[]> {
    return this.ds.query(
      `SELECT m.role_key AS "roleKey", m.unit_id AS "unitId", u.display_name AS "displayName"
       FROM staff_membership m JOIN staff_user u ON u.id = m.user_id
       WHERE m.plan_id = $1 AND m.valid_to IS NULL AND u.active ORDER BY m.role_key, m.unit_id, u.display_name`,
      [planId],
    );
  }

  /** The name of who holds a seat now (a village seat's own holder before the commune-wide one), or null. */
  async holderName(planId: string, roleKey: string, unitId: string | null): Promise<string | null> {
    const [h] = await this.ds.query<{ name: string }[]>(
      `SELECT u.display_name AS name FROM staff_membership m JOIN staff_user u ON u.id = m.user_id
       WHERE m.plan_id = $1 AND m.role_key = $2 AND (m.unit_id = '' OR m.unit_id = $3) AND m.valid_to IS NULL AND u.active
       ORDER BY m.unit_id DESC, u.display_name LIMIT 1`,
      [planId, roleKey, unitId ?? ''],
    );
    return h?.name ?? null;
  }

  /** Who held a seat at an instant (the latest holding that had begun and not ended), or undefined. */
  async holderAt(planId: string, roleKey: string, unitId: string | null, at: Date): Promise<HoldingRow | undefined> {
    return (await this.holdings(planId, roleKey, unitId, at))[0];
  }

  /** The holdings of a seat, the latest first; with `at`, only those in force then. */
  async holdings(planId: string, roleKey: string, unitId: string | null, at?: Date): Promise<HoldingRow[]> {
    return this.ds.query(
      `SELECT u.id AS "userId", u.email, u.display_name AS "displayName", m.role_key AS "roleKey", NULLIF(m.unit_id, '') AS "unitId", m.source,
         m.valid_from AS "validFrom", m.valid_to AS "validTo"
       FROM staff_membership m JOIN staff_user u ON u.id = m.user_id
       WHERE m.plan_id = $1 AND m.role_key = $2 AND m.unit_id = $3 AND ($4::timestamptz IS NULL OR (m.valid_from <= $4 AND (m.valid_to IS NULL OR m.valid_to > $4)))
       ORDER BY m.valid_from DESC, m.id DESC`,
      [planId, roleKey, unitId ?? '', at ?? null],
    );
  }

  /** Records a delegation; the caller has checked that `fromUserId` holds the role. */
  async addDelegation(d: {
    planId: string;
    roleKey: string;
    unitId: string | null;
    fromUserId: string;
    toUserId: string;
    validFrom: string;
    validTo: string;
    reason: string;
    createdBy: string;
  }): Promise<string> {
    const id = randomUUID();
    await this.ds.query(
      `INSERT INTO role_delegation (id, plan_id, role_key, unit_id, from_user_id, to_user_id, valid_from, valid_to, reason, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [id, d.planId, d.roleKey, d.unitId ?? '', d.fromUserId, d.toUserId, d.validFrom, d.validTo, d.reason.trim(), d.createdBy],
    );
    return id;
  }

  /** Ends a delegation now (it stays recorded). */
  async revokeDelegation(id: string): Promise<boolean> {
    const [, n]: [unknown[], number] = await this.ds.query(
      `UPDATE role_delegation SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`,
      [id],
    );
    return n > 0;
  }

  /** Delegations, the latest first; `on`: only those in force on that Vietnam date: not revoked, and the giver still active and holding the role. */
  async delegations(f: { planId?: string; toUserId?: string; on?: string } = {}): Promise<DelegationRow[]> {
    return this.ds.query(
      `SELECT d.id, d.plan_id AS "planId", d.role_key AS "roleKey", NULLIF(d.unit_id, '') AS "unitId",
         d.from_user_id AS "fromUserId", fu.display_name AS "fromName", fu.email AS "fromEmail",
         d.to_user_id AS "toUserId", tu.display_name AS "toName", tu.email AS "toEmail",
         to_char(d.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(d.valid_to, 'YYYY-MM-DD') AS "validTo", d.reason, d.created_by AS "createdBy",
         d.created_at AS "createdAt", d.revoked_at AS "revokedAt"
       FROM role_delegation d JOIN staff_user fu ON fu.id = d.from_user_id JOIN staff_user tu ON tu.id = d.to_user_id
       WHERE ($1::text IS NULL OR d.plan_id = $1) AND ($2::uuid IS NULL OR d.to_user_id = $2)
         AND ($3::date IS NULL OR (d.revoked_at IS NULL AND d.valid_from <= $3 AND d.valid_to >= $3 AND fu.active
           AND EXISTS (SELECT 1 FROM staff_membership m WHERE m.user_id = d.from_user_id AND m.plan_id = d.plan_id AND m.role_key = d.role_key AND m.unit_id = d.unit_id AND m.valid_to IS NULL)))
       ORDER BY d.created_at DESC, d.id`,
      [f.planId ?? null, f.toUserId ?? null, f.on ?? null],
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
  async list(): Promise<(StaffUserRow & { admin: boolean; memberships: MembershipRow[] })[]> {
    const users: (StaffUserRow & { admin: boolean })[] = await this.ds.query(
      `SELECT ${USER_COLUMNS}, admin FROM staff_user ORDER BY email`,
    );
    return Promise.all(users.map(async (u) => ({ ...u, memberships: await this.memberships(u.id) })));
  }

  /**
   * Stores a sign-in token unless the user already had `max` of them within `window`: the check and the insert run
   * under a lock on the user, so parallel requests cannot exceed the cap. Returns whether it was stored.
   */
  async addSignInToken(
    t: { userId: string; tokenHash: string; nextPath: string | null; ttlMs: number },
    cap: { max: number; windowMs: number },
  ): Promise<boolean> {
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
  async signIn(
    tokenHash: string,
    session: { idHash: string; ttlMs: number },
  ): Promise<{ userId: string; nextPath: string | null } | { refused: TokenRefusal; userId?: string }> {
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
      await m.query(`INSERT INTO staff_session (id_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`, [
        session.idHash,
        t.userId,
        session.ttlMs / 1000,
      ]);
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
