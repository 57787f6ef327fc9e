import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The personal text of a person's change to a step — an evidence note, a reason for a return, a cancellation, a
 * reassignment or an extension, an approver's comment — kept here and named in the Temporal Update by reference
 * (`dondoc-text:<id>`), so a workflow's history carries no personal text. The worker resolves the reference when it
 * writes the audit row and the mails. Append-only for the app role.
 */
@Entity('step_text')
export class StepTextEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'plan_id' }) planId: string;
  @Column('text', { name: 'step_id' }) stepId: string;
  /** `note` or `reason`. */
  @Column('text') kind: string;
  @Column('text') body: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}
