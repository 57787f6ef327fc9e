import { describe, expect, it } from '@jest/globals';
import { PlanRepository, StaffRepository, StepRepository, type StepEventRow } from '#libs/database/src/index.js';
import { planFactory } from '../../../../test/factories/plan.factory.js';
import { fake, planRowFactory, signedInUserFactory, stepRowFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { MyWorkService } from './my-work.service.js';

const spec = planFactory({ id: 'TEST-WORK' });
// Plan time runs at speed 1 from 2023-04-03 (real 2026-01-05T01:00Z): real 2026-01-09T03:00Z is Friday 2023-04-07 in plan time.
const now = new Date('2026-01-09T03:00:00Z');
const event = (kind: string, over: Partial<StepEventRow> = {}): StepEventRow => ({
  seq: 2,
  kind,
  actor: 'x',
  note: null,
  at: now,
  atPlan: new Date('2023-04-06T03:00:00Z'),
  ...over,
});

const work = (rows: ReturnType<typeof stepRowFactory>[], events: StepEventRow[] = []) =>
  unitUnderTest(MyWorkService, [
    [
      PlanRepository,
      fake<PlanRepository>({ find: async (id: string) => (id === spec.id ? planRowFactory(spec, { running: true }) : undefined) }),
    ],
    [
      StaffRepository,
      fake<StaffRepository>({ holderName: async (_plan: string, role: string) => (role === 'finance_officer' ? 'Nguyễn Thị Tài' : null) }),
    ],
    [StepRepository, fake<StepRepository>({ forHolder: async () => rows, events: async () => events })],
  ]);

describe('MyWorkService', () => {
  it('counts working days left to the due date in plan time, and says a returned step why', async () => {
    const rows = [
      stepRowFactory({ planId: spec.id, stepId: 'I99.1', dueDate: '2023-04-11' }),
      stepRowFactory({ planId: spec.id, stepId: 'I99.2', state: 'returned', dueDate: '2023-04-05', unitId: 'thon_01' }),
    ];
    const items = await (await work(rows, [event('returned', { note: 'Thiếu danh sách' })])).myWork(signedInUserFactory(), now);
    expect(items[0]).toMatchObject({ stepId: 'I99.1', time: { left: 2 }, returnReason: null, unitName: null });
    expect(items[1]).toMatchObject({
      stepId: 'I99.2',
      returnReason: 'Thiếu danh sách',
      unitName: 'Thôn Một',
      time: { late: expect.anything() },
    });
  });

  it('leaves out steps of plans that are gone, and shows an approval with its submission', async () => {
    const rows = [stepRowFactory({ planId: 'GONE' }), stepRowFactory({ planId: spec.id, state: 'submitted' })];
    const evidence = { version: 2, links: ['https://x.example.org'], files: [] };
    const items = await (
      await work(rows, [event('submitted', { note: 'Đã xong', evidence } as Partial<StepEventRow>)])
    ).approvals(signedInUserFactory(), now);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      assignee: spec.roles.officer_ldtbxh!.title,
      note: 'Đã xong',
      version: 2,
      links: ['https://x.example.org'],
      submittedAtVi: expect.stringMatching(/06\/04\/2023/),
    });
  });
});
