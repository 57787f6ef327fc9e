import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A file uploaded as evidence for a step (a signed plan, photos, a list). The bytes live here in PostgreSQL, never
 * in Temporal: a submission carries only the file ids, and its audit row names each file with its SHA-256.
 */
@Entity('evidence_file')
@Index('evidence_file_step_idx', ['planId', 'stepId'])
export class EvidenceFileEntity {
  /** Made by the application (randomUUID), so no database extension is needed. */
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'plan_id' }) planId: string;
  @Column('text', { name: 'step_id' }) stepId: string;
  @Column('text') name: string;
  @Column('text', { name: 'content_type' }) contentType: string;
  @Column('int') size: number;
  @Column('text') sha256: string;
  @Column('bytea') data: Buffer;
  @Column('text', { name: 'uploaded_by' }) uploadedBy: string;
  @CreateDateColumn({ name: 'uploaded_at', type: 'timestamptz' }) uploadedAt: Date;
}
