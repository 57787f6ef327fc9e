import type { DataSource } from 'typeorm';

export interface AccessRefusal {
  principalKind: 'user' | 'role' | 'token';
  userId?: string | null;
  tokenId?: string | null;
  roleKey?: string | null;
  method: string;
  route: string;
  action?: string | null;
  planId?: string | null;
  stepId?: string | null;
  code: string;
  reason: string;
}

/** The log of API requests refused for who asked; append-only for the app role. */
export class AccessRefusalRepository {
  constructor(private readonly ds: DataSource) {}

  async record(r: AccessRefusal): Promise<void> {
    await this.ds.query(
      `INSERT INTO access_refusal (principal_kind, user_id, token_id, role_key, method, route, action, plan_id, step_id, code, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        r.principalKind,
        r.userId ?? null,
        r.tokenId ?? null,
        r.roleKey ?? null,
        r.method,
        r.route,
        r.action ?? null,
        r.planId ?? null,
        r.stepId ?? null,
        r.code,
        r.reason,
      ],
    );
  }
}
