import type { DataSource, EntityManager } from 'typeorm';
import type { WriteBatch } from '../write-batch.js';

export interface OutboxAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface OutboxMail {
  idempotencyKey: string;
  messageId: string;
  template: string;
  toAddress: string;
  subject: string;
  html: string;
  text: string;
  /** The plan the mail belongs to; its office is told if the mail cannot be delivered. */
  planId?: string | null;
  attachments?: OutboxAttachment[] | null;
}

/** A mail being delivered, as read under its row lock. */
export interface PendingOutboxMail extends OutboxMail {
  attempts: number;
}

/** How delivery treats a failed send: permanent ones mark the row failed and may enqueue a notice in the same transaction. */
export interface DeliveryFailurePolicy {
  isPermanent(error: unknown): boolean;
  reason(error: unknown): string;
  /** Enqueues, through `m`, whatever tells people of a mail that will never arrive. */
  undeliverable(m: EntityManager, mail: PendingOutboxMail, reason: string): Promise<void>;
}

export type DeliveryOutcome = 'sent' | 'already' | 'failed';

const INSERT_MAIL =
  'INSERT INTO mail_outbox (idempotency_key, message_id, template, to_address, subject, html, text, plan_id, attachments)';
const ON_KEY_CONFLICT = 'ON CONFLICT (idempotency_key) DO NOTHING';

/** A mail's row, in INSERT_MAIL's column order. */
const outboxValues = (mail: OutboxMail) => [
  mail.idempotencyKey,
  mail.messageId,
  mail.template,
  mail.toAddress,
  mail.subject,
  mail.html,
  mail.text,
  mail.planId ?? null,
  mail.attachments?.length ? JSON.stringify(mail.attachments) : null,
];

export class OutboxRepository {
  /**
   * Keys the SMTP server accepted whose `sent` mark never reached PostgreSQL (the line broke before the commit). The
   * next attempt in this process records them without sending again; only a restart in between forgets them.
   */
  private readonly acceptedUnrecorded = new Set<string>();

  constructor(private readonly ds: DataSource) {}

  /** Writes a mail in the caller's transaction; a key already present is left as it is (never sent twice). */
  async enqueue(m: EntityManager, mail: OutboxMail): Promise<void> {
    await m.query(`${INSERT_MAIL} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ${ON_KEY_CONFLICT}`, outboxValues(mail));
  }

  /** `enqueue`, added to the caller's batch (sent with the transition's other writes in one statement). */
  enqueueInto(batch: WriteBatch, mail: OutboxMail): void {
    const values = outboxValues(mail).map((v) => batch.param(v));
    batch.add(`${INSERT_MAIL} VALUES (${values.join(', ')}) ${ON_KEY_CONFLICT}`);
  }

  async keysWithPrefix(m: EntityManager, prefix: string): Promise<string[]> {
    const rows: { k: string }[] = await m.query(
      `SELECT idempotency_key AS k FROM mail_outbox WHERE starts_with(idempotency_key, $1) ORDER BY idempotency_key`,
      [prefix],
    );
    return rows.map((r) => r.k);
  }

  /**
   * Sends one pending mail under a row lock, so two deliveries of the same key cannot overlap or repeat. A key already
   * sent is never sent again, nor one that failed for good. A failure is counted on the row; a permanent one (as
   * `policy` judges it) marks the row failed and enqueues the policy's notice in the same transaction, and is not
   * thrown; any other is thrown, for the caller to retry.
   */
  async deliver(key: string, send: (mail: PendingOutboxMail) => Promise<void>, policy?: DeliveryFailurePolicy): Promise<DeliveryOutcome> {
    let accepted = false;
    const outcome = await this.ds
      .transaction(async (m) => {
        const rows: (PendingOutboxMail & { status: string })[] = await m.query(
          `SELECT idempotency_key AS "idempotencyKey", message_id AS "messageId", template, to_address AS "toAddress", subject, html, text,
                plan_id AS "planId", attachments, attempts, status
         FROM mail_outbox WHERE idempotency_key = $1 FOR UPDATE`,
          [key],
        );
        const mail = rows[0];
        if (!mail) throw new Error(`no mail with key ${key} in the outbox`);
        if (mail.status === 'sent') return { result: 'already' as const };
        if (mail.status === 'failed') return { result: 'failed' as const };
        try {
          if (!this.acceptedUnrecorded.has(key)) await send(mail);
          accepted = true;
        } catch (error) {
          if (!policy?.isPermanent(error)) return { error };
          const reason = policy.reason(error);
          await m.query(`UPDATE mail_outbox SET status = 'failed', attempts = attempts + 1, last_error = $2 WHERE idempotency_key = $1`, [
            key,
            reason,
          ]);
          await policy.undeliverable(m, { ...mail, attempts: mail.attempts + 1 }, reason);
          return { result: 'failed' as const };
        }
        await m.query(
          `UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, sent_at = now(), last_error = NULL WHERE idempotency_key = $1`,
          [key],
        );
        return { result: 'sent' as const };
      })
      .catch((error: unknown) => {
        if (accepted) this.acceptedUnrecorded.add(key); // the server has it: the retry only records it
        throw error;
      });
    this.acceptedUnrecorded.delete(key);
    if ('error' in outcome) {
      await this.ds.query(`UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2 WHERE idempotency_key = $1`, [
        key,
        String(outcome.error),
      ]);
      throw outcome.error;
    }
    return outcome.result;
  }

  async has(key: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM mail_outbox WHERE idempotency_key = $1`, [key]);
    return rows.length > 0;
  }

  async list(): Promise<(OutboxMail & { status: string })[]> {
    return this.ds.query(
      `SELECT idempotency_key AS "idempotencyKey", message_id AS "messageId", template, to_address AS "toAddress", subject, status
       FROM mail_outbox ORDER BY created_at, idempotency_key`,
    );
  }
}
