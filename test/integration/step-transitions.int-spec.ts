import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { StepMailComposer } from '../../apps/worker/src/steps/step-mail.composer.js';
import { StepTransitionsService } from '../../apps/worker/src/steps/step-transitions.service.js';
import { createDataSource, StepRepository } from '../../libs/database/src/index.js';
import { createTestDatabase, type TestDatabase } from '../utils/database.js';
import { planFactory, stepFactory } from '../factories/plan.factory.js';
import { seedRunningSteps } from '../factories/running-step.js';

describe('recording step transitions (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let service: StepTransitionsService;
  const step = stepFactory({ id: 'I99.1', due: '2023-04-07' });
  const plan = planFactory({ id: 'TEST-TRANSITIONS' }, [step]);
  const realStart = new Date('2026-01-05T01:00:00Z');
  let now = realStart;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url).initialize();
    // Plan time starts on 03/04/2023 at real pace.
    await seedRunningSteps(ds, plan, [step], realStart);
    service = new StepTransitionsService(ds, new StepMailComposer('http://dondoc.test'), () => now);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const key = { planId: 'TEST-TRANSITIONS', stepId: 'I99.1' };
  const counts = async () => ({
    events: Number((await ds.query(`SELECT count(*) AS n FROM step_event`))[0].n),
    mails: Number((await ds.query(`SELECT count(*) AS n FROM mail_outbox`))[0].n),
    rollup: await new StepRepository(ds).rollup(key.planId),
  });

  it('records a transition once even when the activity runs twice', async () => {
    const first = await service.record({ ...key, seq: 1, transition: { kind: 'assigned' } });
    const again = await service.record({ ...key, seq: 1, transition: { kind: 'assigned' } });
    expect(first.mailKeys).toEqual(['TEST-TRANSITIONS:I99.1:1:step-assigned:officer_ldtbxh']);
    expect(again.mailKeys).toEqual(first.mailKeys);
    expect(await counts()).toEqual({ events: 1, mails: 1, rollup: { completed_on_time: 0, completed_late: 0, open_on_time: 1, open_overdue: 0, cancelled: 0 } });
  });

  it('writes the approval request to the approver with the evidence note', async () => {
    now = new Date(realStart.getTime() + 2 * 86400e3); // plan 05/04/2023
    const r = await service.record({ ...key, seq: 2, transition: { kind: 'submitted', actor: 'officer_ldtbxh', note: 'Biên bản số 12' } });
    const [mail] = await ds.query(`SELECT to_address, subject, text FROM mail_outbox WHERE idempotency_key = $1`, [r.mailKeys[0]]);
    expect(mail.to_address).toBe('vice-chair-vhxh@test.example.org');
    expect(mail.subject).toBe('[Chờ duyệt] I99.1 – Bước thử nghiệm');
    expect(mail.text).toContain('Biên bản số 12');
  });

  it('an approval after the due day still counts the step on time when it was submitted on time', async () => {
    now = new Date(realStart.getTime() + 9 * 86400e3); // plan 12/04/2023, after the due day 07/04
    await service.record({ ...key, seq: 3, transition: { kind: 'approved', actor: 'vice_chair_vhxh' } });
    const [row] = await ds.query(`SELECT state, bucket, completed_at_plan FROM step WHERE step_id = 'I99.1'`);
    expect(row.state).toBe('completed');
    expect(row.bucket).toBe('completed_on_time');
    expect(new Date(row.completed_at_plan).toISOString()).toBe('2023-04-04T17:00:00.000Z'); // 05/04 00:00 local
    const { rollup } = await counts();
    expect(rollup).toEqual({ completed_on_time: 1, completed_late: 0, open_on_time: 0, open_overdue: 0, cancelled: 0 });
  });

  it('refuses, without retrying, a transition of a step that does not exist', async () => {
    await expect(service.record({ planId: 'TEST-TRANSITIONS', stepId: 'NOPE', seq: 1, transition: { kind: 'assigned' } })).rejects.toMatchObject({
      type: 'STEP_NOT_FOUND',
      nonRetryable: true,
    });
    expect((await counts()).events).toBe(3);
  });

  it('chains the audit by hash, so an altered event is found even by someone who can bypass the trigger', async () => {
    const steps = new StepRepository(ds);
    expect(await steps.verifyAudit(key.planId, key.stepId)).toEqual({ valid: true, events: 3 });
    await ds.query(`ALTER TABLE step_event DISABLE TRIGGER step_event_append_only`);
    await ds.query(`UPDATE step_event SET note = 'Biên bản số 13' WHERE step_id = 'I99.1' AND seq = 2`);
    await ds.query(`ALTER TABLE step_event ENABLE TRIGGER step_event_append_only`);
    expect(await steps.verifyAudit(key.planId, key.stepId)).toEqual({ valid: false, events: 3, brokenAtSeq: 2, reason: 'the content does not match its hash' });
  });
});
