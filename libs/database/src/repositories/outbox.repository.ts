import type { DataSource, EntityManager } from 'typeorm';

export interface OutboxMail {
  idempotencyKey: string;
  messageId: string;
  template: string;
  toAddress: string;
  subject: string;
  html: string;
  text: string;
}

export class OutboxRepository {
  constructor(private readonly ds: DataSource) {}

  /** Writes a mail in the caller's transaction; a key already present is left as it is (never sent twice). */
  async enqueue(m: EntityManager, mail: OutboxMail): Promise<void> {
    await m.query(
      `INSERT INTO mail_outbox (idempotency_key, message_id, template, to_address, subject, html, text)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (idempotency_key) DO NOTHING`,
      [mail.idempotencyKey, mail.messageId, mail.template, mail.toAddress, mail.subject, mail.html, mail.text],
    );
  }

  async keysWithPrefix(m: EntityManager, prefix: string): Promise<string[]> {
    const rows: { k: string }[] = await m.query(
      `SELECT idempotency_key AS k FROM mail_outbox WHERE starts_with(idempotency_key, $1) ORDER BY idempotency_key`,
      [prefix],
    );
    return rows.map((r) => r.k);
  }

  /** Sends one pending mail under a row lock, so two deliveries of the same key cannot overlap or repeat. */
  async deliver(key: string, send: (mail: OutboxMail) => Promise<void>): Promise<'sent' | 'already'> {
    const outcome = await this.ds.transaction(async (m) => {
      const rows: (OutboxMail & { status: string })[] = await m.query(
        `SELECT idempotency_key AS "idempotencyKey", message_id AS "messageId", template, to_address AS "toAddress", subject, html, text, status
         FROM mail_outbox WHERE idempotency_key = $1 FOR UPDATE`,
        [key],
      );
      const mail = rows[0];
      if (!mail) throw new Error(`no mail with key ${key} in the outbox`);
      if (mail.status === 'sent') return { result: 'already' as const };
      try {
        await send(mail);
      } catch (error) {
        return { error };
      }
      await m.query(`UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, sent_at = now(), last_error = NULL WHERE idempotency_key = $1`, [key]);
      return { result: 'sent' as const };
    });
    if ('error' in outcome) {
      await this.ds.query(`UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2 WHERE idempotency_key = $1`, [key, String(outcome.error)]);
      throw outcome.error;
    }
    return outcome.result;
  }

  async list(): Promise<(OutboxMail & { status: string })[]> {
    return this.ds.query(
      `SELECT idempotency_key AS "idempotencyKey", message_id AS "messageId", template, to_address AS "toAddress", subject, status
       FROM mail_outbox ORDER BY created_at, idempotency_key`,
    );
  }
}
