import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../apps/worker/src/activities/index.js';
import {
  approveStep,
  cancelStep,
  decideExtension,
  getStepStatus,
  reassignStep,
  requestExtension,
  rejectStep,
  submitStep,
  type StepLiveState,
  type StepTransition,
  type StepWorkflowInput,
  type TimedNotice,
} from '../../libs/contracts/src/step.contracts.js';
import {
  checkApprove, checkCancel, checkDecideExtension, checkReassign, checkReject, checkRequestExtension, checkSubmit, completesOnSubmit, type Refusal,
} from '../../libs/domain/src/step-rules.js';
import { nowMs } from './lib/clock.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

const refuseWith = (r: Refusal | null) => {
  if (r) throw ApplicationFailure.nonRetryable(r.message, r.code);
};

/** A notice is sent only while the assignee still owes the result. */
const owed = (s: StepLiveState) => s.state === 'assigned' || s.state === 'returned';

type Due =
  | { kind: 'overdue'; at: number }
  | { kind: 'notice'; at: number; notice: TimedNotice }
  | { kind: 'approval-escalation'; at: number };

/**
 * One step instance of a plan: assigned; reminded and escalated along the timeline the domain library computed
 * (absolute instants; this code does no calendar arithmetic); submitted with evidence; approved or returned by the
 * approver, whose silence past the SLA escalates; overdue at its due instant.
 */
