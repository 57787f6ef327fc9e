import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DONDOC_ASSIGNEE, DONDOC_DUE_DATE, DONDOC_STATE, DONDOC_UNIT } from '#libs/contracts/src/index.js';
import { createDataSource, eventHashV1 } from '#libs/database/src/index.js';
import { runCli } from '../utils/cli.js';
import { eventually, startSeedStack, type Stack } from '../utils/stack.js';

// The seed plan under an id of this file's own: test files share one Temporal server, and workflow ids are business ids.
const PLAN = `HG-2023-BVCSTE-${randomBytes(3).toString('hex')}`;

/**
 * A rehearsal at compressed time against the real Temporal dev server: the plan starts on 05/04/2023 and one plan
 * day passes in three real seconds, so I01.5 (due Fri 07/04) gets its T-1 and due-day reminders (4 s and 7 s after
 * the start, well after the plan-run workflow has started the step workflows; the T-3 one, 04/04, is already past
 * and is not sent) and becomes overdue while the test watches.
 */
describe('rehearsal: a step becomes overdue at the end of its due day', () => {
  let s: Stack;
  const SPEED = 86_400 / 3;
  beforeAll(async () => {
    s = await startSeedStack(PLAN, { workerOps: true });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('steps already past due start overdue; I01.5 turns overdue by its timer and its assignee is told with the first escalation', async () => {
    const run = await s.http('POST', `/api/v1/plans/${PLAN}/run`, { speed: SPEED, planStart: '2023-04-05' });
    expect(run.status).toBe(200);
    const early = await s.http('GET', `/api/v1/plans/${PLAN}/status`);
    expect(early.body.buckets.open_overdue.count).toBe(3); // I01.1-I01.3 were due before 05/04
    expect(early.body.buckets.open_on_time.count).toBe(1);

    const overdue = await s.waitForMail((m) => m.subject.startsWith('[Quá hạn] I01.5'), 40_000);
    expect(overdue.to).toEqual(['taichinh@hagiang.example.org']);
    expect(overdue.text).toContain('Thứ Sáu, 07/04/2023');
    const row = await eventually(
      async () => {
        const [r] = await s.ds.query(`SELECT overdue, bucket FROM step WHERE step_id = 'I01.5'`);
        return r.overdue ? r : undefined;
      },
      10_000,
      'I01.5 marked overdue',
    );
    expect(row.bucket).toBe('open_overdue');

    // The worker's notice lag: the two reminders and the overdue notice (I01.1–I01.3's too), each from its planned
    // instant to its mail handed to SMTP.
    const metrics = await (await fetch(`${s.workerOpsUrl}/metrics`)).text();
    const count = (kind: string) =>
      Number(new RegExp(`^dondoc_notice_lag_seconds_count\\{kind="${kind}"\\} (\\d+)$`, 'm').exec(metrics)?.[1] ?? 0);
    expect(metrics).toMatch(/^# TYPE dondoc_notice_lag_seconds histogram$/m);
    expect(count('reminder')).toBeGreaterThanOrEqual(2);
    expect(count('overdue') + count('escalation')).toBeGreaterThanOrEqual(1);
    const sum = Number(/^dondoc_notice_lag_seconds_sum\{kind="reminder"\} ([\d.e+-]+)$/m.exec(metrics)?.[1]);
    // Each reminder left within a minute of its planned instant (a plan day is 3 s here).
    expect(sum).toBeGreaterThan(0);
    expect(sum / count('reminder')).toBeLessThan(60);
  });

  it("an operator lists the plan's overdue steps by search attributes, each with its title in the memo", async () => {
    const connection = await Connection.connect({ address: s.config.temporal.address });
    try {
      const client = new Client({ connection, namespace: s.config.temporal.namespace });
      const list = async (query: string) => {
        const out = [];
        for await (const w of client.workflow.list({ query })) out.push(w);
        return out.sort((a, b) => a.workflowId.localeCompare(b.workflowId));
      };
      // Visibility follows the workflows' upserts within moments.
      const overdue = await eventually(
        async () => {
          const l = await list(`DondocPlanId = "${PLAN}" AND DondocState = "overdue"`);
          return l.length === 4 ? l : undefined;
        },
        20_000,
        'four overdue steps listed',
      );
      expect(overdue.map((w) => w.workflowId)).toEqual(['I01.1', 'I01.2', 'I01.3', 'I01.5'].map((id) => `step-${PLAN}-${id}`));
      const i015 = overdue[3];
      expect(i015.memo).toEqual({ title: expect.stringMatching(/\S/) });
      const [row] = await s.ds.query(`SELECT title, assignee FROM step WHERE plan_id = $1 AND step_id = 'I01.5'`, [PLAN]);
      expect(i015.memo?.title).toBe(row.title);
      expect(i015.typedSearchAttributes.get(DONDOC_STATE)).toBe('overdue');
      expect(i015.typedSearchAttributes.get(DONDOC_UNIT)).toBe('commune');
      expect(i015.typedSearchAttributes.get(DONDOC_ASSIGNEE)).toBe(row.assignee);
      expect(i015.typedSearchAttributes.get(DONDOC_DUE_DATE)?.toISOString()).toBe('2023-04-06T17:00:00.000Z'); // 07/04/2023 00:00 in Hà Nội
      // The plan-run workflow carries the plan id too; a plan with nothing overdue lists nothing.
      expect((await list(`DondocPlanId = "${PLAN}" AND WorkflowType = "planRunWorkflow"`)).length).toBe(1);
      expect(await list(`DondocPlanId = "${PLAN}-none" AND DondocState = "overdue"`)).toEqual([]);
    } finally {
      await connection.close();
    }
  });

  it('completing it now counts as "hoàn thành quá hạn", and the rollup matches a recount', async () => {
    const step = `/api/v1/plans/${PLAN}/steps/I01.5`;
    expect((await s.http('POST', `${step}/submission`, { note: 'Nộp muộn' }, 'finance_officer')).status).toBe(200);
    const returned = await s.http('POST', `${step}/rejection`, { reason: 'Thiếu bảng chi tiết' }, 'vice_chair_vhxh');
    expect(returned.body).toMatchObject({ state: 'returned', bucket: 'open_overdue' });
    await s.waitForMail((m) => m.subject.startsWith('[Trả lại] I01.5') && m.text.includes('Thiếu bảng chi tiết'));
    expect((await s.http('POST', `${step}/submission`, { note: 'Đã bổ sung' }, 'finance_officer')).status).toBe(200);
    const approved = await s.http('POST', `${step}/approval`, {}, 'vice_chair_vhxh');
    expect(approved.body).toMatchObject({ state: 'completed', bucket: 'completed_late', bucketLabel: 'hoàn thành quá hạn' });

    const status = await s.http('GET', `/api/v1/plans/${PLAN}/status`);
    expect(status.body.buckets.completed_late.count).toBe(1);
    // Submitted after the first escalation (Mon 10/04 or later): at least one working day, three calendar days late.
    const late = status.body.steps.find((x: { stepId: string }) => x.stepId === 'I01.5').late;
    expect(late.workingDays).toBeGreaterThanOrEqual(1);
    expect(late.calendarDays).toBeGreaterThanOrEqual(3);
    const recount = await s.ds.query(
      `SELECT item_id, coalesce(unit_id, '') AS unit_id, bucket, count(*)::int AS n FROM step GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    const rollup = await s.ds.query(`SELECT item_id, unit_id, bucket, count AS n FROM status_rollup WHERE count > 0 ORDER BY 1, 2, 3`);
    expect(rollup).toEqual(recount);
    const kinds = (await s.http('GET', step)).body.events.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['assigned', 'reminder', 'reminder', 'overdue', 'escalation', 'submitted', 'returned', 'submitted', 'approved']);
    // Its search attributes followed: no longer among the overdue ones.
    const connection = await Connection.connect({ address: s.config.temporal.address });
    try {
      const client = new Client({ connection, namespace: s.config.temporal.namespace });
      const ids = async (query: string) => {
        const out: string[] = [];
        for await (const w of client.workflow.list({ query })) out.push(w.workflowId);
        return out.sort();
      };
      await eventually(
        async () => ((await ids(`DondocPlanId = "${PLAN}" AND DondocState = "completed"`)).length === 1 ? true : undefined),
        20_000,
        'I01.5 listed completed',
      );
      expect(await ids(`DondocPlanId = "${PLAN}" AND DondocState = "overdue"`)).toEqual(
        ['I01.1', 'I01.2', 'I01.3'].map((id) => `step-${PLAN}-${id}`),
      );
    } finally {
      await connection.close();
    }
  });

  it('the audit verifier passes on the seed plan after the rehearsal, and finds an event the owner forged', async () => {
    const env = { DATABASE_URL: s.db.url, APP_SECRET: s.config.secret };
    const ok = runCli(env, 'audit', 'verify', PLAN);
    expect(ok.stdout).toMatch(new RegExp(`^Nhật ký kiểm toán của kế hoạch ${PLAN} toàn vẹn: \\d+ nội dung, \\d+ sự kiện\\.\\n$`));
    expect(ok.code).toBe(0);
    // The owner (the test's superuser, not the api's role) appends an approval with a correct-looking plain SHA-256, triggers off.
    const owner = await createDataSource(s.db.url, { poolSize: 1 }).initialize();
    try {
      const [last] = await owner.query(
        `SELECT seq, hash FROM step_event WHERE plan_id = $1 AND step_id = 'I01.3' ORDER BY seq DESC LIMIT 1`,
        [PLAN],
      );
      const forged = {
        planId: PLAN,
        stepId: 'I01.3',
        seq: last.seq + 1,
        kind: 'approved',
        actor: 'vice_chair_vhxh',
        note: null,
        atPlan: new Date('2023-04-06T02:00:00Z'),
      };
      await owner.query(`ALTER TABLE step_event DISABLE TRIGGER USER`);
      await owner.query(
        `INSERT INTO step_event (plan_id, step_id, seq, kind, actor, at_plan, prev_hash, hash, chain_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 2)`,
        [PLAN, 'I01.3', forged.seq, forged.kind, forged.actor, forged.atPlan, last.hash, eventHashV1(last.hash, forged)],
      );
      await owner.query(`ALTER TABLE step_event ENABLE TRIGGER USER`);
      const broken = runCli(env, 'audit', 'verify', PLAN);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain(
        `Liên kết hỏng đầu tiên: nội dung I01.3, sự kiện số ${forged.seq}: nội dung không khớp với mã băm có khóa`,
      );
    } finally {
      await owner.destroy();
    }
  });
});
