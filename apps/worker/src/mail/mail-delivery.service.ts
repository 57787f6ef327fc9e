import { Inject, Injectable } from '@nestjs/common';
import { OutboxRepository, type DeliveryFailurePolicy } from '#libs/database/src/index.js';
import { MailTransport, SEND_DEADLINE_MS } from '#libs/mail/src/index.js';
import { UndeliverableNoticePolicy, undeliverableNoticeKey } from './undeliverable-notice.js';
import { noticeLag, type PlannedNotice } from '../metrics.js';

/** The longest one delivery attempt may take when the activity's own timeout is not known. */
export const DEFAULT_DELIVERY_BUDGET_MS = 40_000;
/** A send is not started with less time than this left in the attempt; the retry takes it up. */
const MIN_SEND_MS = 2_000;

export interface DeliveryReport {
  sent: string[];
  failed: string[];
}

/**
 * Sends outbox mails through SMTP; each key at most once after a recorded success. A permanent refusal (5xx) marks the
 * mail failed, tells the office and is not thrown, so the workflow goes on; a transient failure (refused or dropped
 * connection, timeout, 4xx) is thrown after the other keys were tried, and the activity's retry policy backs off.
 * One call ends within `budgetMs`, so an attempt is over before the activity times out and a retry never overlaps it.
 */
@Injectable()
export class MailDeliveryService {
  constructor(
    @Inject(OutboxRepository) private readonly outbox: OutboxRepository,
    @Inject(MailTransport) private readonly transport: MailTransport,
    @Inject(UndeliverableNoticePolicy) private readonly policy: DeliveryFailurePolicy,
  ) {}

  async deliver(keys: string[], budgetMs: number = DEFAULT_DELIVERY_BUDGET_MS, notice?: PlannedNotice): Promise<DeliveryReport> {
    const started = Date.now();
    const queue = [...keys];
    const report: DeliveryReport = { sent: [], failed: [] };
    let transient: unknown;
    for (const key of queue) {
      const left = budgetMs - (Date.now() - started);
      if (left < MIN_SEND_MS) {
        throw transient ?? new Error(`delivery attempt out of time before ${key}; the next attempt goes on from there`);
      }
      try {
        const outcome = await this.outbox.deliver(
          key,
          (m) =>
            this.transport.send(
              { messageId: m.messageId, to: m.toAddress, subject: m.subject, html: m.html, text: m.text, attachments: m.attachments },
              Math.min(SEND_DEADLINE_MS, left),
            ),
          this.policy,
        );
        if (outcome === 'sent') {
          report.sent.push(key);
          const planned = notice ? Date.parse(notice.plannedAt) : NaN;
          if (notice && Number.isFinite(planned)) noticeLag.observe({ kind: notice.kind }, Math.max(0, Date.now() - planned) / 1000);
        }
        if (outcome === 'failed') {
          report.failed.push(key);
          // The office notice of a failed mail goes out with it, and again on a retry if it did not go out yet.
          const notice = undeliverableNoticeKey(key);
          if (!queue.includes(notice) && (await this.outbox.has(notice))) queue.push(notice);
        }
      } catch (error) {
        transient ??= error;
      }
    }
    if (transient) throw transient;
    return report;
  }
}
