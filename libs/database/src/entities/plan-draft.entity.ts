import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn } from 'typeorm';
import { PlanEntity } from './plan.entity.js';
import { StaffUserEntity } from './staff-user.entity.js';

/** Where a draft came from: an imported plan document, an uploaded plan file, or next year's clone of a loaded plan. */
export type PlanDraftSource = 'document' | 'plan_file' | 'next_year';

/**
 * A plan being written (apps/api/src/drafts): the plan file text (the exchange format) and its JSON model, saved at
 * each edit with a version one higher (a save naming an older version is refused); once started, the plan it became.
 */
@Entity('plan_draft')
@Check('plan_draft_source_chk', `"source_kind" IN ('document', 'plan_file', 'next_year')`)
@Check('plan_draft_version_chk', `"version" >= 1`)
@Index('IDX_plan_draft_issuer', ['issuerId'])
@Index('IDX_plan_draft_created_by', ['createdBy'])
export class PlanDraftEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') title: string;
  @Column('text', { name: 'source_kind' }) sourceKind: PlanDraftSource;
  /** The uploaded file's name, or the cloned plan's id. */
  @Column('text', { name: 'source_name' }) sourceName: string;
  @Column('text', { name: 'source_plan_id', nullable: true }) sourcePlanId: string | null;
  /** The issuing commune the draft names (plan.issuer), when it names one: who else may see the draft. */
  @Column('text', { name: 'issuer_id', nullable: true }) issuerId: string | null;
  @Column('text') yaml: string;
  @Column('jsonb') model: Record<string, unknown>;
  /** Next year's clone: what must be rewritten for the new year (the clone's warnings). */
  @Column('jsonb', { default: () => "'[]'" }) rewrite: string[];
  @Column('int') version: number;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  @Column('uuid', { name: 'updated_by' }) updatedBy: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
  @Column('text', { name: 'started_plan_id', nullable: true }) startedPlanId: string | null;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt: Date | null;
  @ManyToOne(() => StaffUserEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'plan_draft_created_by_fk' })
  creator?: StaffUserEntity;
  @ManyToOne(() => StaffUserEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'plan_draft_updated_by_fk' })
  updater?: StaffUserEntity;
}

/** The plan file a loaded plan came from (what next year's clone starts from). */
@Entity('plan_file')
export class PlanFileEntity {
  @PrimaryColumn('text', { name: 'plan_id' }) planId: string;
  @Column('text', { name: 'file_name' }) fileName: string;
  @Column('text') text: string;
  @Column('timestamptz', { name: 'loaded_at', default: () => 'now()' }) loadedAt: Date;
  @OneToOne(() => PlanEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'plan_file_plan_fk' })
  plan?: PlanEntity;
}
