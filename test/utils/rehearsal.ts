// A compressed-time rehearsal of a whole plan on a real stack, and the audit that proves it lost and doubled nothing:
// used by the province rehearsal (bench/province.rehearsal.ts) and the fault suite (test/faults/).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { PlanRepository } from '#libs/database/src/index.js';
import {
  expandInstances,
  planCalendarYears,
  timedNotices,
  WorkingCalendar,
  type PlanClock,
  type PlanSpec,
  type StepInstance,
} from '#libs/domain/src/index.js';
import { eventually, type Stack } from './stack.js';

export interface RehearsalOptions {
  /** Real seconds per plan day. */
  daySeconds: number;
  planStart: string;
  /** Share of instances whose assignee submits (and whose approver approves) through the API; the rest never act. */
  actingShare: number;
  /** Concurrent API requests of the acting people. */
  concurrency?: number;
  onProgress?: (phase: string, done: number, total: number) => void;
  /** Runs beside the rehearsal, which ends only after it has (the fault suite kills the worker, cuts the database). */
  during?: () => Promise<void>;
  timeoutMs?: number;
}

export interface RehearsalRun {
  instances: StepInstance[];
  acting: Set<string>;
  runStartedAt: number;
  allAssignedAt: number;
  endedAt: number;
  apiCalls: number;
}

/** Whether an instance's people act: a fixed choice per instance key (SHA-256), the same in every run. */
export const acts = (key: string, share: number): boolean =>
  createHash('sha256').update(key).digest().readUInt32BE(0) / 0x1_0000_0000 < share;

/** The working calendar a plan runs on. */
export const calendarOf = (spec: PlanSpec) => WorkingCalendar.vietnam(planCalendarYears(spec));

/** Every notice of an instance on the run's clock from the run's start: the instants its workflow was given. */
export const runNotices = (spec: PlanSpec, cal: WorkingCalendar, inst: StepInstance, clock: PlanClock) =>
  timedNotices(spec, cal, inst, clock, new Date(Date.parse(clock.realEpoch)));

/** Runs `spec` (already loaded) on the stack's worker until every instance is at its end state for the window. */
export async function rehearse(s: Stack, spec: PlanSpec, o: RehearsalOptions): Promise<RehearsalRun> {
  const instances = expandInstances(spec, calendarOf(spec));
  const acting = new Set(instances.filter((i) => acts(i.key, o.actingShare)).map((i) => i.key));
  const progress = o.onProgress ?? (() => undefined);
  const runStartedAt = Date.now();
  const r = await s.http('POST', `/api/v1/plans/${spec.id}/run`, { speed: 86400 / o.daySeconds, planStart: o.planStart });
  if (r.status !== 200) throw new Error(`POST /run answered ${r.status}: ${JSON.stringify(r.body)}`);
  const timeoutMs = o.timeoutMs ?? 30 * 60_000;
  const countAssigned = async () =>
    (await s.ds.query(`SELECT count(*)::int AS n FROM step WHERE plan_id = $1 AND seq > 0`, [spec.id]))[0].n as number;

  // The acting people submit as soon as their step is assigned; an approver approves what was submitted.
  let apiCalls = 0;
  const submitted = new Set<string>();
  const approved = new Set<string>();
  const actAll = async () => {
    const open: { step_id: string; state: string; approver: string | null; assignee: string }[] = await s.ds.query(
      `SELECT step_id, state, approver, assignee FROM step WHERE plan_id = $1 AND seq > 0 AND state IN ('assigned', 'submitted')`,
      [spec.id],
    );
    // A step without an approver is 'submitted' only between its two records (submitted, then approved by the
    // workflow itself): nobody approves it.
    const todo = open.filter(
      (x) =>
        acting.has(x.step_id) && (x.state === 'assigned' ? !submitted.has(x.step_id) : x.approver !== null && !approved.has(x.step_id)),
    );
    let next = 0;
    await Promise.all(
      Array.from({ length: o.concurrency ?? 8 }, async () => {
        while (next < todo.length) {
          const x = todo[next++];
          const path = `/api/v1/plans/${spec.id}/steps/${encodeURIComponent(x.step_id)}`;
          apiCalls++;
          const res =
            x.state === 'assigned'
              ? await s.http('POST', `${path}/submission`, { note: 'Đã thực hiện' }, x.assignee)
              : await s.http('POST', `${path}/approval`, { note: 'Đồng ý' }, x.approver);
          // 409: the state moved on meanwhile (a retried request after a worker restart); the next round sees it.
          if (res.status === 200) (x.state === 'assigned' ? submitted : approved).add(x.step_id);
          else if (res.status !== 409 && res.status < 500)
            throw new Error(
              `${x.state === 'assigned' ? 'submission' : 'approval'} of ${x.step_id}: ${res.status} ${JSON.stringify(res.body)}`,
            );
        }
      }),
    );
  };

  let allAssignedAt = 0;
  let duringDone = !o.during;
  let duringError: unknown;
  void o.during?.().then(
    () => void (duringDone = true),
    (err) => {
      duringError = err;
      duringDone = true;
    },
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await round()) break;
    } catch (err) {
      if (duringDone) throw err; // while a fault is injected, the rehearsal's own reads may fail too: look again
    }
    await new Promise((res) => setTimeout(res, 500));
  }
  return { instances, acting, runStartedAt, allAssignedAt, endedAt: Date.now(), apiCalls };

  /** One look: progress, the people's actions due, and whether every instance is at its end state. */
  async function round(): Promise<boolean> {
    const assigned = await countAssigned();
    progress('started', assigned, instances.length);
    if (!allAssignedAt && assigned === instances.length) allAssignedAt = Date.now();
    await actAll();
    if (duringError) throw duringError;
    const ended = await endedInstances(s, spec, instances, acting);
    progress('at end state', ended, instances.length);
    if (ended === instances.length && allAssignedAt && duringDone) return true;
    if (Date.now() > deadline)
      throw new Error(`rehearsal of ${spec.id}: ${ended}/${instances.length} instances at their end state after ${timeoutMs} ms`);
    const worker = s.workerState();
    if (!worker.running && duringDone) throw new Error(`the worker stopped during the rehearsal of ${spec.id}:\n${worker.lastLines}`);
    return false;
  }
}

