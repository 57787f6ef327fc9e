import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StepBucket } from '#libs/domain/src/index.js';

/**
 * Step instances per plan run × assignee (role key) × unit × status bucket, kept in the same transaction as every step
 * change like `status_rollup`, so counts per role, also within a unit subtree, need no scan of the steps. `unit_id`
 * is '' for commune-level steps.
 */
@Entity('assignee_rollup')
export class AssigneeRollupEntity {
  @PrimaryColumn('text', { name: 'plan_id' }) planId: string;
  @PrimaryColumn('text') assignee: string;
  @PrimaryColumn('text', { name: 'unit_id' }) unitId: string;
  @PrimaryColumn('text') bucket: StepBucket;
  @Column('int', { default: 0 }) count: number;
}
