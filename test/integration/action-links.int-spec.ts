import { createWorkerServices } from '../../apps/worker/src/worker-services.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { ActionLinkMinter } from '../../apps/worker/src/steps/action-links.js';
import { StepMailComposer } from '../../apps/worker/src/steps/step-mail.composer.js';
import { APP_DB_ROLE, createDataSource, hashToken, PlanRepository, RoleRepository, StepRepository } from '#libs/database/src/index.js';
import { planCalendarYears, WorkingCalendar } from '#libs/domain/src/index.js';
import { planFactory, stepFactory } from '../factories/plan.factory.js';
import { seedRunningSteps } from '../factories/running-step.js';
import { createTestDatabase, type TestDatabase } from '../utils/database.js';

const SECRET = 'a-test-secret-of-at-least-32-characters';
const seat = { planId: 'P', stepId: 'I99.1', roleKey: 'vice_chair_vhxh', unitId: null, toAddress: 'pct@x.example.org' };

describe('ActionLinkMinter', () => {
  const minter = new ActionLinkMinter('http://dondoc.test', SECRET);

  it('gives the same mail the same reference, 256 bits in base64url, and stores only its SHA-256', () => {
    const a = minter.mint('P:I99.1:2:step-approval-request:vice_chair_vhxh', 'approve', seat);
    const b = new ActionLinkMinter('http://dondoc.test', SECRET).mint('P:I99.1:2:step-approval-request:vice_chair_vhxh', 'approve', seat);
    expect(b.url).toBe(a.url);
    const ref = a.url.slice('http://dondoc.test/hanh-dong/'.length);
    expect(ref).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.link).toMatchObject({ refHash: hashToken(ref), action: 'approve', roleKey: 'vice_chair_vhxh', planId: 'P', stepId: 'I99.1' });
    expect(JSON.stringify(a.link)).not.toContain(ref);
  });

  it('gives another action, another mail or another secret another reference', () => {
    const key = 'P:I99.1:2:step-approval-request:vice_chair_vhxh';
    const urls = [
      minter.mint(key, 'approve', seat).url,
      minter.mint(key, 'reject', seat).url,
      minter.mint('P:I99.1:4:step-approval-request:vice_chair_vhxh', 'approve', seat).url,
      new ActionLinkMinter('http://dondoc.test', `${SECRET}!`).mint(key, 'approve', seat).url,
    ];
    expect(new Set(urls).size).toBe(4);
  });

  it('lets a link work 14 days from when the mail is written', () => {
    const now = new Date('2026-03-02T01:00:00Z');
    const { link } = new ActionLinkMinter('http://dondoc.test', SECRET, () => now).mint('k', 'submit', seat);
    expect(link.expiresAt.toISOString()).toBe('2026-03-16T01:00:00.000Z');
  });
});

describe('action links written with their mails (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const step = stepFactory({ id: 'I99.1', due: '2023-04-07' });
  const plan = planFactory({ id: 'TEST-LINKS' }, [step]);
  const realStart = new Date('2026-01-05T01:00:00Z');
  const composer = () => new StepMailComposer('http://dondoc.test', new ActionLinkMinter('http://dondoc.test', SECRET, () => realStart));
  const service = () =>
    createWorkerServices(ds, { baseUrl: 'http://dondoc.test', stepMails: composer(), now: () => realStart }).transitions;
  const key = { planId: plan.id, stepId: step.id };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url, { role: APP_DB_ROLE }).initialize();
    await seedRunningSteps(ds, plan, [step], realStart);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const links = async () => ds.query(`SELECT mail_key, action, role_key, ref_hash FROM action_link ORDER BY mail_key, action`);
  const refsIn = (text: string) => [...text.matchAll(/\/hanh-dong\/([A-Za-z0-9_-]{43})/g)].map((m) => m[1]);

  it('writes the new-task link and the approval request links in the transaction of their mails, once when the activity runs twice', async () => {
    await service().record({ ...key, seq: 1, transition: { kind: 'assigned' } });
    const submitted = { ...key, seq: 2, transition: { kind: 'submitted' as const, actor: 'officer_ldtbxh', note: 'Biên bản số 12' } };
    await service().record(submitted);
    await service().record(submitted); // a retried activity: a new worker, the same secret
    expect((await links()).map((l: { mail_key: string; action: string; role_key: string }) => [l.mail_key, l.action, l.role_key])).toEqual([
      ['TEST-LINKS:I99.1:1:step-assigned:officer_ldtbxh', 'submit', 'officer_ldtbxh'],
      ['TEST-LINKS:I99.1:2:step-approval-request:vice_chair_vhxh', 'approve', 'vice_chair_vhxh'],
      ['TEST-LINKS:I99.1:2:step-approval-request:vice_chair_vhxh', 'reject', 'vice_chair_vhxh'],
    ]);
    const [mail] = await ds.query(
      `SELECT text FROM mail_outbox WHERE idempotency_key = 'TEST-LINKS:I99.1:2:step-approval-request:vice_chair_vhxh'`,
    );
    const refs = refsIn(mail.text);
    expect(refs).toHaveLength(2);
    expect(refs.map(hashToken).sort()).toEqual(
      (await links())
        .slice(1)
        .map((l: { ref_hash: string }) => l.ref_hash)
        .sort(),
    );
  });

  it('composes the same mail with the same links when it is composed again', async () => {
    const p = (await new PlanRepository(ds).find(plan.id))!;
    const row = (await new StepRepository(ds).find(plan.id, step.id))!;
    const cal = WorkingCalendar.vietnam(planCalendarYears(p.spec));
    const roles = await new RoleRepository(ds).forPlan(plan.id);
    const t = { kind: 'submitted' as const, actor: 'officer_ldtbxh', note: 'Biên bản số 12' };
    const [a] = composer().compose(p, roles, row, row, 2, t, cal);
    const [b] = composer().compose(p, roles, row, row, 2, t, cal);
    expect(a.html).toBe(b.html);
    expect(a.actionLinks).toEqual(b.actionLinks);
    const [stored] = await ds.query(`SELECT html FROM mail_outbox WHERE idempotency_key = $1`, [a.idempotencyKey]);
    expect(refsIn(stored.html)).toEqual(refsIn(a.html));
  });
});
