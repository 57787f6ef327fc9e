import { describe, expect, it } from '@jest/globals';
import {
  OutboxRepository,
  PlanRepository,
  RoleRepository,
  type OutboxMail,
  type PendingOutboxMail,
  type RoleRow,
} from '#libs/database/src/index.js';
import { planFactory } from '../../../../test/factories/plan.factory.js';
import { fake, planRowFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { WALL_CLOCK } from '../wall-clock.js';
import { officeRecipient, UndeliverableNoticePolicy } from './undeliverable-notice.js';

const spec = planFactory({ id: 'TEST-UNDELIVERABLE' });
const role = (roleKey: string, email: string): RoleRow => ({
  roleKey,
  title: `Chức danh ${roleKey}`,
  person: `Người ${roleKey}`,
  email,
  supervisor: null,
});
const failed = (over: Partial<PendingOutboxMail> = {}): PendingOutboxMail => ({
  idempotencyKey: 'reminder:TEST:I99.1:1',
  messageId: '<m@x>',
  template: 'step-reminder',
  toAddress: 'sai@test.example.org',
  subject: 'Nhắc việc',
  html: '',
  text: '',
  attempts: 3,
  planId: spec.id,
  ...over,
});

async function policy(roles: RoleRow[]) {
  const queued: OutboxMail[] = [];
  const p = await unitUnderTest(UndeliverableNoticePolicy, [
    [PlanRepository, fake<PlanRepository>({ find: async (id: string) => (id === spec.id ? planRowFactory(spec) : undefined) })],
    [RoleRepository, fake<RoleRepository>({ forPlan: async () => new Map(roles.map((r) => [r.roleKey, r])) })],
    [OutboxRepository, fake<OutboxRepository>({ enqueue: async (_m: unknown, mail: OutboxMail) => void queued.push(mail) })],
    [WALL_CLOCK, () => new Date('2026-01-05T03:00:00Z')],
  ]);
  return { p, queued };
}

describe('UndeliverableNoticePolicy', () => {
  it('tells the commune office, in Vietnamese, of a mail that will never arrive, once per mail', async () => {
    const { p, queued } = await policy([role('office_officer', 'vanphong@test.example.org'), role('chairman', 'ct@test.example.org')]);
    await p.undeliverable({} as never, failed(), '550 mailbox unavailable');
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({
      idempotencyKey: 'undeliverable:reminder:TEST:I99.1:1',
      toAddress: 'vanphong@test.example.org',
      template: 'mail-undeliverable',
    });
    expect(queued[0].text).toContain('sai@test.example.org');
  });

  it('goes to the chairman when the office address is the one that refused, and sends no notice of a notice', async () => {
    const { p, queued } = await policy([role('office_officer', 'SAI@test.example.org'), role('chairman', 'ct@test.example.org')]);
    await p.undeliverable({} as never, failed(), '550');
    expect(queued.map((m) => m.toAddress)).toEqual(['ct@test.example.org']);
    await p.undeliverable({} as never, failed({ template: 'mail-undeliverable' }), '550');
    await p.undeliverable({} as never, failed({ planId: null }), '550');
    expect(queued).toHaveLength(1);
  });

  it('picks the first office role whose address is not the refused one', () => {
    const roles = new Map([['chairman', role('chairman', 'ct@test.example.org')]]);
    expect(officeRecipient(roles, 'x@test.example.org')?.roleKey).toBe('chairman');
    expect(officeRecipient(roles, 'CT@test.example.org')).toBeUndefined();
  });
});
