import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StepBucket } from '../../../domain/src/index.js';

/**
 * Step instances per plan run × item × unit × status bucket, kept in the same transaction as every step change, so
 * the status API answers a province's roll-up without scanning steps. `unit_id` is '' for commune-level steps.
 */
@Entity('status_rollup')
export class StatusRollupEntity {
  @PrimaryColumn('text', { name: 'plan_id' }) planId: string;
  @PrimaryColumn('text', { name: 'item_id' }) itemId: string;
  @PrimaryColumn('text', { name: 'unit_id' }) unitId: string;
  @PrimaryColumn('text') bucket: StepBucket;
  @Column('int', { default: 0 }) count: number;
}