/** Acting instances are completed; the others are overdue and have had every notice their timeline holds. */
async function endedInstances(s: Stack, spec: PlanSpec, instances: StepInstance[], acting: Set<string>): Promise<number> {
  const plan = await new PlanRepository(s.ds).find(spec.id);
  if (!plan?.clock) return 0;
  const rows: { step_id: string; state: string; overdue: boolean; notices: number; assigned_at: Date | null }[] = await s.ds.query(
    `SELECT s.step_id, s.state, s.overdue, count(e.*) FILTER (WHERE e.kind IN ('reminder', 'escalation'))::int AS notices,
            min(e.at) FILTER (WHERE e.kind = 'assigned') AS assigned_at
       FROM step s LEFT JOIN step_event e ON e.plan_id = s.plan_id AND e.step_id = s.step_id WHERE s.plan_id = $1 GROUP BY 1, 2, 3`,
    [spec.id],
  );
  const byKey = new Map(rows.map((r) => [r.step_id, r]));
  const cal = calendarOf(spec);
  const now = Date.now();
  let n = 0;
  for (const inst of instances) {
    const row = byKey.get(inst.key);
    if (!row) continue;
    if (acting.has(inst.key)) {
      if (row.state === 'completed') n++;
      continue;
    }
    const all = runNotices(spec, cal, inst, plan.clock);
    const last = Math.max(0, ...all.map((t) => Date.parse(t.atReal)));
    const from = row.assigned_at?.getTime() ?? Infinity;
    if (row.overdue && now > last + 1000 && row.notices >= all.filter((t) => Date.parse(t.atReal) > from).length) n++;
  }
  return n;
}

