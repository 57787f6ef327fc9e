import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A child-friendly commune self-assessment (QĐ 06/QĐ-TTg) for a year: the value typed for each indicator and its
 * evidence. Points, total and pass/fail are never stored as typed: they are computed from the values by the criteria
 * set; `submitted_score` is the computed score frozen when the officer submitted it for approval.
 */
@Entity('assessment')
export class AssessmentEntity {
  @PrimaryColumn('text', { name: 'plan_id' }) planId: string;
  @PrimaryColumn('text', { name: 'assessment_id' }) assessmentId: string;
  @Column('text', { name: 'unit_id' }) unitId: string;
  @Column('int') year: number;
  @Column('text', { name: 'criteria_set' }) criteriaSet: string;
  @Column('text', { name: 'commune_class' }) communeClass: string;
  @Column('jsonb', { default: () => `'{}'` }) values: Record<string, number | boolean | null>;
  @Column('jsonb', { default: () => `'{}'` }) evidence: Record<string, unknown[]>;
  @Column('text', { name: 'step_id' }) stepId: string;
  @Column('int', { default: 0 }) version: number;
  @Column('jsonb', { name: 'submitted_score', nullable: true }) submittedScore: unknown;
  @Column('text', { name: 'created_by' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
