import type { DataSource, EntityManager } from 'typeorm';

export interface AdminAction {
  /** `user`: an administrator in the web app (userId says who); `cli`: the command line. */
  actorKind: 'user' | 'cli';
  userId?: string | null;
  action: 'token_create' | 'token_revoke' | 'admin_grant' | 'admin_revoke';
  target: string;
  detail?: Record<string, unknown>;
}

export interface AdminActionRow extends Required<AdminAction> {
  id: string;
  at: Date;
}

/** The log of administrators' acts; append-only for the app role. */
export class AdminActionRepository {
  constructor(private readonly ds: DataSource) {}

  async record(a: AdminAction, m: EntityManager = this.ds.manager): Promise<void> {
    await m.query(`INSERT INTO admin_action (actor_kind, user_id, action, target, detail) VALUES ($1, $2, $3, $4, $5)`, [
      a.actorKind,
      a.userId ?? null,
      a.action,
      a.target,
      JSON.stringify(a.detail ?? {}),
    ]);
  }

  /** The latest acts first. */
  async latest(limit: number): Promise<AdminActionRow[]> {
    return this.ds.query(
      `SELECT id, at, actor_kind AS "actorKind", user_id AS "userId", action, target, detail FROM admin_action ORDER BY at DESC, id DESC LIMIT $1`,
      [limit],
    );
  }
}
