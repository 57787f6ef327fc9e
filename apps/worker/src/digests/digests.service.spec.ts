import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import {
  OutboxRepository,
  PlanRepository,
  RoleRepository,
  StepRepository,
  type OutboxMail,
  type RoleRow,
} from '#libs/database/src/index.js';
import { planFactory } from '../../../../test/factories/plan.factory.js';
import { fake, fakeDataSource, planRowFactory, stepRowFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { DigestMailComposer, weeklyDigestKey } from './digest-mail.composer.js';
import { DigestsService } from './digests.service.js';

const spec = planFactory({ id: 'TEST-DIGESTS' });
const roles = new Map<string, RoleRow>(
  Object.values(spec.roles).map((r) => [
    r.key,
    { roleKey: r.key, title: r.title, person: r.person, email: r.email, supervisor: r.supervisor ?? null },
  ]),
);

async function digests(o: { running?: boolean; earlier?: string[] } = {}) {
  const queued: OutboxMail[] = [];
  const service = await unitUnderTest(DigestsService, [
    [DataSource, fakeDataSource()],
    [DigestMailComposer, new DigestMailComposer('http://dondoc.test')],
    [
      PlanRepository,
      fake<PlanRepository>({
        find: async (id: string) => (id === spec.id ? planRowFactory(spec, { running: o.running ?? true }) : undefined),
      }),
    ],
    [
      StepRepository,
      fake<StepRepository>({
        list: async () => [
          stepRowFactory({ planId: spec.id, stepId: 'I99.1', dueDate: '2023-04-12' }),
          stepRowFactory({
            planId: spec.id,
            stepId: 'I99.2',
            dueDate: '2023-04-05',
            state: 'assigned',
            bucket: 'open_overdue',
            overdue: true,
          }),
        ],
      }),
    ],
    [RoleRepository, fake<RoleRepository>({ forPlan: async () => roles })],
    [
      OutboxRepository,
      fake<OutboxRepository>({
        enqueue: async (_m: unknown, mail: OutboxMail) => void queued.push(mail),
        keysWithPrefix: async (_m: unknown, p: string) =>
          [...queued.map((q) => q.idempotencyKey), ...(o.earlier ?? [])].filter((k) => k.startsWith(p)),
      }),
    ],
  ]);
  return { service, queued };
}

describe('DigestsService', () => {
  it('schedules the weekly digests on the first working day of each week until a week after the last due date, from the run start on', async () => {
    const { service } = await digests();
    // The run's clock: plan 2023-04-03 (Monday) is real 2026-01-05T01:00Z; the last step is due 2023-04-12.
    const days = await service.schedule({ planId: spec.id, since: '2026-01-05T00:00:00Z', limit: 10 });
    expect(days.map((d) => [d.date, d.weekly])).toEqual([
      ['2023-04-03', true],
      ['2023-04-10', true],
      ['2023-04-17', true],
    ]);
    expect(days[0].atReal).toBe('2026-01-05T09:00:00.000Z'); // 08:00 of the plan day, 8 hours after the run start (plan 00:00);
    expect(
      (await service.schedule({ planId: spec.id, since: '2026-01-05T00:00:00Z', after: '2023-04-10', limit: 10 })).map((d) => d.date),
    ).toEqual(['2023-04-17']);
  });

  it("writes the week's digest to the monitoring body under its week's key, and returns it to deliver", async () => {
    const { service, queued } = await digests();
    const keys = await service.queue({ planId: spec.id, date: '2023-04-10', week: '2023-W15', weekly: true, daily: false });
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ idempotencyKey: weeklyDigestKey(spec.id, '2023-W15'), toAddress: spec.roles.chairman.email });
    expect(keys).toEqual([weeklyDigestKey(spec.id, '2023-W15')]);
    // It links the plan's page in the web app.
    expect(queued[0]!.text).toContain('http://dondoc.test/app/ke-hoach/TEST-DIGESTS');
    expect(queued[0]!.html).not.toContain('http://dondoc.test/plans/');
  });

  it('fails for good on a plan without a run', async () => {
    await expect(
      (await digests({ running: false })).service.queue({
        planId: spec.id,
        date: '2023-04-10',
        week: '2023-W15',
        weekly: true,
        daily: false,
      }),
    ).rejects.toMatchObject({ type: 'PLAN_NOT_RUNNING' });
  });
});
