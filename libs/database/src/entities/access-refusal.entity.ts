import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Every request of the API refused for who asked (403, and a 401 for a bad API token): who, what route, which plan
 * and step, and the policy's reason. Append-only for the app role. Sign-in and action-link refusals are in
 * `action_refusal`.
 */
@Entity('access_refusal')
@Index('access_refusal_plan_idx', ['planId', 'at'])
export class AccessRefusalEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
  /** `user` (signed in), `role` (the X-Dondoc-Actor header), `token` (an API token). */
  @Column('text', { name: 'principal_kind' }) principalKind: string;
  @Column('uuid', { name: 'user_id', nullable: true }) userId: string | null;
  @Column('uuid', { name: 'token_id', nullable: true }) tokenId: string | null;
  /** The role the X-Dondoc-Actor header named. */
  @Column('text', { name: 'role_key', nullable: true }) roleKey: string | null;
  @Column('text') method: string;
  /** The route as declared, e.g. `/api/v1/plans/:planId/steps/:stepId/approval`. */
  @Column('text') route: string;
  /** The policy's action (`read_plan`, `act_step`, …); null when the token itself was refused. */
  @Column('text', { nullable: true }) action: string | null;
  @Column('text', { name: 'plan_id', nullable: true }) planId: string | null;
  @Column('text', { name: 'step_id', nullable: true }) stepId: string | null;
  /** The error code answered (ACCESS_DENIED, ACTOR_UNKNOWN, TOKEN_INVALID). */
  @Column('text') code: string;
  /** Why (NO_ROLE_IN_PLAN, TOKEN_READ_ONLY, TOKEN_EXPIRED, …). */
  @Column('text') reason: string;
}
