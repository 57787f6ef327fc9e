import type { DataSource } from 'typeorm';
import { OutboxRepository } from '../../../../libs/database/src/index.js';
import type { MailTransport } from '../../../../libs/mail/src/index.js';

/** Sends outbox mails through SMTP; each key at most once. A failure is thrown so the activity retries. */
export class MailDeliveryService {
  private readonly outbox: OutboxRepository;
  constructor(
    ds: DataSource,
    private readonly transport: MailTransport,
  ) {
    this.outbox = new OutboxRepository(ds);
  }

  async deliver(keys: string[]): Promise<void> {
    for (const key of keys) {
      await this.outbox.deliver(key, (m) => this.transport.send({ messageId: m.messageId, to: m.toAddress, subject: m.subject, html: m.html, text: m.text }));
    }
  }
}
