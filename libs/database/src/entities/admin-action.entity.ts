import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What administrators did: an API token made or revoked, a person made administrator or no longer, by whom (a user of
 * the web app, or the CLI) and when. Append-only for the app role.
 */
@Entity('admin_action')
@Index('admin_action_at_idx', ['at'])
export class AdminActionEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'admin_action_pk' }) id: string;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
  /** `user` (an administrator signed in to the web app) or `cli`. */
  @Column('text', { name: 'actor_kind' }) actorKind: string;
  @Column('uuid', { name: 'user_id', nullable: true }) userId: string | null;
  /** token_create, token_revoke, admin_grant, admin_revoke. */
  @Column('text') action: string;
  /** What it was done to: the token's id, the person's e-mail. */
  @Column('text') target: string;
  /** The rest, e.g. a token's name, unit, plan and expiry (never the token itself). */
  @Column('jsonb', { default: () => "'{}'" }) detail: Record<string, unknown>;
}
