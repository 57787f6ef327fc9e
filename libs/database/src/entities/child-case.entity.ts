import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A reported child-abuse case (I04.2): when and where it was reported and by whom, and a summary that must not name
 * the child. Its two steps (emergency intervention, support plan) are step rows carrying its case_id.
 */
@Entity('child_case')
export class ChildCaseEntity {
  @PrimaryColumn('text', { name: 'plan_id' }) planId: string;
  @PrimaryColumn('text', { name: 'case_id' }) caseId: string;
  @Column('text', { name: 'unit_id', nullable: true }) unitId: string | null;
  @Column('text') summary: string;
  @Column('text', { name: 'reported_by' }) reportedBy: string;
  @Column('timestamptz', { name: 'reported_at_plan' }) reportedAtPlan: Date;
  @CreateDateColumn({ name: 'reported_at', type: 'timestamptz' }) reportedAt: Date;
}
