import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { getPlanRunProgress, type PlanRunProgress } from '#libs/contracts/src/index.js';
import type { CaughtMail } from '#libs/mail/src/index.js';
import { readMailbox } from '#libs/mail/src/index.js';
import { recordAndReplay } from '../utils/histories.js';
import { eventually, seedPlanI01WithVillages, startStack, type Stack } from '../utils/stack.js';

const PLAN = `FAN-${randomBytes(3).toString('hex')}`;
const LATE = 'I01.4-thon_07'; // Thôn Hạ never submits on time
/** One working day ≈ 2.5 s. */
const SPEED = 34_560;

/**
 * A plan run through the real plan-run workflow tree (at most 5 children per workflow, so the 14 instances of item
 * I01 go root → 3 range workflows → step workflows) and a village fan-out step with one late village: only that
 * village is escalated, each rung once, and the parent's percentage and "on time 9/10" KPI come out right.
 */
describe('plan run: workflow tree and a village fan-out with one late village', () => {
  let s: Stack;
  let client: Client;
  let connection: Connection;
  const village = (m: CaughtMail) => m.subject.includes('I01.4 –');
  beforeAll(async () => {
    s = await startStack({ maxChildren: 5 });
    await s.startWorker();
    await s.loadPlan(seedPlanI01WithVillages(PLAN));
    connection = await Connection.connect({ address: s.config.temporal.address });
    client = new Client({ connection });
  });
  afterAll(async () => {
    await connection?.close();
    await s?.close();
  });

  it('starts one plan-run workflow, which starts the 14 step workflows through 3 range workflows; starting again starts nothing', async () => {
    const r = await s.runPlan(PLAN, { speed: SPEED, planStart: '2023-04-10' });
    expect(r).toMatchObject({ status: 200, body: { stepsCreated: 14, runWorkflowId: `plan-${PLAN}`, runStarted: true } });
    expect((await s.http('POST', `/api/v1/plans/${PLAN}/run`, { speed: SPEED })).body).toMatchObject({
      stepsCreated: 0,
      runStarted: false,
    });

    const root = await client.workflow.getHandle(`plan-${PLAN}`).query(getPlanRunProgress);
    expect(root).toMatchObject({ instances: 14, children: 3 });
    const ranges = [`plan-${PLAN}-r0-5`, `plan-${PLAN}-r5-10`, `plan-${PLAN}-r10-14`];
    const sizes = await Promise.all(ranges.map(async (id) => (await client.workflow.getHandle(id).query(getPlanRunProgress)).children));
    expect(sizes).toEqual([5, 5, 4]);
    const late = await client.workflow.getHandle(`step-${PLAN}-${LATE}`).describe();
    expect(late.parentExecution?.workflowId).toBe(`plan-${PLAN}-r10-14`);
    const rows = await s.ds.query(`SELECT count(*)::int AS n FROM step WHERE plan_id = $1 AND seq > 0`, [PLAN]);
    expect(rows[0].n).toBe(14);
  });

  it('nine villages submit their plans on time; they count as done and get no more notices', async () => {
    for (let n = 1; n <= 10; n++) {
      const id = `I01.4-thon_${String(n).padStart(2, '0')}`;
      if (id === LATE) continue;
      const r = await s.http(
        'POST',
        `/api/v1/plans/${PLAN}/steps/${id}/submission`,
        { note: `Kế hoạch thôn số ${n}/KH-TT` },
        'village_head',
      );
      expect(r).toMatchObject({ status: 200, body: { state: 'completed', bucket: 'completed_on_time' } });
    }
    const status = await s.http('GET', `/api/v1/plans/${PLAN}/status`);
    expect(status.body.progress).toContainEqual({
      stepId: 'I01.4',
      instances: 10,
      completed: 9,
      completedOnTime: 9,
      percentComplete: 90,
      onTimeRatio: '9/10',
    });
  });

  it('the late village is escalated to the officer, the vice-chairman and the chairman, once each, on working days; no other village is', async () => {
    await s.waitForMail((m) => village(m) && m.subject.startsWith('[Đôn đốc]') && m.to.includes('chu-tich@hagiang.example.org'), 90_000);
    const mails = (await readMailbox(s.mailboxDir)).filter(village);
    const escalations = mails.filter((m) => m.subject.startsWith('[Đôn đốc]'));
    expect(escalations.every((m) => m.subject.includes('Thôn Hạ'))).toBe(true);
    // Rungs at +1, +3 and +5 working days after Friday 14/04/2023: Monday 17, Wednesday 19 and Friday 21 April.
    expect(escalations.map((m) => `${m.to[0]} ${/quá hạn (\d+) ngày làm việc/.exec(m.subject)?.[1]}`).sort()).toEqual([
      'chu-tich@hagiang.example.org 5',
      'pct-vhxh@hagiang.example.org 3',
      'vhxh-ldtbxh@hagiang.example.org 1',
    ]);
    expect(
      mails
        .filter((m) => m.subject.startsWith('[Quá hạn]'))
        .every((m) => m.subject.includes('Thôn Hạ') && m.to[0] === 'truongthon-07@hagiang.example.org'),
    ).toBe(true);
    const events = (await s.http('GET', `/api/v1/plans/${PLAN}/steps/${LATE}`)).body.events as { kind: string }[];
    expect(events.filter((e) => e.kind === 'escalation')).toHaveLength(3);
    // The other villages may have had a reminder before they submitted (the run starts on a reminder day); nothing after.
    const others = await s.ds.query(
      `SELECT count(*)::int AS n FROM step_event e WHERE plan_id = $1 AND step_id LIKE 'I01.4-%' AND step_id <> $2
         AND (kind IN ('escalation', 'overdue') OR (kind <> 'approved' AND seq > (SELECT min(seq) FROM step_event s WHERE s.plan_id = e.plan_id AND s.step_id = e.step_id AND s.kind = 'submitted')))`,
      [PLAN, LATE],
    );
    expect(others[0].n).toBe(0);
    const status = await s.http('GET', `/api/v1/plans/${PLAN}/status`);
    expect(status.body.byItemUnit).toContainEqual({
      itemId: 'I01',
      unitId: 'thon_07',
      counts: expect.objectContaining({ open_overdue: 1 }),
    });
    expect(status.body.byItemUnit).toContainEqual({
      itemId: 'I01',
      unitId: 'thon_01',
      counts: expect.objectContaining({ completed_on_time: 1, open_overdue: 0 }),
    });
  });

  it('when the late village submits, the step is all done but the KPI stays 9/10 on time; the parent sees its children close', async () => {
    const r = await s.http(
      'POST',
      `/api/v1/plans/${PLAN}/steps/${LATE}/submission`,
      { note: 'Kế hoạch thôn Hạ (nộp muộn)' },
      'village_head',
    );
    expect(r).toMatchObject({ status: 200, body: { state: 'completed', bucket: 'completed_late' } });
    const status = await s.http('GET', `/api/v1/plans/${PLAN}/status`);
    expect(status.body.progress).toContainEqual({
      stepId: 'I01.4',
      instances: 10,
      completed: 10,
      completedOnTime: 9,
      percentComplete: 100,
      onTimeRatio: '9/10',
    });
    const range = await eventually(
      async () => {
        const p: PlanRunProgress = await client.workflow.getHandle(`plan-${PLAN}-r10-14`).query(getPlanRunProgress);
        return p.closedInstances === 4 ? p : undefined;
      },
      30_000,
      'the last range workflow to see its four village steps close',
    );
    expect(range).toMatchObject({ instances: 4, children: 4, completed: 4, cancelled: 0 });
  });

  it('leaves histories of the plan-run tree that replay (DONDOC_RECORD_HISTORIES=1 adds them to the corpus)', async () => {
    const { results, status } = await recordAndReplay(s.config.temporal.address, [
      { workflowId: `plan-${PLAN}`, name: 'plan-run-workflow-root-tagged' },
      { workflowId: `plan-${PLAN}-r10-14`, name: 'plan-run-workflow-range-tagged' },
    ]);
    expect(results).toEqual([
      // replay.js reports the files in name order
      expect.objectContaining({ file: 'plan-run-workflow-range-tagged.json', ok: true, workflowType: 'planRunWorkflow' }),
      expect.objectContaining({ file: 'plan-run-workflow-root-tagged.json', ok: true, workflowType: 'planRunWorkflow' }),
    ]);
    expect(status).toBe(0);
  });
});
