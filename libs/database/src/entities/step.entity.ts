import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { StepBucket, StepState } from '#libs/domain/src/index.js';

/**
 * One step instance of a plan run (a step, one village's share of a fan-out step, or one month of a recurring step):
 * the task row the status API reads. `step_id` is the instance key; instants suffixed _plan are plan time.
 */
@Entity('step')
@Index('step_plan_bucket_idx', ['planId', 'bucket'])
@Index('step_plan_item_idx', ['planId', 'itemId', 'stepId'])
export class StepEntity {
  @PrimaryColumn('text', { name: 'plan_id' }) planId: string;
  @PrimaryColumn('text', { name: 'step_id' }) stepId: string;
  @Column('text', { name: 'spec_step_id', default: '' }) specStepId: string;
  @Column('text', { name: 'unit_id', nullable: true }) unitId: string | null;
  @Column('text', { nullable: true }) period: string | null;
  /** Set on the steps a child-abuse case report started; the plan run's workflows leave these rows alone. */
  @Column('text', { name: 'case_id', nullable: true }) caseId: string | null;
  /** Set on the step a child-friendly commune assessment is drafted in; the plan run leaves it alone too. */
  @Column('text', { name: 'assessment_id', nullable: true }) assessmentId: string | null;
  @Column('text', { name: 'item_id' }) itemId: string;
  @Column('text') title: string;
  @Column('text') assignee: string;
  @Column('text', { nullable: true }) approver: string | null;
  @Column('date', { name: 'start_date', nullable: true }) startDate: string | null;
  @Column('date', { name: 'due_date' }) dueDate: string;
  /** A granted extension: notices follow it; the on-time statistic keeps due_date. */
  @Column('date', { name: 'extended_due_date', nullable: true }) extendedDueDate: string | null;
  @Column('timestamptz', { name: 'due_at_plan' }) dueAtPlan: Date;
  @Column('timestamptz', { name: 'due_at_real' }) dueAtReal: Date;
  @Column('text') state: StepState;
  @Column('boolean', { default: false }) overdue: boolean;
  @Column('text') bucket: StepBucket;
  @Column('text', { name: 'workflow_id' }) workflowId: string;
  @Column('int', { default: 0 }) seq: number;
  @Column('timestamptz', { name: 'submitted_at', nullable: true }) submittedAt: Date | null;
  @Column('timestamptz', { name: 'submitted_at_plan', nullable: true }) submittedAtPlan: Date | null;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt: Date | null;
  @Column('timestamptz', { name: 'completed_at_plan', nullable: true }) completedAtPlan: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