export interface RunAudit {
  instances: number;
  stepRows: number;
  workflows: number;
  missingWorkflows: number;
  transitions: number;
  expectedNotices: number;
  recordedNotices: number;
  lostNotices: number;
  /** Each notice counted lost: the instance, kind>recipient and how many. */
  lostNoticeKeys: string[];
  duplicatedNotices: number;
  outbox: number;
  outboxNotSent: number;
  caught: number;
  lostMails: number;
  /**
   * Second copies of one outbox mail (same Message-ID): the SMTP server took the mail but the worker died before it
   * committed `sent` (SIGKILL in that gap), so the retry sent it again — at-least-once, collapsed by the receiving
   * client on the Message-ID. Reported apart from `duplicated`; a test that kills nothing expects 0.
   */
  redeliveredMails: number;
  /** The outbox keys of those mails. */
  redeliveredMailKeys: string[];
  mailsWithoutEvent: number;
  eventsWithoutStepChange: number;
  stepChangesWithoutEvent: number;
  rollupMismatches: number;
  /** The latest a notice was recorded after its due instant in this run. */
  timerLagMs: number;
  lost: number;
  duplicated: number;
}

/** Message-IDs of the mails in a catcher folder, read from the headers of each .eml. */
export function caughtMessageIds(dir: string): string[] {
  const ids: string[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.eml'))) {
    const head = readFileSync(join(dir, f), 'utf8').split(/\r?\n\r?\n/, 1)[0];
    const m = /^message-id:\s*(\S+)/im.exec(head);
    if (m) ids.push(m[1]);
  }
  return ids;
}

/**
 * Everything the run should have written, counted against what it wrote: a step row and a workflow per instance;
 * each notice of the timeline recorded once (acting instances: those due before their submission); every step
 * change with its audit event and back; every mail with its event, in the catcher exactly once; rollups equal to
 * a recount of the steps.
 */
