import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { newToken } from '../auth-tokens.js';

/** API tokens start with this, so that one pasted in the wrong place is recognised (and secret scanners find them). */
export const API_TOKEN_PREFIX = 'ddt_';

/** A new API token: the prefix and 256 random bits (base64url). Shown once; only its SHA-256 is stored. */
export const newApiToken = (): string => `${API_TOKEN_PREFIX}${newToken()}`;

export const isApiTokenShape = (raw: unknown): raw is string => typeof raw === 'string' && /^ddt_[A-Za-z0-9_-]{43}$/.test(raw);

export interface ApiTokenRow {
  id: string;
  name: string;
  unitId: string;
  planId: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export type ApiTokenRefusal = 'TOKEN_UNKNOWN' | 'TOKEN_REVOKED' | 'TOKEN_EXPIRED';

const TOKEN_COLUMNS = `id, name, unit_id AS "unitId", plan_id AS "planId", created_at AS "createdAt", expires_at AS "expiresAt", revoked_at AS "revokedAt", last_used_at AS "lastUsedAt"`;

/** Read-only API tokens of outside systems. Secrets arrive here hashed. */
export class ApiTokenRepository {
  constructor(private readonly ds: DataSource) {}

  async create(
    t: { name: string; tokenHash: string; unitId: string; planId: string | null; expiresAt: Date | null },
    m: EntityManager = this.ds.manager,
  ): Promise<ApiTokenRow> {
    const rows: ApiTokenRow[] = await m.query(
      `INSERT INTO api_token (id, name, token_hash, unit_id, plan_id, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${TOKEN_COLUMNS}`,
      [randomUUID(), t.name, t.tokenHash, t.unitId, t.planId, t.expiresAt],
    );
    return rows[0];
  }

  async list(): Promise<ApiTokenRow[]> {
    return this.ds.query(`SELECT ${TOKEN_COLUMNS} FROM api_token ORDER BY created_at, id`);
  }

  /** The tokens a CLI argument names: its id, or its name (which several may share). */
  async named(idOrName: string): Promise<ApiTokenRow[]> {
    return this.ds.query(`SELECT ${TOKEN_COLUMNS} FROM api_token WHERE id::text = $1 OR name = $1 ORDER BY created_at, id`, [idOrName]);
  }

  /** Marks a token revoked from now on; false when it was revoked already. */
  async revoke(id: string, m: EntityManager = this.ds.manager): Promise<boolean> {
    const [, n]: [unknown[], number] = await m.query(`UPDATE api_token SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [id]);
    return n > 0;
  }

  /**
   * The live token with this hash, its use noted (at most once a minute, so that reading the API does not write a
   * row per request); or why it is refused.
   */
  async use(tokenHash: string): Promise<{ token: ApiTokenRow } | { refused: ApiTokenRefusal; token?: ApiTokenRow }> {
    const rows: (ApiTokenRow & { expired: boolean })[] = await this.ds.query(
      `SELECT ${TOKEN_COLUMNS}, expires_at IS NOT NULL AND expires_at <= now() AS expired FROM api_token WHERE token_hash = $1`,
      [tokenHash],
    );
    const row = rows[0];
    if (!row) return { refused: 'TOKEN_UNKNOWN' };
    const { expired, ...token } = row;
    if (token.revokedAt) return { refused: 'TOKEN_REVOKED', token };
    if (expired) return { refused: 'TOKEN_EXPIRED', token };
    await this.ds.query(
      `UPDATE api_token SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [token.id],
    );
    return { token };
  }
}
