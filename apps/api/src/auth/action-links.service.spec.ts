import { describe, expect, it } from '@jest/globals';
import {
  ActionLinkRepository,
  formToken,
  hashToken,
  StaffRepository,
  StepRepository,
  type ActionLinkRow,
  type MembershipRow,
} from '#libs/database/src/index.js';
import { DomainError } from '#libs/domain/src/index.js';
import { fake, signedInUserFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { StepsService } from '../steps/steps.service.js';
import { ActionLinksService } from './action-links.service.js';

const REF = 'r'.repeat(43);
const SESSION = 's'.repeat(43);
const user = signedInUserFactory({ id: 'u-2' });
const linkRow = (over: Partial<ActionLinkRow> = {}): ActionLinkRow => ({
  refHash: hashToken(REF),
  mailKey: 'k',
  planId: 'TEST-LINKS',
  stepId: 'I99.1',
  action: 'reject',
  roleKey: 'vice_chair_vhxh',
  unitId: null,
  toAddress: 'pct@test.example.org',
  expiresAt: new Date('2030-01-01'),
  createdAt: new Date(),
  usedAt: null,
  usedBy: null,
  expired: false,
  evidenceVersion: 1,
  ...over,
});

async function links(o: { link?: ActionLinkRow; held?: MembershipRow[]; lastVersion?: number; rejectFails?: unknown } = {}) {
  const link = o.link ?? linkRow();
  const refused: Record<string, unknown>[] = [];
  const acted: unknown[][] = [];
  let used = false;
  const service = await unitUnderTest(ActionLinksService, [
    [
      StepsService,
      fake<StepsService>({
        get: async (planId: string, stepId: string) => ({ planId, stepId }),
        reject: async (...args: unknown[]) => {
          if (o.rejectFails) throw o.rejectFails;
          acted.push(args);
        },
      }),
    ],
    [
      ActionLinkRepository,
      fake<ActionLinkRepository>({
        find: async (h: string) => (h === link.refHash ? link : undefined),
        refuse: async (r: Record<string, unknown>) => void refused.push(r),
        use: async (_h: string, fn: (l: ActionLinkRow) => Promise<{ used: boolean; result: unknown }>) => {
          const r = await fn(link);
          used = r.used;
          return r;
        },
      }),
    ],
    [
      StaffRepository,
      fake<StaffRepository>({
        memberships: async () => o.held ?? [{ planId: link.planId, roleKey: 'vice_chair_vhxh', unitId: null, source: 'plan' }],
      }),
    ],
    [
      StepRepository,
      fake<StepRepository>({
        lastSubmission: async () => ({ version: o.lastVersion ?? 1 }),
        submission: async () => ({ note: 'Đã nộp', evidence: { version: 1, links: [], files: [] } }),
      }),
    ],
  ]);
  return { service, refused, acted, used: () => used };
}

const signedIn = { user, sessionToken: SESSION, actorHeader: false };
const csrf = formToken(SESSION, `action:${hashToken(REF)}`);

describe('ActionLinksService', () => {
  it('opens a link for its role holder as a confirmation with the submission, acting on nothing', async () => {
    const { service, acted } = await links();
    expect(await service.open(REF, signedIn)).toMatchObject({ kind: 'confirm', csrf, submission: { version: 1, note: 'Đã nộp' } });
    expect(acted).toEqual([]);
  });

  it('sends a visitor to sign in, and refuses (recorded) an unknown link, a used one and someone without the role', async () => {
    expect((await (await links()).service.open(REF, { actorHeader: false })).kind).toBe('sign-in');
    const unknown = await links();
    expect((await unknown.service.open('x'.repeat(43), signedIn)).kind).toBe('unknown');
    expect(unknown.refused[0]).toMatchObject({ kind: 'action', reason: 'unknown' });
    expect((await (await links({ link: linkRow({ usedAt: new Date() }) })).service.open(REF, signedIn)).kind).toBe('used');
    expect((await (await links({ held: [] })).service.open(REF, signedIn)).kind).toBe('not-yours');
  });

  it('acts once with the form token: a return needs its reason, and goes as the link role on the mailed evidence version', async () => {
    const a = await links();
    expect(await a.service.act(REF, signedIn, { csrf, reason: '  ' })).toMatchObject({ kind: 'confirm', fieldError: true });
    expect(a.acted).toEqual([]);
    expect((await a.service.act(REF, signedIn, { csrf, reason: ' Thiếu biên bản ' })).kind).toBe('done');
    expect(a.acted).toEqual([[{ role: 'vice_chair_vhxh', userId: 'u-2' }, 'TEST-LINKS', 'I99.1', 'Thiếu biên bản', 1]]);
    expect(a.used()).toBe(true);
  });

  it('refuses a wrong form token, evidence replaced since the mail, and a step the workflow refuses, without using the link', async () => {
    expect((await (await links()).service.act(REF, signedIn, { csrf: 'forged', reason: 'x' })).kind).toBe('form-invalid');
    expect(await (await links({ lastVersion: 2 })).service.act(REF, signedIn, { csrf, reason: 'x' })).toMatchObject({
      kind: 'superseded',
      current: 2,
    });
    const closed = await links({ rejectFails: new DomainError('STEP_NOT_OPEN', 'closed') });
    expect(await closed.service.act(REF, signedIn, { csrf, reason: 'x' })).toMatchObject({ kind: 'step-refused', code: 'STEP_NOT_OPEN' });
    expect(closed.used()).toBe(false);
    expect(closed.refused[0]).toMatchObject({ reason: 'step-refused', detail: expect.stringContaining('STEP_NOT_OPEN') });
  });
});
