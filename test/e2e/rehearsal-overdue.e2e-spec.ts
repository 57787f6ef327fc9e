import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createDataSource, eventHashV1 } from '../../libs/database/src/index.js';
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
    s = await startSeedStack(PLAN);
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
    const row = await eventually(async () => {
      const [r] = await s.ds.query(`SELECT overdue, bucket FROM step WHERE step_id = 'I01.5'`);
      return r.overdue ? r : undefined;
    }, 10_000, 'I01.5 marked overdue');
    expect(row.bucket).toBe('open_overdue');
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
    const recount = await s.ds.query(`SELECT item_id, coalesce(unit_id, '') AS unit_id, bucket, count(*)::int AS n FROM step GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
    const rollup = await s.ds.query(`SELECT item_id, unit_id, bucket, count AS n FROM status_rollup WHERE count > 0 ORDER BY 1, 2, 3`);
    expect(rollup).toEqual(recount);
    const kinds = (await s.http('GET', step)).body.events.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['assigned', 'reminder', 'reminder', 'overdue', 'escalation', 'submitted', 'returned', 'submitted', 'approved']);
  });

  it('the audit verifier passes on the seed plan after the rehearsal, and finds an event the owner forged', async () => {
    const env = { DATABASE_URL: s.db.url, APP_SECRET: s.config.secret };
    const ok = runCli(env, 'audit', 'verify', PLAN);
    expect(ok.stdout).toMatch(new RegExp(`^Nhật ký kiểm toán của kế hoạch ${PLAN} toàn vẹn: \\d+ nội dung, \\d+ sự kiện\\.\\n$`));
    expect(ok.code).toBe(0);
    // The owner (the test's superuser, not the api's role) appends an approval with a correct-looking plain SHA-256, triggers off.
    const owner = await createDataSource(s.db.url, { poolSize: 1 }).initialize();
    try {
      const [last] = await owner.query(`SELECT seq, hash FROM step_event WHERE plan_id = $1 AND step_id = 'I01.3' ORDER BY seq DESC LIMIT 1`, [PLAN]);
      const forged = { planId: PLAN, stepId: 'I01.3', seq: last.seq + 1, kind: 'approved', actor: 'vice_chair_vhxh', note: null, atPlan: new Date('2023-04-06T02:00:00Z') };
      await owner.query(`ALTER TABLE step_event DISABLE TRIGGER USER`);
      await owner.query(
        `INSERT INTO step_event (plan_id, step_id, seq, kind, actor, at_plan, prev_hash, hash, chain_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 2)`,
        [PLAN, 'I01.3', forged.seq, forged.kind, forged.actor, forged.atPlan, last.hash, eventHashV1(last.hash, forged)],
      );
      await owner.query(`ALTER TABLE step_event ENABLE TRIGGER USER`);
      const broken = runCli(env, 'audit', 'verify', PLAN);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain(`Liên kết hỏng đầu tiên: nội dung I01.3, sự kiện số ${forged.seq}: nội dung không khớp với mã băm có khóa`);
    } finally {
      await owner.destroy();
    }
  });
});
