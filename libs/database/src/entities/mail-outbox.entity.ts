import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** Mails not yet sent (pending, failed) by age: /health reads the backlog without scanning the sent ones. */
@Index('mail_outbox_unsent_idx', ['createdAt'], { where: `"status" <> 'sent'` })
@Entity('mail_outbox')
export class MailOutboxEntity {
  @PrimaryColumn('text', { name: 'idempotency_key' }) idempotencyKey: string;
  @Column('text', { name: 'message_id', unique: true }) messageId: string;
  @Column('text') template: string;
  @Column('text', { name: 'to_address' }) toAddress: string;
  @Column('text') subject: string;
  @Column('text') html: string;
  @Column('text') text: string;
  @Column('text', { default: 'pending' }) status: OutboxStatus;
  @Column('int', { default: 0 }) attempts: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
  /** The plan the mail belongs to: whose office hears of it if it cannot be delivered. */
  @Column('text', { name: 'plan_id', nullable: true }) planId: string | null;
  /** Files sent with the mail (the due date's .ics event): [{ filename, contentType, content }]. */
  @Column('jsonb', { nullable: true }) attachments: { filename: string; contentType: string; content: string }[] | null;
}
