import { describe, expect, it } from '@jest/globals';
import { OutboxRepository, type DeliveryOutcome, type PendingOutboxMail } from '#libs/database/src/index.js';
import { MailTransport } from '#libs/mail/src/index.js';
import { fake, unitUnderTest } from '../../../../test/factories/rows.js';
import { MailDeliveryService } from './mail-delivery.service.js';
import { UndeliverableNoticePolicy } from './undeliverable-notice.js';

const mail = (key: string): PendingOutboxMail => ({
  idempotencyKey: key,
  messageId: `<${key}@x>`,
  template: 't',
  toAddress: `${key}@test.example.org`,
  subject: 's',
  html: '<p>x</p>',
  text: 'x',
  attempts: 0,
});

/** An outbox whose deliver() sends through the given callback and answers by key: 'sent', 'failed' or a thrown error. */
async function delivery(outcomes: Record<string, DeliveryOutcome | Error>, notices: string[] = []) {
  const sent: string[] = [];
  const service = await unitUnderTest(MailDeliveryService, [
    [
      OutboxRepository,
      fake<OutboxRepository>({
        deliver: async (key: string, send: (m: PendingOutboxMail) => Promise<void>) => {
          const o = outcomes[key] ?? 'sent';
          if (o instanceof Error) throw o;
          if (o === 'sent') await send(mail(key));
          return o;
        },
        has: async (key: string) => notices.includes(key),
      }),
    ],
    [MailTransport, fake<MailTransport>({ send: async (m: { to: string }) => void sent.push(m.to) })],
    [UndeliverableNoticePolicy, fake<UndeliverableNoticePolicy>({})],
  ]);
  return { service, sent };
}

describe('MailDeliveryService', () => {
  it('sends each key through the transport and reports what went out', async () => {
    const { service, sent } = await delivery({ b: 'already' });
    expect(await service.deliver(['a', 'b', 'c'])).toEqual({ sent: ['a', 'c'], failed: [] });
    expect(sent).toEqual(['a@test.example.org', 'c@test.example.org']);
  });

  it("sends the office's notice of an undeliverable mail in the same attempt", async () => {
    const { service } = await delivery({ a: 'failed' }, ['undeliverable:a']);
    expect(await service.deliver(['a'])).toEqual({ sent: ['undeliverable:a'], failed: ['a'] });
  });

  it('tries every key before throwing the first transient failure, so the retry goes on from there', async () => {
    const down = new Error('ECONNREFUSED');
    const { service, sent } = await delivery({ a: down });
    await expect(service.deliver(['a', 'b'])).rejects.toBe(down);
    expect(sent).toEqual(['b@test.example.org']);
  });

  it('starts no send with less than two seconds left in the attempt', async () => {
    const { service, sent } = await delivery({});
    await expect(service.deliver(['a'], 1_000)).rejects.toThrow(/out of time before a/);
    expect(sent).toEqual([]);
  });
});
