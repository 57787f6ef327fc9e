import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';

/**
 * A read-only API token of an outside system (the province's system, a dashboard): it reads the plans whose commune
 * lies in the subtree of its unit, and only its plan when it names one. The token is shown once by the CLI; this
 * table keeps its SHA-256. Revoked, never deleted.
 */
@Entity('api_token')
@Unique('api_token_hash_uq', ['tokenHash'])
export class ApiTokenEntity {
  /** Made by the application (randomUUID); `token list` and `token revoke` name tokens by it. */
  @PrimaryColumn('uuid') id: string;
  /** Who uses it, for people: "Hệ thống Sở Y tế". */
  @Column('text') name: string;
  @Column('text', { name: 'token_hash' }) tokenHash: string;
  /** The org unit (of the plan files) whose subtree it reads: a commune, a district, a province. */
  @Column('text', { name: 'unit_id' }) unitId: string;
  /** Only this plan, when set. */
  @Column('text', { name: 'plan_id', nullable: true }) planId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** Refused from this instant on; null: until revoked. */
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  /** When a request last came with it (kept to the minute). */
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt: Date | null;
}
