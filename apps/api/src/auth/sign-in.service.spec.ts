import { describe, expect, it } from '@jest/globals';
import { APP_CONFIG } from '#libs/config/src/index.js';
import { ActionLinkRepository, PlanRepository, StaffRepository } from '#libs/database/src/index.js';
import { MailTransport } from '#libs/mail/src/index.js';
import { planFactory } from '../../../../test/factories/plan.factory.js';
import { fake, planRowFactory, signedInUserFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { safeNextPath, SignInService } from './sign-in.service.js';

const spec = planFactory({ id: 'TEST-SIGNIN' });
const user = signedInUserFactory();

async function signIn(o: { active?: boolean; roles?: boolean; capped?: boolean; signInRefusal?: string } = {}) {
  const sent: { to: string; text?: string; html?: string; subject: string }[] = [];
  const refused: Record<string, unknown>[] = [];
  const tokens: Record<string, unknown>[] = [];
  const service = await unitUnderTest(SignInService, [
    [APP_CONFIG, { baseUrl: 'https://dondoc.example.org' }],
    [MailTransport, fake<MailTransport>({ send: async (m: (typeof sent)[number]) => void sent.push(m) })],
    [
      StaffRepository,
      fake<StaffRepository>({
        findByEmail: async (e: string) => (e === user.email ? { ...user, active: o.active ?? true } : undefined),
        memberships: async () => (o.roles === false ? [] : [{ planId: spec.id, roleKey: 'officer_ldtbxh', unitId: null, source: 'plan' }]),
        addSignInToken: async (t: Record<string, unknown>) => (tokens.push(t), !o.capped),
        signIn: async () => (o.signInRefusal ? { refused: o.signInRefusal, userId: user.id } : { nextPath: '/viec-cua-toi' }),
      }),
    ],
    [PlanRepository, fake<PlanRepository>({ list: async () => [planRowFactory(spec)] })],
    [ActionLinkRepository, fake<ActionLinkRepository>({ refuse: async (r: Record<string, unknown>) => void refused.push(r) })],
  ]);
  return { service, sent, refused, tokens };
}

describe('SignInService', () => {
  it('mails a known user with a role a link to this site, keeping a safe next path', async () => {
    const { service, sent, tokens } = await signIn();
    await service.request(user.email, '/plans/TEST-SIGNIN');
    await new Promise((r) => setImmediate(r));
    expect(tokens).toEqual([expect.objectContaining({ userId: user.id, nextPath: '/plans/TEST-SIGNIN' })]);
    expect(sent).toHaveLength(1);
    expect(sent[0].to).toBe(user.email);
    expect(`${sent[0].text}${sent[0].html}`).toContain('https://dondoc.example.org/dang-nhap/xac-nhan?t=');
  });

  it('sends nothing to an unknown, disabled or roleless address, and records a capped one', async () => {
    for (const o of [{ active: false }, { roles: false }]) {
      const s = await signIn(o);
      await s.service.request(user.email, undefined);
      await s.service.request('nobody@test.example.org', undefined);
      expect(s.sent).toEqual([]);
    }
    const capped = await signIn({ capped: true });
    await capped.service.request(user.email, undefined);
    expect(capped.sent).toEqual([]);
    expect(capped.refused).toEqual([expect.objectContaining({ kind: 'sign-in', reason: 'rate-limited', userId: user.id })]);
  });

  it('opens a session once for a good token, and records a refusal for a used or malformed one', async () => {
    const ok = await (await signIn()).service.confirm('t'.repeat(43));
    expect(ok).toMatchObject({ nextPath: '/viec-cua-toi', sessionToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const used = await signIn({ signInRefusal: 'used' });
    expect(await used.service.confirm('t'.repeat(43))).toEqual({ refused: 'used' });
    expect(await used.service.confirm('short')).toEqual({ refused: 'unknown' });
    expect(used.refused.map((r) => r.reason)).toEqual(['used', 'unknown']);
  });

  it('sets the secure cookie only on an https site', async () => {
    expect((await signIn()).service.secureCookie).toBe(true);
  });
});

describe('where signing in lands (`next`)', () => {
  it('is a path of this site only: an app page, an old page (which leads to the app), never another site', () => {
    for (const ok of [
      '/app/',
      '/app/ke-hoach/HG-2023/buoc/I01.5',
      '/app/phe-duyet?plan=HG',
      '/plans/HG-2023/steps/I01.5',
      '/hanh-dong/abc',
    ])
      expect(safeNextPath(ok)).toBe(ok);
    for (const bad of [
      '//evil.example/app/',
      '/\\evil.example',
      'https://evil.example/app/',
      'app/',
      '/app/ x',
      '',
      `/app/${'x'.repeat(500)}`,
      null,
      42,
    ])
      expect(safeNextPath(bad)).toBeNull();
  });
});
