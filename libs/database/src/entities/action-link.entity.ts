import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An action link in a mail ("Phê duyệt", "Trả lại", "Báo cáo kết quả"): the mail carries an opaque reference, this
 * table its SHA-256 and what it is for. Opening it changes nothing; a POST by a signed-in holder of the role acts once.
 */
@Entity('action_link')
@Index('action_link_step_idx', ['planId', 'stepId'])
export class ActionLinkEntity {
  @PrimaryColumn('text', { name: 'ref_hash' }) refHash: string;
  /** The outbox key of the mail that carries the link. */
  @Column('text', { name: 'mail_key' }) mailKey: string;
  @Column('text', { name: 'plan_id' }) planId: string;
  @Column('text', { name: 'step_id' }) stepId: string;
  /** `approve`, `reject` or `submit`. */
  @Column('text') action: string;
  /** The role the mail went to, and for a village role its village: only a holder of that seat may use the link. */
  @Column('text', { name: 'role_key' }) roleKey: string;
  @Column('text', { name: 'unit_id', nullable: true }) unitId: string | null;
  @Column('text', { name: 'to_address' }) toAddress: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'used_at', nullable: true }) usedAt: Date | null;
  @Column('uuid', { name: 'used_by', nullable: true }) usedBy: string | null;
  /** For an approval or return link: the evidence version (submission) it was mailed with; it acts on that one only. */
  @Column('integer', { name: 'evidence_version', nullable: true }) evidenceVersion: number | null;
}
