// The notice lag of a province rehearsal — a notice's planned instant → the last of its mails in the SMTP catcher —
// and its baseline measured beside it on the same dev server: no-op sleepers (bench/workflows/notice-sleeper.workflow.ts)
// that sleep to the same instants on a task queue and worker of their own, in the bench process, and record when a
// no-op activity runs at each. Used by bench/province.rehearsal.ts and bench/capacity.bench.ts.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Worker } from '@temporalio/worker';
import { projectRoot } from '#libs/config/src/index.js';
import { PlanRepository } from '#libs/database/src/index.js';
import { expandInstances, timedNotices, type PlanSpec, type StepInstance } from '#libs/domain/src/index.js';
import { acts, calendarOf, runNotices } from '../../test/utils/rehearsal.js';
import type { Stack } from '../../test/utils/stack.js';
import type { NoticeSleeperActivities, NoticeSleeperInput } from '../workflows/notice-sleeper.workflow.js';
import { noticeLags, wakeKey } from './capacity.js';

/**
 * Notice lag of the instances nobody acts on (every notice of theirs goes out): each notice's planned instant (due
 * after its step started) → the last of its mails in the catcher (the catcher names each file by the instant it took
 * it). Also gives the planned instants measured, per instance, so that a baseline can be taken at the same ones.
 */
export async function noticeLagsOf(
  s: Stack,
  spec: PlanSpec,
  silent: StepInstance[],
  events: { step_id: string; seq: number; kind: string; at: Date }[],
): Promise<{ lags: number[]; due: Map<string, number[]> }> {
  const plan = (await new PlanRepository(s.ds).find(spec.id))!;
  const cal = calendarOf(spec);
  const assignedAt = new Map(events.filter((e) => e.kind === 'assigned').map((e) => [e.step_id, e.at.getTime()]));
  const due = new Map<string, number[]>();
  for (const inst of silent) {
    const key = inst.key;
    due.set(
      key,
      runNotices(spec, cal, inst, plan.clock!)
        .map((t) => Date.parse(t.atReal))
        .filter((at) => at > (assignedAt.get(key) ?? Infinity)),
    );
  }
  const recorded = new Map<string, number[]>();
  for (const e of events)
    if ((e.kind === 'reminder' || e.kind === 'escalation') && due.has(e.step_id))
      recorded.set(e.step_id, [...(recorded.get(e.step_id) ?? []), e.seq]);

  // Message-ID → when the catcher took it.
  const caughtByMessageId = new Map<string, number>();
  for (const f of readdirSync(s.mailboxDir).filter((x) => x.endsWith('.eml'))) {
    const head = readFileSync(join(s.mailboxDir, f), 'utf8').split(/\r?\n\r?\n/, 1)[0];
    const m = /^message-id:\s*(\S+)/im.exec(head);
    if (m) caughtByMessageId.set(m[1].replace(/^<|>$/g, ''), Number(f.slice(0, 13)));
  }
  const prefix = `${spec.id}:`;
  const caughtAt = new Map<string, number[]>();
  const outbox: { idempotency_key: string; message_id: string }[] = await s.ds.query(
    `SELECT idempotency_key, message_id FROM mail_outbox WHERE plan_id = $1`,
    [spec.id],
  );
  for (const m of outbox) {
    if (!m.idempotency_key.startsWith(prefix)) continue;
    const [stepId, seq] = m.idempotency_key.slice(prefix.length).split(':');
    const at = caughtByMessageId.get(m.message_id.replace(/^<|>$/g, ''));
    if (at === undefined || !due.has(stepId)) continue;
    const k = `${stepId}#${seq}`;
    caughtAt.set(k, [...(caughtAt.get(k) ?? []), at]);
  }
  return { lags: noticeLags({ due, recorded, caughtAt }).lags, due };
}

/** The no-op sleepers: a worker of their own in this process, on the given server, ready before the run starts. */
export interface NoticeSleepers {
  /**
   * Starts one sleeper per instance nobody acts on (`actingShare` as the rehearsal's), sleeping to the instants of
   * that instance's notices on the run's clock (those still ahead), and resolves once every sleeper is done. Call it
   * once the run has started (the rehearsal's `during`).
   */
  sleepThrough(s: Stack, spec: PlanSpec, actingShare: number): Promise<void>;
  /** When the no-op activity ran for each notice, by `wakeKey(instance, instant)`. */
  wakes: Map<string, number>;
  /** Sleeper workflows started. */
  started(): number;
  close(): Promise<void>;
}

export async function noticeSleepers(address: string, client: Client): Promise<NoticeSleepers> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: join(projectRoot(), 'dist', 'bench', 'workflows', 'notice-sleeper.workflow.js'),
    logger: new DefaultLogger('WARN'),
  });
  const wakes = new Map<string, number>();
  const activities: NoticeSleeperActivities = {
    woke: async (key, at) => {
      const k = wakeKey(key, at);
      if (!wakes.has(k)) wakes.set(k, Date.now()); // a retried activity keeps the first wake-up
    },
  };
  const taskQueue = `bench-sleepers-${randomBytes(3).toString('hex')}`;
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({ connection, taskQueue, workflowBundle: { code }, activities });
  const running = worker.run();
  let started = 0;
  return {
    wakes,
    started: () => started,
    async sleepThrough(s, spec, actingShare) {
      const plan = (await new PlanRepository(s.ds).find(spec.id))!;
      if (!plan.clock) throw new Error(`plan ${spec.id} has no run clock: start the sleepers once the run has started`);
      const cal = calendarOf(spec);
      const now = Date.now();
      const inputs: NoticeSleeperInput[] = expandInstances(spec, cal)
        .filter((i) => !acts(i.key, actingShare))
        .map((inst) => ({
          key: inst.key,
          instants: timedNotices(spec, cal, inst, plan.clock!, new Date(now))
            .map((t) => Date.parse(t.atReal))
            .sort((a, b) => a - b),
        }))
        .filter((x) => x.instants.length > 0);
      const handles: { result(): Promise<unknown> }[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < inputs.length) {
            const input = inputs[next++];
            handles.push(
              await client.workflow.start('noticeSleeperWorkflow', {
                taskQueue,
                workflowId: `${taskQueue}-${input.key}`,
                args: [input],
              }),
            );
            started++;
          }
        }),
      );
      await Promise.all(handles.map((h) => h.result()));
    },
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
