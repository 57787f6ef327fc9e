import type { DataSource, EntityManager } from 'typeorm';
import type { WriteBatch } from '../write-batch.js';

export type LinkAction = 'approve' | 'reject' | 'submit';

/** What the worker writes with a mail that carries action links (the raw reference goes only into the mail). */
export interface NewActionLink {
  refHash: string;
  mailKey: string;
  planId: string;
  stepId: string;
  action: LinkAction;
  roleKey: string;
  unitId: string | null;
  toAddress: string;
  expiresAt: Date;
  /** For an approval or return link: the evidence version it was mailed with (null: not bound). */
  evidenceVersion?: number | null;
}

export interface ActionLinkRow extends NewActionLink {
  createdAt: Date;
  usedAt: Date | null;
  usedBy: string | null;
  expired: boolean;
}

export interface Refusal {
  kind: 'action' | 'sign-in';
  reason: string;
  refHash?: string | null;
  userId?: string | null;
  planId?: string | null;
  stepId?: string | null;
  detail?: string | null;
}

const LINK_COLUMNS = `ref_hash AS "refHash", mail_key AS "mailKey", plan_id AS "planId", step_id AS "stepId", action, role_key AS "roleKey", unit_id AS "unitId",
  to_address AS "toAddress", expires_at AS "expiresAt", evidence_version AS "evidenceVersion", created_at AS "createdAt", used_at AS "usedAt", used_by AS "usedBy", expires_at <= now() AS expired`;

export class ActionLinkRepository {
  constructor(private readonly ds: DataSource) {}

  /** In the caller's transaction, with the mail; a reference already stored (the same mail again) is left as it is. */
  async insert(m: EntityManager, links: NewActionLink[]): Promise<void> {
    for (const l of links) {
      await m.query(
        `INSERT INTO action_link (ref_hash, mail_key, plan_id, step_id, action, role_key, unit_id, to_address, expires_at, evidence_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (ref_hash) DO NOTHING`,
        [l.refHash, l.mailKey, l.planId, l.stepId, l.action, l.roleKey, l.unitId, l.toAddress, l.expiresAt, l.evidenceVersion ?? null],
      );
    }
  }

  /** `insert`, added to the caller's batch: all the links in one INSERT, sent with the transition's other writes. */
  insertInto(batch: WriteBatch, links: NewActionLink[]): void {
    if (!links.length) return;
    const rows = links.map(
      (l) =>
        `(${[l.refHash, l.mailKey, l.planId, l.stepId, l.action, l.roleKey, l.unitId, l.toAddress, l.expiresAt, l.evidenceVersion ?? null].map((v) => batch.param(v)).join(', ')})`,
    );
    batch.add(
      `INSERT INTO action_link (ref_hash, mail_key, plan_id, step_id, action, role_key, unit_id, to_address, expires_at, evidence_version)
       VALUES ${rows.join(', ')} ON CONFLICT (ref_hash) DO NOTHING`,
    );
  }

  async find(refHash: string, m: EntityManager = this.ds.manager): Promise<ActionLinkRow | undefined> {
    const rows: ActionLinkRow[] = await m.query(`SELECT ${LINK_COLUMNS} FROM action_link WHERE ref_hash = $1`, [refHash]);
    return rows[0];
  }

  /**
   * Runs `act` holding the link's row lock: a second POST of the same link waits, then finds it used. The link is
   * marked used only when `act` returns `used: true`; anything thrown rolls the mark back.
   */
  async use<T>(
    refHash: string,
    act: (link: ActionLinkRow) => Promise<{ used: boolean; result: T }>,
    userId: string,
  ): Promise<{ link?: ActionLinkRow; result?: T }> {
    return this.ds.transaction(async (m) => {
      const rows: ActionLinkRow[] = await m.query(`SELECT ${LINK_COLUMNS} FROM action_link WHERE ref_hash = $1 FOR UPDATE`, [refHash]);
      const link = rows[0];
      if (!link) return {};
      const { used, result } = await act(link);
      if (used) await m.query(`UPDATE action_link SET used_at = now(), used_by = $2 WHERE ref_hash = $1`, [refHash, userId]);
      return { link, result };
    });
  }

  /** The log of every refused use; append-only for the app role. */
  async refuse(r: Refusal): Promise<void> {
    await this.ds.query(
      `INSERT INTO action_refusal (kind, reason, ref_hash, user_id, plan_id, step_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [r.kind, r.reason, r.refHash ?? null, r.userId ?? null, r.planId ?? null, r.stepId ?? null, r.detail ?? null],
    );
  }
}
