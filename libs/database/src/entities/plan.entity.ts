import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { PlanClock, PlanSpec } from '#libs/domain/src/index.js';

@Entity('plan')
export class PlanEntity {
  @PrimaryColumn('text') id: string;
  @Column('text') number: string;
  @Column('text') title: string;
  @Column('int') year: number;
  @Column('text', { name: 'issuer_name' }) issuerName: string;
  @Column('jsonb') spec: PlanSpec;
  @CreateDateColumn({ name: 'loaded_at', type: 'timestamptz' }) loadedAt: Date;
  @Column('jsonb', { nullable: true }) clock: PlanClock | null;
  @Column('timestamptz', { name: 'run_started_at', nullable: true }) runStartedAt: Date | null;
}
