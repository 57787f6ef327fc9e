import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { STEP_WORKFLOW_REVISION } from '#libs/contracts/src/index.js';
import { recordAndReplay } from '../utils/histories.js';
import { eventually, startSeedStack, type Stack } from '../utils/stack.js';

const PLAN = `HG-2023-DEADLINE-${randomBytes(3).toString('hex')}`;

/**
 * A step's Update has a deadline: with the worker down (killed with SIGKILL, so no workflow task can run) Temporal
 * cannot answer a submission, and the api answers 503 with Retry-After and a Vietnamese message after
 * TEMPORAL_UPDATE_TIMEOUT_MS instead of holding the request; nothing is written. Once the worker is back the Update
 * Temporal had admitted may still complete: the person's next try is then 409, or it goes through — once either way.
 * Two tabs submit while the worker is down: both Updates are admitted and reach the workflow together when it is back;
 * they take turns (patch dondoc-one-change-at-a-time), and the second is refused against the state the first left.
 */
describe('a deadline on the submission Update', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startSeedStack(PLAN);
    // Plan time at real pace from 05/04/2023: I01.5 (due 07/04) stays open while the test runs.
    expect((await s.runPlan(PLAN, { speed: 1, planStart: '2023-04-05' })).status).toBe(200);
  });
  afterAll(async () => {
    await s?.close();
  });

  const submit = () =>
    fetch(`${s.baseUrl}/api/v1/plans/${PLAN}/steps/I01.5/submission`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dondoc-actor': 'finance_officer' },
      body: JSON.stringify({ note: 'Dự toán đã lập xong' }),
    });

  it('answers 503 with Retry-After within the bound while no worker runs, and writes nothing', async () => {
    await s.killWorker('SIGKILL');
    s.config.temporal.updateTimeoutMs = 3000;
    const started = Date.now();
    // Two tabs: both Updates are admitted and wait for a worker.
    const [r, other] = await Promise.all([submit(), submit()]);
    const elapsed = Date.now() - started;
    expect(other.status).toBe(503);
    await other.text();
    const body = (await r.json()) as { code: string; message: string; retryAfterSeconds?: number };
    expect(r.status).toBe(503);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(body).toMatchObject({ code: 'UPDATE_TIMED_OUT', retryAfterSeconds: Number(r.headers.get('retry-after')) });
    expect(body.message).toMatch(/chưa trả lời kịp/);
    expect(elapsed).toBeGreaterThanOrEqual(2900);
    expect(elapsed).toBeLessThan(10_000);
    const [row] = await s.ds.query(`SELECT state FROM step WHERE plan_id = $1 AND step_id = 'I01.5'`, [PLAN]);
    expect(row.state).toBe('assigned');
    const [{ n }] = await s.ds.query(
      `SELECT count(*)::int AS n FROM step_event WHERE plan_id = $1 AND step_id = 'I01.5' AND kind = 'submitted'`,
      [PLAN],
    );
    expect(n).toBe(0);
  });

  it('once the worker is back, the next try is 409 or goes through, and the step is submitted exactly once', async () => {
    await s.startWorker();
    s.config.temporal.updateTimeoutMs = 20_000;
    const status = await eventually(
      async () => {
        const r = await submit();
        await r.text();
        return r.status === 503 ? undefined : r.status;
      },
      60_000,
      'a submission answered other than 503',
    );
    expect([200, 409]).toContain(status);
    const [row] = await eventually(
      async () => {
        const rows = await s.ds.query(`SELECT state FROM step WHERE plan_id = $1 AND step_id = 'I01.5'`, [PLAN]);
        return rows[0].state === 'submitted' ? rows : undefined;
      },
      30_000,
      'I01.5 submitted',
    );
    expect(row.state).toBe('submitted');
    const [{ n }] = await s.ds.query(
      `SELECT count(*)::int AS n FROM step_event WHERE plan_id = $1 AND step_id = 'I01.5' AND kind = 'submitted'`,
      [PLAN],
    );
    if (n !== 1) {
      // What the workflow did, to read beside the failure.
      const connection = await Connection.connect({ address: s.config.temporal.address });
      try {
        const history = await new Client({ connection }).workflow.getHandle(`step-${PLAN}-I01.5`).fetchHistory();
        console.log(
          (history.events ?? [])
            .map(
              (e) =>
                `${String(e.eventId)} ${String(e.eventType)} ${JSON.stringify(e.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId ?? e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId ?? e.markerRecordedEventAttributes?.markerName ?? '')}`,
            )
            .join('\n'),
        );
      } finally {
        await connection.close();
      }
    }
    expect(n).toBe(1);
  });

  it('leaves a history of the two queued submissions taking turns that replays (DONDOC_RECORD_HISTORIES=1 adds it to the corpus)', async () => {
    const workflowId = `step-${PLAN}-I01.5`;
    const connection = await Connection.connect({ address: s.config.temporal.address });
    try {
      const events = (await new Client({ connection }).workflow.getHandle(workflowId).fetchHistory()).events ?? [];
      // Started by the plan run at the current revision: it takes turns (dondoc-one-change-at-a-time) and answers before
      // its mails (dondoc-answer-before-mail) without a patch marker; the committed
      // step-workflow-queued-submissions-answer-first.json holds the same run with its markers, -tagged.json at revision 1.
      const input = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
      expect((JSON.parse(Buffer.from(input!).toString('utf8')) as { revision?: number }).revision).toBe(STEP_WORKFLOW_REVISION);
      expect(events.filter((e) => e.markerRecordedEventAttributes)).toEqual([]);
      expect(events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length).toBeGreaterThanOrEqual(2);
    } finally {
      await connection.close();
    }
    const { results, status } = await recordAndReplay(s.config.temporal.address, [
      { workflowId, name: 'step-workflow-queued-submissions-rev2' },
    ]);
    expect(results).toEqual([
      expect.objectContaining({ file: 'step-workflow-queued-submissions-rev2.json', ok: true, workflowType: 'stepWorkflow' }),
    ]);
    expect(status).toBe(0);
  });
});
