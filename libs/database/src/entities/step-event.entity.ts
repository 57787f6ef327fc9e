import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { SubmissionEvidence } from '../../../domain/src/index.js';

/** Append-only audit of every step transition; a trigger refuses UPDATE and DELETE; a hash chain shows tampering. */
@Entity('step_event')
@Unique('step_event_seq_uq', ['planId', 'stepId', 'seq'])
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
  @Column('text', { nullable: true }) hash: string | null;
}
