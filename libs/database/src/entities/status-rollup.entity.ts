import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StepBucket } from '../../../domain/src/index.js';

/** Steps per status bucket for a plan, kept in the same transaction as every step change. */
@Entity('status_rollup')
export class StatusRollupEntity {
  @PrimaryColumn('text', { name: 'plan_id' }) planId: string;
  @PrimaryColumn('text') bucket: StepBucket;
  @Column('int', { default: 0 }) count: number;
}
