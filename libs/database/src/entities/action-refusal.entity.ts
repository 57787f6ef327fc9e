import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Every refused sign-in confirmation or action-link use, with why: expired, used, unknown, wrong user, … */
@Entity('action_refusal')
export class ActionRefusalEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
  /** The SHA-256 of the reference or sign-in token shown, whether or not it is known. */
  @Column('text', { name: 'ref_hash', nullable: true }) refHash: string | null;
  /** What was refused: `action` or `sign-in`. */
  @Column('text') kind: string;
  @Column('text') reason: string;
  @Column('uuid', { name: 'user_id', nullable: true }) userId: string | null;
  @Column('text', { name: 'plan_id', nullable: true }) planId: string | null;
  @Column('text', { name: 'step_id', nullable: true }) stepId: string | null;
  @Column('text', { nullable: true }) detail: string | null;
}
