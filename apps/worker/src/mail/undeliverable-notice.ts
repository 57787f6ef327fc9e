import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  OutboxRepository,
  PlanRepository,
  RoleRepository,
  type DeliveryFailurePolicy,
  type PendingOutboxMail,
  type RoleRow,
} from '#libs/database/src/index.js';
import { formatViDateTime } from '#libs/domain/src/index.js';
import { WALL_CLOCK, type WallClock } from '../wall-clock.js';
import { addressee, isPermanentSmtpFailure, messageIdFor, renderMail, smtpFailureReason } from '#libs/mail/src/index.js';

/** Who hears of a mail that will never arrive: the commune office, else the chairman. */
export const OFFICE_ROLES = ['office_officer', 'chairman'] as const;

/** The notice's own idempotency key: one notice per undeliverable mail, however often delivery is retried. */
export const undeliverableNoticeKey = (key: string) => `undeliverable:${key}`;

/** The first office role whose own address is not the one that just refused the mail. */
export function officeRecipient(roles: Map<string, RoleRow>, failedAddress: string): RoleRow | undefined {
  const same = (a: string) => a.trim().toLowerCase() === failedAddress.trim().toLowerCase();
  return OFFICE_ROLES.map((k) => roles.get(k)).find((r): r is RoleRow => !!r && !same(r.email));
}

/**
 * A 5xx reply marks the mail failed (never retried) and, in the same transaction, enqueues one notice to the plan's
 * office naming the recipient, the subject and the server's reason. A notice that itself fails gets no notice.
 */
@Injectable()
export class UndeliverableNoticePolicy implements DeliveryFailurePolicy {
  private readonly log = new Logger('MailDelivery');

  constructor(
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Inject(RoleRepository) private readonly roles: RoleRepository,
    @Inject(OutboxRepository) private readonly outbox: OutboxRepository,
    @Inject(WALL_CLOCK) private readonly now: WallClock,
  ) {}

  isPermanent = isPermanentSmtpFailure;
  reason = smtpFailureReason;

  async undeliverable(m: EntityManager, mail: PendingOutboxMail, reason: string): Promise<void> {
    this.log.warn(`mail ${mail.idempotencyKey} to ${mail.toAddress} is undeliverable: ${reason}`);
    if (mail.template === 'mail-undeliverable') return;
    const plan = mail.planId ? await this.plans.find(mail.planId, m) : undefined;
    const to = plan ? officeRecipient(await this.roles.forPlan(plan.id, m), mail.toAddress) : undefined;
    if (!plan || !to) {
      this.log.error(
        `nobody to tell that mail ${mail.idempotencyKey} is undeliverable: ${plan ? 'the plan has no office role' : 'it belongs to no plan'}`,
      );
      return;
    }
    const idempotencyKey = undeliverableNoticeKey(mail.idempotencyKey);
    const rendered = renderMail('mail-undeliverable', {
      communeName: plan.issuerName,
      planNumber: plan.number,
      planTitle: plan.title,
      recipientName: addressee(to),
      failedTo: mail.toAddress,
      failedSubject: mail.subject,
      reason,
      failedAt: formatViDateTime(this.now()),
      attempts: mail.attempts,
    });
    await this.outbox.enqueue(m, {
      idempotencyKey,
      messageId: messageIdFor(idempotencyKey),
      template: 'mail-undeliverable',
      toAddress: to.email,
      planId: plan.id,
      ...rendered,
    });
  }
}