export async function auditRun(
  s: Stack,
  spec: PlanSpec,
  run: Pick<RehearsalRun, 'instances' | 'acting'>,
  client: Client,
): Promise<RunAudit> {
  const planId = spec.id;
  const q = <T = any>(sql: string): Promise<T[]> => s.ds.query(sql, [planId]);
  const plan = (await new PlanRepository(s.ds).find(planId))!;
  const steps = await q<{ step_id: string; workflow_id: string; seq: number; submitted_at: Date | null }>(
    `SELECT step_id, workflow_id, seq, submitted_at FROM step WHERE plan_id = $1`,
  );
  const stepByKey = new Map(steps.map((x) => [x.step_id, x]));

  const workflowIds = new Set<string>();
  for await (const wf of client.workflow.list({ query: `TaskQueue = '${s.config.temporal.taskQueue}'` })) workflowIds.add(wf.workflowId);
  const missingWorkflows = steps.filter((x) => !workflowIds.has(x.workflow_id)).length;

  // Notices: per instance, the multiset (kind, to) recorded vs the timeline's.
  const events = await q<{ step_id: string; seq: number; kind: string; actor: string | null; at: Date }>(
    `SELECT step_id, seq, kind, actor, at FROM step_event WHERE plan_id = $1 ORDER BY step_id, seq`,
  );
  const recordedBy = new Map<string, Map<string, number>>();
  for (const e of events.filter((x) => x.kind === 'reminder' || x.kind === 'escalation')) {
    const m = recordedBy.get(e.step_id) ?? new Map<string, number>();
    m.set(`${e.kind}>${e.actor}`, (m.get(`${e.kind}>${e.actor}`) ?? 0) + 1);
    recordedBy.set(e.step_id, m);
  }
  const assignedAt = new Map(
    (await q<{ step_id: string; at: Date }>(`SELECT step_id, at FROM step_event WHERE plan_id = $1 AND kind = 'assigned'`)).map((x) => [
      x.step_id,
      x.at.getTime(),
    ]),
  );
  const cal = calendarOf(spec);
  let expectedNotices = 0;
  let lostNotices = 0;
  const lostNoticeKeys: string[] = [];
  let duplicatedNotices = 0;
  const auditedAt = Date.now();
  const timelineOf = (inst: StepInstance) => runNotices(spec, cal, inst, plan.clock!);
  // How late the worker recorded notices in this run (a busy worker fires timers late): measured on the instances
  // nobody acted on, whose every notice goes out, matching the n-th recorded with the n-th due.
  const noticesOf = new Map<string, number[]>();
  for (const e of events)
    if (e.kind === 'reminder' || e.kind === 'escalation') noticesOf.set(e.step_id, [...(noticesOf.get(e.step_id) ?? []), e.at.getTime()]);
  let timerLagMs = 0;
  for (const inst of run.instances.filter((i) => !run.acting.has(i.key))) {
    const due = timelineOf(inst)
      .map((t) => Date.parse(t.atReal))
      .filter((at) => at > (assignedAt.get(inst.key) ?? Infinity));
    const recorded = noticesOf.get(inst.key) ?? [];
    if (due.length && recorded.length === due.length) due.forEach((at, i) => (timerLagMs = Math.max(timerLagMs, recorded[i] - at)));
  }
  // A notice due shortly before a submission may or may not go out: whether the workflow handled its timer or the
  // submission first depends on that lag; once submitted, nothing is owed and the notice is rightly skipped.
  const slack = Math.max(2000, timerLagMs + 1000);
  for (const inst of run.instances) {
    const all = timelineOf(inst);
    // Only what was due by now (or by the submission) counts.
    const submittedAt = Math.min(
      auditedAt,
      run.acting.has(inst.key) ? (stepByKey.get(inst.key)?.submitted_at?.getTime() ?? Infinity) : Infinity,
    );
    const start = assignedAt.get(inst.key) ?? 0;
    const required = new Map<string, number>();
    const allowed = new Map<string, number>();
    for (const t of all) {
      const at = Date.parse(t.atReal);
      const k = `${t.kind}>${t.to}`;
      if (at < submittedAt + slack) allowed.set(k, (allowed.get(k) ?? 0) + 1);
      if (at < Math.min(auditedAt - 2000, submittedAt - slack) && at > start + 2000) required.set(k, (required.get(k) ?? 0) + 1);
    }
    const recorded = recordedBy.get(inst.key) ?? new Map<string, number>();
    for (const [k, n] of required) {
      expectedNotices += n;
      const missing = Math.max(0, n - (recorded.get(k) ?? 0));
      lostNotices += missing;
      if (missing) lostNoticeKeys.push(`${inst.key} ${k}×${missing}`);
    }
    for (const [k, n] of recorded) duplicatedNotices += Math.max(0, n - (allowed.get(k) ?? 0));
  }

  // Once the result is in, nothing is owed: a notice recorded after the step's submission is one too many.
  const submittedSeq = new Map<string, number>();
  for (const e of events) if (e.kind === 'submitted' && !submittedSeq.has(e.step_id)) submittedSeq.set(e.step_id, e.seq);
  const noticesAfterSubmission = events.filter(
    (e) => (e.kind === 'reminder' || e.kind === 'escalation') && e.seq > (submittedSeq.get(e.step_id) ?? Infinity),
  ).length;

  // Half-written changes: a step's seq is the number of its events, each seq once; a mail's key names its event.
  const eventsBySeq = new Set(events.map((e) => `${e.step_id}#${e.seq}`));
  const eventCount = new Map<string, number>();
  for (const e of events) eventCount.set(e.step_id, (eventCount.get(e.step_id) ?? 0) + 1);
  const stepChangesWithoutEvent = steps.filter((x) =>
    Array.from({ length: x.seq }, (_, i) => eventsBySeq.has(`${x.step_id}#${i + 1}`)).some((ok) => !ok),
  ).length;
  const eventsWithoutStepChange = steps.reduce((n, x) => n + Math.max(0, (eventCount.get(x.step_id) ?? 0) - x.seq), 0);
  const outbox = await q<{ idempotency_key: string; message_id: string; status: string }>(
    `SELECT idempotency_key, message_id, status FROM mail_outbox WHERE plan_id = $1`,
  );
  const prefix = `${planId}:`;
  const mailsWithoutEvent = outbox.filter((m) => {
    if (!m.idempotency_key.startsWith(prefix)) return false; // digests and office notices have keys of their own
    const [stepId, seq] = m.idempotency_key.slice(prefix.length).split(':');
    return !eventsBySeq.has(`${stepId}#${seq}`);
  }).length;

  // Mails: each outbox row in the catcher exactly once, by Message-ID.
  const caught = caughtMessageIds(s.mailboxDir);
  const caughtCount = new Map<string, number>();
  for (const id of caught) caughtCount.set(id, (caughtCount.get(id) ?? 0) + 1);
  const norm = (id: string) => (id.startsWith('<') ? id : `<${id}>`);
  const lostMails = outbox.filter((m) => !caughtCount.has(norm(m.message_id)) && !caughtCount.has(m.message_id)).length;
  const duplicatedMails = [...caughtCount.values()].reduce((n, c) => n + c - 1, 0);

  const recount = await q(
    `SELECT item_id, coalesce(unit_id, '') AS unit_id, bucket, count(*)::int AS n FROM step WHERE plan_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  );
  const rollup = await q(
    `SELECT item_id, unit_id, bucket, count AS n FROM status_rollup WHERE plan_id = $1 AND count > 0 ORDER BY 1, 2, 3`,
  );
  const key = (r: any) => `${r.item_id}|${r.unit_id}|${r.bucket}|${r.n}`;
  const recountKeys = new Set(recount.map(key));
  const rollupKeys = new Set(rollup.map(key));
  const rollupMismatches =
    [...recountKeys].filter((k) => !rollupKeys.has(k)).length + [...rollupKeys].filter((k) => !recountKeys.has(k)).length;

  const audit = {
    instances: run.instances.length,
    stepRows: steps.length,
    workflows: steps.length - missingWorkflows,
    missingWorkflows,
    transitions: events.length,
    expectedNotices,
    recordedNotices: [...recordedBy.values()].reduce((n, m) => n + [...m.values()].reduce((a, b) => a + b, 0), 0),
    lostNotices,
    lostNoticeKeys,
    duplicatedNotices,
    outbox: outbox.length,
    outboxNotSent: outbox.filter((m) => m.status !== 'sent').length,
    caught: caught.length,
    lostMails,
    redeliveredMails: duplicatedMails,
    redeliveredMailKeys: [...caughtCount]
      .filter(([, c]) => c > 1)
      .map(([id]) => outbox.find((m) => norm(m.message_id) === id || m.message_id === id)?.idempotency_key ?? id),
    mailsWithoutEvent,
    eventsWithoutStepChange,
    stepChangesWithoutEvent,
    rollupMismatches,
    timerLagMs,
  };
  return {
    ...audit,
    lost: audit.instances - audit.stepRows + missingWorkflows + lostNotices + lostMails + audit.outboxNotSent + stepChangesWithoutEvent,
    duplicated: duplicatedNotices + noticesAfterSubmission + eventsWithoutStepChange + mailsWithoutEvent,
  };
}

/** Waits until the outbox of a plan has nothing left to send (mails go out right after their transaction). */
export const outboxDrained = (s: Stack, planId: string, timeoutMs = 120_000) =>
  eventually(
    async () =>
      (await s.ds.query(`SELECT count(*)::int AS n FROM mail_outbox WHERE plan_id = $1 AND status = 'pending'`, [planId]))[0].n === 0
        ? true
        : undefined,
    timeoutMs,
    `the outbox of ${planId} to drain`,
  );

export const temporalClient = async (address: string): Promise<{ client: Client; close(): Promise<void> }> => {
  const connection = await Connection.connect({ address });
  return { client: new Client({ connection }), close: () => connection.close() };
};

/** One line: what was checked and the two counts that must be zero. */
export const auditLine = (a: RunAudit): string =>
  `instances=${a.instances} stepRows=${a.stepRows} workflows=${a.workflows} transitions=${a.transitions} notices=${a.recordedNotices}/${a.expectedNotices} ` +
  `outbox=${a.outbox} caught=${a.caught} halfWritten=${a.mailsWithoutEvent + a.eventsWithoutStepChange + a.stepChangesWithoutEvent} rollupMismatches=${a.rollupMismatches} timerLag=${(a.timerLagMs / 1000).toFixed(1)}s ` +
  `lost=${a.lost}${a.lostNoticeKeys.length ? ` (notices not recorded: ${a.lostNoticeKeys.join(', ')})` : ''} duplicated=${a.duplicated} redelivered=${a.redeliveredMails}${a.redeliveredMailKeys.length ? ` (same Message-ID caught twice: ${a.redeliveredMailKeys.join(', ')})` : ''}`;
