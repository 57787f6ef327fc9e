import { createWorkerServices } from '../../apps/worker/src/worker-services.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { StepTransitionsService } from '../../apps/worker/src/steps/step-transitions.service.js';
import { auditKeyFrom, createDataSource, eventHashV1, eventHashV2, StepRepository } from '#libs/database/src/index.js';
import type { ActedBy } from '#libs/domain/src/index.js';
import { runCli } from '../utils/cli.js';
import { createTestDatabase, type TestDatabase } from '../utils/database.js';
import { planFactory, stepFactory } from '../factories/plan.factory.js';
import { seedRunningSteps } from '../factories/running-step.js';

describe('recording step transitions (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let service: StepTransitionsService;
  const step = stepFactory({ id: 'I99.1', due: '2023-04-07' });
  const step2 = stepFactory({ id: 'I99.2', due: '2023-04-07' });
  const plan = planFactory({ id: 'TEST-TRANSITIONS' }, [step, step2]);
  const secret = 'audit-test-secret-0123456789abcdefghij';
  const key = auditKeyFrom(secret);
  const realStart = new Date('2026-01-05T01:00:00Z');
  let now = realStart;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url).initialize();
    // Plan time starts on 03/04/2023 at real pace.
    await seedRunningSteps(ds, plan, [step, step2], realStart);
    service = createWorkerServices(ds, { baseUrl: 'http://dondoc.test', now: () => now, auditKey: key }).transitions;
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const where = { planId: 'TEST-TRANSITIONS', stepId: 'I99.1' };
  const counts = async () => ({
    events: Number((await ds.query(`SELECT count(*) AS n FROM step_event`))[0].n),
    mails: Number((await ds.query(`SELECT count(*) AS n FROM mail_outbox`))[0].n),
    rollup: await new StepRepository(ds).rollup(where.planId),
  });

  it('records a transition once even when the activity runs twice', async () => {
    const first = await service.record({ ...where, seq: 1, transition: { kind: 'assigned' } });
    const again = await service.record({ ...where, seq: 1, transition: { kind: 'assigned' } });
    expect(first.mailKeys).toEqual(['TEST-TRANSITIONS:I99.1:1:step-assigned:officer_ldtbxh']);
    expect(again.mailKeys).toEqual(first.mailKeys);
    // I99.2 (the audit tests below) counts as open from the start.
    expect(await counts()).toEqual({
      events: 1,
      mails: 1,
      rollup: { completed_on_time: 0, completed_late: 0, open_on_time: 2, open_overdue: 0, cancelled: 0 },
    });
  });

  it('writes the approval request to the approver with the evidence note', async () => {
    now = new Date(realStart.getTime() + 2 * 86400e3); // plan 05/04/2023
    const r = await service.record({
      ...where,
      seq: 2,
      transition: { kind: 'submitted', actor: 'officer_ldtbxh', note: 'Biên bản số 12' },
    });
    const [mail] = await ds.query(`SELECT to_address, subject, text FROM mail_outbox WHERE idempotency_key = $1`, [r.mailKeys[0]]);
    expect(mail.to_address).toBe('vice-chair-vhxh@test.example.org');
    expect(mail.subject).toBe('[Chờ duyệt] I99.1 – Bước thử nghiệm');
    expect(mail.text).toContain('Biên bản số 12');
  });

  it('an approval after the due day still counts the step on time when it was submitted on time', async () => {
    now = new Date(realStart.getTime() + 9 * 86400e3); // plan 12/04/2023, after the due day 07/04
    await service.record({ ...where, seq: 3, transition: { kind: 'approved', actor: 'vice_chair_vhxh' } });
    const [row] = await ds.query(`SELECT state, bucket, completed_at_plan FROM step WHERE step_id = 'I99.1'`);
    expect(row.state).toBe('completed');
    expect(row.bucket).toBe('completed_on_time');
    expect(new Date(row.completed_at_plan).toISOString()).toBe('2023-04-04T17:00:00.000Z'); // 05/04 00:00 local
    const { rollup } = await counts();
    expect(rollup).toEqual({ completed_on_time: 1, completed_late: 0, open_on_time: 1, open_overdue: 0, cancelled: 0 });
  });

  it('refuses, without retrying, a transition of a step that does not exist', async () => {
    await expect(
      service.record({ planId: 'TEST-TRANSITIONS', stepId: 'NOPE', seq: 1, transition: { kind: 'assigned' } }),
    ).rejects.toMatchObject({
      type: 'STEP_NOT_FOUND',
      nonRetryable: true,
    });
    expect((await counts()).events).toBe(3);
  });

  it("records who acted beside the role: the person of a person's act, the system for what timers do", async () => {
    const by: ActedBy = {
      kind: 'user',
      userId: '00000000-0000-4000-8000-000000000001',
      name: 'Trần Thị B',
      email: 'pct@test.example.org',
      delegation: { id: 'd1', fromUserId: 'u0', fromName: 'Nguyễn Văn A', fromEmail: 'ct@test.example.org' },
    };
    await service.record({ planId: where.planId, stepId: 'I99.2', seq: 1, transition: { kind: 'assigned' } });
    await service.record({
      planId: where.planId,
      stepId: 'I99.2',
      seq: 2,
      transition: { kind: 'submitted', actor: 'officer_ldtbxh', note: 'Báo cáo' },
      by,
    });
    await service.record({ planId: where.planId, stepId: 'I99.2', seq: 3, transition: { kind: 'approved', actor: 'vice_chair_vhxh' } });
    const events = await new StepRepository(ds).events(where.planId, 'I99.2');
    expect(events.map((e) => [e.actor, e.actedBy])).toEqual([
      [null, { kind: 'system' }],
      ['officer_ldtbxh', by],
      ['vice_chair_vhxh', null],
    ]);
    const rows = await ds.query(`SELECT chain_version FROM step_event WHERE step_id = 'I99.2' ORDER BY seq`);
    expect(rows.map((r: { chain_version: number }) => r.chain_version)).toEqual([2, 2, 2]);
  });

  it('keys the chain: only the audit key verifies it, and the plan verifier (and the CLI) walks every step', async () => {
    const steps = new StepRepository(ds, key);
    expect(await steps.verifyAudit(where.planId, where.stepId)).toEqual({ valid: true, events: 3, v1Events: 0 });
    expect(await steps.verifyPlanAudit(where.planId)).toEqual({ planId: where.planId, valid: true, steps: 2, events: 6, v1Events: 0 });
    // The same rows with another key (the database alone cannot recompute the hashes).
    expect(
      await new StepRepository(ds, auditKeyFrom('another-secret-0123456789abcdefghijk')).verifyAudit(where.planId, where.stepId),
    ).toMatchObject({ valid: false, brokenAtSeq: 1, code: 'HASH_MISMATCH' });
    const ok = runCli({ DATABASE_URL: db.url, APP_SECRET: secret }, 'audit', 'verify', where.planId);
    expect(ok).toMatchObject({ code: 0, stdout: `Nhật ký kiểm toán của kế hoạch ${where.planId} toàn vẹn: 2 nội dung, 6 sự kiện.\n` });
  });

  it('refuses an event without a hash, or not chained with the key', async () => {
    await expect(
      ds.query(
        `INSERT INTO step_event (plan_id, step_id, seq, kind, at_plan, chain_version) VALUES ($1, 'I99.1', 9, 'approved', now(), 2)`,
        [where.planId],
      ),
    ).rejects.toThrow(/null value in column "hash"/);
    await expect(
      ds.query(
        `INSERT INTO step_event (plan_id, step_id, seq, kind, at_plan, chain_version, hash) VALUES ($1, 'I99.1', 9, 'approved', now(), 2, '')`,
        [where.planId],
      ),
    ).rejects.toThrow(/step_event_hash_chk/);
    await expect(
      ds.query(
        `INSERT INTO step_event (plan_id, step_id, seq, kind, at_plan, chain_version, hash) VALUES ($1, 'I99.1', 9, 'approved', now(), 1, $2)`,
        [where.planId, 'a'.repeat(64)],
      ),
    ).rejects.toThrow(/audit key/);
    expect((await counts()).events).toBe(6);
  });

  it('finds a forged event appended by the owner with a correct-looking plain SHA-256, and an altered payload, at the first broken link', async () => {
    const steps = new StepRepository(ds, key);
    const [last] = await ds.query(`SELECT hash FROM step_event WHERE step_id = 'I99.2' ORDER BY seq DESC LIMIT 1`);
    const forged = {
      planId: where.planId,
      stepId: 'I99.2',
      seq: 4,
      kind: 'returned',
      actor: 'vice_chair_vhxh',
      note: 'Trả lại',
      atPlan: new Date('2023-04-12T02:00:00Z'),
    };
    // As the owner (the superuser the tests connect as), who can also switch the triggers off.
    await ds.query(`ALTER TABLE step_event DISABLE TRIGGER USER`);
    await ds.query(
      `INSERT INTO step_event (plan_id, step_id, seq, kind, actor, note, at_plan, prev_hash, hash, chain_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)`,
      [
        forged.planId,
        forged.stepId,
        forged.seq,
        forged.kind,
        forged.actor,
        forged.note,
        forged.atPlan,
        last.hash,
        eventHashV1(last.hash, forged),
      ],
    );
    await ds.query(`ALTER TABLE step_event ENABLE TRIGGER USER`);
    expect(await steps.verifyPlanAudit(where.planId)).toMatchObject({
      valid: false,
      firstBroken: { stepId: 'I99.2', brokenAtSeq: 4, code: 'VERSION_DOWNGRADE' },
    });
    // Marked v2 with the plain hash, or with an HMAC under another key: the content does not match.
    const fake = eventHashV2(auditKeyFrom(undefined), last.hash, forged);
    await ds.query(`ALTER TABLE step_event DISABLE TRIGGER USER`);
    await ds.query(`UPDATE step_event SET chain_version = 2, hash = $1 WHERE step_id = 'I99.2' AND seq = 4`, [fake]);
    // And one event of the first step altered: it is the first broken link of the plan (steps in order).
    await ds.query(`UPDATE step_event SET note = 'Biên bản số 13' WHERE step_id = 'I99.1' AND seq = 2`);
    await ds.query(`ALTER TABLE step_event ENABLE TRIGGER USER`);
    expect(await steps.verifyAudit(where.planId, 'I99.2')).toMatchObject({ valid: false, brokenAtSeq: 4, code: 'HASH_MISMATCH' });
    expect(await steps.verifyAudit(where.planId, where.stepId)).toEqual({
      valid: false,
      events: 3,
      v1Events: 0,
      brokenAtSeq: 2,
      code: 'HASH_MISMATCH',
      reason: 'the content does not match its hash',
    });
    const broken = runCli({ DATABASE_URL: db.url, APP_SECRET: secret }, 'audit', 'verify', where.planId);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`Nhật ký kiểm toán của kế hoạch ${where.planId} BỊ PHÁ VỠ.`);
    expect(broken.stdout).toContain('Liên kết hỏng đầu tiên: nội dung I99.1, sự kiện số 2: nội dung không khớp với mã băm có khóa');
    expect(runCli({ DATABASE_URL: db.url, APP_SECRET: secret }, 'audit', 'verify', 'NO-PLAN')).toMatchObject({
      code: 1,
      stderr: 'Không có kế hoạch NO-PLAN.\n',
    });
  });
});
