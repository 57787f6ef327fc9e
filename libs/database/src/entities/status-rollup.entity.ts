import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StepBucket } from '#libs/domain/src/index.js';

/**
 * Step instances per plan run × item × unit × status bucket, kept in the same transaction as every step change, so
 * the status API answers a province's roll-up without scanning steps. `unit_id` is '' for commune-level steps.
 * `version` goes up by one with every step change the row sees (a bucket move, or any other change of a step counted
 * in it): the sum over a plan's rows only grows, so it tells cheaply whether the plan's status may have changed (ETag).
 */
@Entity('status_rollup')
export class StatusRollupEntity {
  @PrimaryColumn('text', { name: 'plan_id' }) planId: string;
  @PrimaryColumn('text', { name: 'item_id' }) itemId: string;
  @PrimaryColumn('text', { name: 'unit_id' }) unitId: string;
  @PrimaryColumn('text') bucket: StepBucket;
  @Column('int', { default: 0 }) count: number;
  @Column('bigint', { default: 0 }) version: string;
}