export async function stepWorkflow(input: StepWorkflowInput): Promise<StepLiveState> {
  let live: StepLiveState = input.resume ?? { state: 'assigned', overdue: false, seq: 0, busy: false, next: 0 };
  const parties = { assignee: live.assignee ?? input.assignee, approver: input.approver, managers: input.managers ?? [], roles: input.roles ?? [] };
  let version = 0; // bumps on every change, to wake the main loop
  const key = { planId: input.planId, stepId: input.stepId };

  const record = async (transition: StepTransition) => {
    live = { ...live, seq: live.seq + 1 };
    const result = await acts.recordStepTransition({ ...key, seq: live.seq, transition });
    if (result.mailKeys.length) await acts.deliverMail(result.mailKeys);
    version++;
    return result;
  };
  /** Runs one change at a time; `busy` marks it, so people's changes and notices never interleave. */
  const exclusive = async (change: () => Promise<void>) => {
    live = { ...live, busy: true };
    try {
      await change();
    } finally {
      live = { ...live, busy: false };
      version++;
    }
    return live;
  };

  /**
   * A person's change: validated against the current state when it arrives (a refusal leaves no trace), then run
   * after whatever the workflow is doing (a reminder being sent), checked once more against the state it finds.
   */
  const personal = (check: () => Refusal | null, change: () => Promise<void>) => ({
    validator: () => refuseWith(check()),
    run: async () => {
      await condition(() => !live.busy);
      refuseWith(check());
      return exclusive(change);
    },
  });
  const idle = () => ({ ...live, busy: false });

  setHandler(getStepStatus, () => live);
  const submit = (i: { actor: string; note: string }) =>
    personal(
      () => checkSubmit(parties, idle(), i?.actor, i?.note),
      async () => {
        const r = await record({ kind: 'submitted', actor: i.actor, note: i.note });
        live = { ...live, state: 'submitted', approvalEscalation: r.approvalEscalation };
        if (completesOnSubmit(parties)) {
          await record({ kind: 'approved', actor: i.actor });
          live = { ...live, state: 'completed', approvalEscalation: undefined };
        }
      },
    );
  setHandler(submitStep, (i) => submit(i).run(), { validator: (i) => submit(i).validator() });
  const approve = (i: { actor: string; note?: string }) =>
    personal(
      () => checkApprove(parties, idle(), i?.actor),
      async () => {
        await record({ kind: 'approved', actor: i.actor, note: i.note });
        live = { ...live, state: 'completed', approvalEscalation: undefined };
      },
    );
  setHandler(approveStep, (i) => approve(i).run(), { validator: (i) => approve(i).validator() });
  const reject = (i: { actor: string; reason: string }) =>
    personal(
      () => checkReject(parties, idle(), i?.actor, i?.reason),
      async () => {
        await record({ kind: 'returned', actor: i.actor, reason: i.reason });
        live = { ...live, state: 'returned', approvalEscalation: undefined };
      },
    );
  setHandler(rejectStep, (i) => reject(i).run(), { validator: (i) => reject(i).validator() });
  const cancel = (i: { actor: string; reason: string }) =>
    personal(
      () => checkCancel(parties, idle(), i?.actor, i?.reason),
      async () => {
        await record({ kind: 'cancelled', actor: i.actor, reason: i.reason });
        live = { ...live, state: 'cancelled', approvalEscalation: undefined };
      },
    );
  setHandler(cancelStep, (i) => cancel(i).run(), { validator: (i) => cancel(i).validator() });
  const reassign = (i: { actor: string; to: string; reason: string }) =>
    personal(
      () => checkReassign(parties, idle(), i?.actor, i?.to, i?.reason),
      async () => {
        await record({ kind: 'reassigned', actor: i.actor, from: parties.assignee, to: i.to, reason: i.reason });
        parties.assignee = i.to;
        live = { ...live, assignee: i.to };
      },
    );
  setHandler(reassignStep, (i) => reassign(i).run(), { validator: (i) => reassign(i).validator() });
  const dueDate = () => live.extendedDue ?? input.dueDate ?? '';
  const ask = (i: { actor: string; until: string; reason: string }) =>
    personal(
      () => checkRequestExtension(parties, { ...idle(), dueDate: dueDate() }, i?.actor, i?.until, i?.reason),
      async () => {
        await record({ kind: 'extension-requested', actor: i.actor, until: i.until, reason: i.reason });
        live = { ...live, extensionRequested: i.until };
      },
    );
  setHandler(requestExtension, (i) => ask(i).run(), { validator: (i) => ask(i).validator() });
  const decide = (i: { actor: string; grant: boolean; note?: string }) =>
    personal(
      () => checkDecideExtension(parties, idle(), i?.actor),
      async () => {
        const until = live.extensionRequested!;
        const r = await record({ kind: 'extension-decided', actor: i.actor, granted: !!i.grant, until, note: i.note });
        live = { ...live, extensionRequested: undefined };
        // The notices follow the new due date; the on-time statistic keeps the original one.
        if (i.grant) live = { ...live, extendedDue: until, timeline: r.timeline ?? [], next: 0 };
      },
    );
  setHandler(decideExtension, (i) => decide(i).run(), { validator: (i) => decide(i).validator() });

  if (!input.resume) await exclusive(async () => void (await record({ kind: 'assigned' })));

  const done = () => live.state === 'completed' || live.state === 'cancelled';
  /** The earliest thing still to happen, or undefined when only people can move the step on. */
  const nextDue = (): Due | undefined => {
    const candidates: Due[] = [];
    if (!live.overdue) candidates.push({ kind: 'overdue', at: Date.parse(input.dueAtReal) });
    const timeline = live.timeline ?? input.timeline ?? [];
    const n = live.next ?? 0;
    if (n < timeline.length) candidates.push({ kind: 'notice', at: Date.parse(timeline[n].atReal), notice: timeline[n] });
    if (live.approvalEscalation) candidates.push({ kind: 'approval-escalation', at: Date.parse(live.approvalEscalation.atReal) });
    return candidates.sort((a, b) => a.at - b.at)[0];
  };

  while (!done()) {
    if (workflowInfo().continueAsNewSuggested) {
      await condition(() => !live.busy && allHandlersFinished());
      await continueAsNew<typeof stepWorkflow>({ ...input, resume: live });
    }
    const due = nextDue();
    const seen = version;
    const wait = due ? due.at - nowMs() : undefined;
    if (wait === undefined || wait > 0) {
      const changed = await condition(() => done() || version !== seen || workflowInfo().continueAsNewSuggested, wait);
      if (changed || wait === undefined) continue;
    }
    await condition(() => !live.busy);
    if (done() || !due) continue;
    await exclusive(async () => {
      if (due.kind === 'overdue') {
        await record({ kind: 'overdue' });
        live = { ...live, overdue: true };
        log.info('step overdue', key);
      } else if (due.kind === 'notice') {
        live = { ...live, next: (live.next ?? 0) + 1 };
        if (owed(live)) {
          const { kind, to, offsetWd, date, mode } = due.notice;
          // A reminder goes to whoever holds the step now (it may have been reassigned).
          await record(kind === 'reminder' ? { kind, to: parties.assignee, offsetWd, date } : { kind, to, offsetWd, date, mode });
        }
      } else if (live.approvalEscalation && live.state === 'submitted') {
        const { to, date } = live.approvalEscalation;
        live = { ...live, approvalEscalation: undefined };
        await record({ kind: 'approval-escalation', to, date });
      }
    });
  }
  await condition(allHandlersFinished);
  return live;
}
