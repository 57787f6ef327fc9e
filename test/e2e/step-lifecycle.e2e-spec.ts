import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { localDateOf, WorkingCalendar } from '#libs/domain/src/index.js';
import { readMailbox, type CaughtMail } from '#libs/mail/src/index.js';
import { planFactory, roleFactory, stepFactory } from '../factories/plan.factory.js';
import { recordAndReplay } from '../utils/histories.js';
import { eventually, startStack, type Stack } from '../utils/stack.js';

const PLAN = `LIFE-${randomBytes(3).toString('hex')}`;
const cal = WorkingCalendar.vietnam();

/**
 * Reminders, escalations and the approval SLA through the real Temporal dev server, PostgreSQL and the SMTP catcher,
 * at rehearsal speed: the plan starts Mon 03/04/2023 and a plan day passes in three real seconds (two escalations are
 * six seconds apart, room enough for a loaded CI machine). Both steps are due
 * Fri 07/04/2023. Nobody acts on S1; S2's officer submits after the first escalation and the approver sits on it.
 */
describe('step lifecycle at compressed time', () => {
  let s: Stack;
  const mailsFor = async (step: string) => (await readMailbox(s.mailboxDir)).filter((m) => m.subject.includes(` ${step} – `));
  const subjects = (ms: CaughtMail[]) => ms.map((m) => `${m.to[0]} ${m.subject.split(' – ')[0]}`).sort();

  beforeAll(async () => {
    s = await startStack();
    await s.startWorker();
    const plan = planFactory({ id: PLAN }, [
      stepFactory({ id: 'S1', title: 'Rà soát danh sách', assignee: 'officer_ldtbxh', start: '2023-04-03', due: '2023-04-07' }),
      stepFactory({ id: 'S2', title: 'Dự toán kinh phí', assignee: 'finance_officer', start: '2023-04-03', due: '2023-04-07' }),
    ]);
    plan.roles.finance_officer = roleFactory('finance_officer', { supervisor: 'vice_chair_vhxh' });
    plan.roles.monitor = roleFactory('monitor');
    plan.policies.chains.commune_officer = [
      { afterWd: 1, to: 'vice_chair_vhxh', mode: 'mail' },
      { afterWd: 3, to: 'chairman', mode: 'mail' },
      { afterWd: 5, to: 'monitoring_body', mode: 'digest' },
    ];
    plan.policies.monitoringBodyByDate = [{ role: 'monitor' }];
    await s.loadPlan(plan);
    const run = await s.runPlan(PLAN, { speed: 28_800, planStart: '2023-04-03' });
    expect(run).toMatchObject({ status: 200, body: { stepsCreated: 2, runStarted: true } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('S2: submitting after the first escalation stops the later ones; the approver’s silence escalates to the chairman', async () => {
    await s.waitForMail((m) => m.subject.startsWith('[Đôn đốc] S2') && m.to[0] === 'vice-chair-vhxh@test.example.org', 45_000);
    const submitted = await s.http('POST', `/api/v1/plans/${PLAN}/steps/S2/submission`, { note: 'Đã lập dự toán' }, 'finance_officer');
    expect(submitted).toMatchObject({ status: 200, body: { state: 'submitted', bucket: 'open_overdue' } });
    const breach = await s.waitForMail((m) => m.subject.startsWith('[Chậm phê duyệt] S2'), 30_000);
    expect(breach.to).toEqual(['chairman@test.example.org']);
    expect(breach.text).toContain(
      'đã quá 2 ngày làm việc mà Người vice_chair_vhxh (Chức danh vice_chair_vhxh) chưa phê duyệt hoặc trả lại',
    );
    const approved = await s.http('POST', `/api/v1/plans/${PLAN}/steps/S2/approval`, {}, 'vice_chair_vhxh');
    expect(approved).toMatchObject({
      status: 200,
      body: { state: 'completed', bucket: 'completed_late', bucketLabel: 'hoàn thành quá hạn' },
    });
  });

  it('S1: nobody acts, and every reminder and escalation of the policy comes exactly once, on a working day, to the right person', async () => {
    // The third rung (+5, the monitoring body's, mode: digest) mails only the assignee; the body reads it in its digest.
    await eventually(
      async () => ((await mailsFor('S1')).filter((m) => m.subject.startsWith('[Quá hạn] S1')).length === 3 ? true : undefined),
      45_000,
      'the third "[Quá hạn] S1"',
    );
    await new Promise((r) => setTimeout(r, 1500)); // anything sent twice would have arrived by now
    expect(subjects(await mailsFor('S1'))).toEqual([
      'chairman@test.example.org [Đôn đốc] S1',
      'officer-ldtbxh@test.example.org [Nhắc việc] S1',
      'officer-ldtbxh@test.example.org [Nhắc việc] S1',
      'officer-ldtbxh@test.example.org [Nhắc việc] S1',
      'officer-ldtbxh@test.example.org [Quá hạn] S1',
      'officer-ldtbxh@test.example.org [Quá hạn] S1',
      'officer-ldtbxh@test.example.org [Quá hạn] S1',
      'officer-ldtbxh@test.example.org [Việc mới] S1',
      'vice-chair-vhxh@test.example.org [Đôn đốc] S1',
    ]);
    const events: { kind: string; actor: string | null; at_plan: Date }[] = await s.ds.query(
      `SELECT kind, actor, at_plan FROM step_event WHERE plan_id = $1 AND step_id = 'S1' ORDER BY seq`,
      [PLAN],
    );
    const notices = events
      .filter((e) => e.kind === 'reminder' || e.kind === 'escalation')
      .map((e) => [e.kind, localDateOf(new Date(e.at_plan)), e.actor]);
    expect(notices).toEqual([
      ['reminder', '2023-04-04', 'officer_ldtbxh'],
      ['reminder', '2023-04-06', 'officer_ldtbxh'],
      ['reminder', '2023-04-07', 'officer_ldtbxh'],
      ['escalation', '2023-04-10', 'vice_chair_vhxh'],
      ['escalation', '2023-04-12', 'chairman'],
      ['escalation', '2023-04-14', 'monitor'],
    ]);
    for (const [, date] of notices) expect(cal.isWorkingDay(date as string)).toBe(true);
    expect(events.map((e) => e.kind)).toEqual([
      'assigned',
      'reminder',
      'reminder',
      'reminder',
      'overdue',
      'escalation',
      'escalation',
      'escalation',
    ]);
    const escalation = (await mailsFor('S1')).find((m) => m.to[0] === 'chairman@test.example.org')!;
    expect(escalation.subject).toBe('[Đôn đốc] S1 – Rà soát danh sách quá hạn 3 ngày làm việc');
  });

  it('S2 stopped escalating once submitted: one escalation, then only the approval breach', async () => {
    const kinds = (await s.ds.query(`SELECT kind, actor FROM step_event WHERE plan_id = $1 AND step_id = 'S2' ORDER BY seq`, [PLAN])).map(
      (e: { kind: string; actor: string }) => `${e.kind}:${e.actor ?? ''}`,
    );
    expect(kinds).toEqual([
      'assigned:',
      'reminder:finance_officer',
      'reminder:finance_officer',
      'reminder:finance_officer',
      'overdue:',
      'escalation:vice_chair_vhxh',
      'submitted:finance_officer',
      'approval-escalation:chairman',
      'approved:vice_chair_vhxh',
    ]);
    const status = await eventually(
      async () => {
        const r = await s.http('GET', `/api/v1/plans/${PLAN}/status`);
        return r.body.buckets.completed_late.count === 1 ? r.body : undefined;
      },
      5_000,
      'the rollup',
    );
    expect(status.buckets.open_overdue.count).toBe(1);
  });

  // The names say which patch markers a history holds: "patched" the search attributes, "answer-first" also
  // dondoc-answer-before-mail (S2's submission and approval answer before their mails), "timed" also
  // dondoc-timed-one-activity (the reminders, escalations and overdue of S1 and S2 recorded and mailed by one activity),
  // "tagged" a start at revision 1 (taggedStepStart, from the plan run): the search attributes and the memo in the start,
  // the changes of the markers above without the markers; "rev2" a start at revision 2: also the final state written
  // as the workflow closes (dondoc-final-state-at-close) without its marker.
  // The committed histories recorded before a change (step-workflow-lifecycle-S1/S2.json,
  // step-workflow-lifecycle-patched-S1/S2.json, step-workflow-lifecycle-answer-first-S2.json,
  // step-workflow-lifecycle-timed-S1/S2.json, step-workflow-lifecycle-tagged-S1/S2.json) are kept as they are:
  // workflows that started then replay on them.
  it('leaves histories that replay against the current workflow code (DONDOC_RECORD_HISTORIES=1 adds them to the corpus)', async () => {
    const { results, status } = await recordAndReplay(process.env.TEMPORAL_ADDRESS!, [
      { workflowId: `step-${PLAN}-S1`, name: 'step-workflow-lifecycle-rev2-S1' },
      { workflowId: `step-${PLAN}-S2`, name: 'step-workflow-lifecycle-rev2-S2' },
    ]);
    expect(results).toEqual([
      expect.objectContaining({ file: 'step-workflow-lifecycle-rev2-S1.json', ok: true, workflowType: 'stepWorkflow' }),
      expect.objectContaining({ file: 'step-workflow-lifecycle-rev2-S2.json', ok: true, workflowType: 'stepWorkflow' }),
    ]);
    expect(status).toBe(0);
    // Nobody acts on S1: its assignment takes the two activities of an untimed change, each of its timed transitions
    // (reminders, overdue, escalations) one activity that records it and sends its mails.
    const history = await s.api.get(Client).workflow.getHandle(`step-${PLAN}-S1`).fetchHistory();
    const activities = (history.events ?? []).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    expect(activities).toEqual(['recordStepTransition', 'deliverMail', ...Array<string>(7).fill('recordTimedTransition')]);
    // Started at revision 1 by the plan run: its start carries the search attributes and the memo, so no memo upsert
    // and an upsert only when its state changes (overdue; the reminders and escalations leave it as it is), and no
    // patch marker (nor the TemporalChangeVersion upsert the SDK adds to each).
    const start = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    expect(Object.keys(start?.searchAttributes?.indexedFields ?? {}).sort()).toEqual(
      ['DondocAssignee', 'DondocDueDate', 'DondocPlanId', 'DondocState', 'DondocStepId', 'DondocUnit'].sort(),
    );
    expect(Object.keys(start?.memo?.fields ?? {})).toEqual(['title']);
    expect(
      (history.events ?? []).filter((e) => e.workflowPropertiesModifiedEventAttributes || e.markerRecordedEventAttributes),
    ).toHaveLength(0);
    const upserts = (history.events ?? []).flatMap((e) => e.upsertWorkflowSearchAttributesEventAttributes ?? []);
    expect(upserts.map((u) => Object.keys(u.searchAttributes?.indexedFields ?? {}))).toEqual([['DondocState']]);

    // S2, approved: its final state is upserted in the workflow task that completes it (after the approval's mail),
    // so the server writes it with the close instead of in a visibility write of its own; earlier states upsert when
    // they change (submitted).
    const s2 = (await s.api.get(Client).workflow.getHandle(`step-${PLAN}-S2`).fetchHistory()).events ?? [];
    const state = (e: (typeof s2)[number]) =>
      Buffer.from(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.DondocState?.data ?? []).toString();
    const s2Upserts = s2.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes);
    expect(s2Upserts.map(state)).toEqual(['"overdue"', '"submitted"', '"completed"']);
    const kind = (e: (typeof s2)[number]) =>
      e.workflowTaskCompletedEventAttributes
        ? 'task completed'
        : e.upsertWorkflowSearchAttributesEventAttributes
          ? `upsert ${state(e)}`
          : e.workflowExecutionCompletedEventAttributes
            ? 'workflow completed'
            : 'other';
    expect(s2.slice(-3).map(kind)).toEqual(['task completed', 'upsert "completed"', 'workflow completed']);
  });
});
