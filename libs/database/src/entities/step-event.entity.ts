import { Check, Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { ActedBy, SubmissionEvidence } from '#libs/domain/src/index.js';

/** Append-only audit of every step transition; a trigger refuses UPDATE and DELETE; a keyed hash chain shows tampering. */
@Entity('step_event')
@Unique('step_event_seq_uq', ['planId', 'stepId', 'seq'])
@Check('step_event_hash_chk', `"hash" ~ '^[0-9a-f]{64}$' AND "chain_version" IN (1, 2)`)
export class StepEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('text', { name: 'plan_id' }) planId: string;
  @Column('text', { name: 'step_id' }) stepId: string;
  @Column('int') seq: number;
  @Column('text') kind: string;
  @Column('text', { nullable: true }) actor: string | null;
  @Column('text', { nullable: true }) note: string | null;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
  @Column('timestamptz', { name: 'at_plan' }) atPlan: Date;
  /** A submission's evidence, versioned: { version, links, files: [{ id, name, sha256, size }] }. */
  @Column('jsonb', { nullable: true }) evidence: SubmissionEvidence | null;
  /** Tamper evidence: each event's hash covers its content and the previous event's hash of the same step. */
  @Column('text', { name: 'prev_hash', nullable: true }) prevHash: string | null;
  @Column('text') hash: string;
  /** 1: plain SHA-256 (events written before the audit key); 2: HMAC-SHA-256 with the audit key. New events are 2 (a trigger refuses others). */
  @Column('smallint', { name: 'chain_version' }) chainVersion: number;
  /** Who acted beside the role in `actor`: the person (id, name, address then), the token, or the system; see ActedBy. */
  @Column('jsonb', { name: 'acted_by', nullable: true }) actedBy: ActedBy | null;
}
