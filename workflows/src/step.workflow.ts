import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair, UpdateDefinition } from '@temporalio/common';
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
  type SignedUpdate,
  type StepLiveState,
  type StepTransition,
  type SubmitStepInput,
  type StepWorkflowInput,
  type TimedNotice,
  INITIAL_STEP_STATE,
} from '../../libs/contracts/src/step.contracts.js';
import { changedAttributes, SEARCH_ATTRIBUTES_PATCH, stepSearchAttributes } from '../../libs/contracts/src/search-attributes.js';
import {
  checkApprove,
  checkCancel,
  checkDecideExtension,
  checkReassign,
  checkReassignSeparation,
  checkReject,
  checkRequestExtension,
  checkSelfApproval,
  checkSubmit,
  completesOnSubmit,
  type Refusal,
} from '../../libs/domain/src/step-rules.js';
import { STEP_ACTIVITY_OPTIONS } from './lib/activity-options.js';
import { nowMs } from './lib/clock.js';

const acts = proxyActivities<Activities>(STEP_ACTIVITY_OPTIONS);

/** The patch marker of takeTurn's second wait (a change unblocked beside another waits for it). */
const ONE_CHANGE_AT_A_TIME_PATCH = 'dondoc-one-change-at-a-time';
/** The patch marker of a person's change answering once its transition is recorded, its mails sent after the answer. */
const ANSWER_BEFORE_MAIL_PATCH = 'dondoc-answer-before-mail';
/** The patch marker of a timed transition recorded and mailed by one activity (recordTimedTransition). */
const TIMED_ONE_ACTIVITY_PATCH = 'dondoc-timed-one-activity';
/** The patch marker of the final state (completed, cancelled) written to the search attributes as the workflow closes. */
const FINAL_STATE_AT_CLOSE_PATCH = 'dondoc-final-state-at-close';

const refuseWith = (r: Refusal | null) => {
  if (r) throw ApplicationFailure.nonRetryable(r.message, r.code);
};

/** A notice is sent only while the assignee still owes the result. */
const owed = (s: StepLiveState) => s.state === 'assigned' || s.state === 'returned';

type Due =
  { kind: 'overdue'; at: number } | { kind: 'notice'; at: number; notice: TimedNotice } | { kind: 'approval-escalation'; at: number };

/** What a timer waits for, as the Temporal UI shows it beside the timer (which reminder, which escalation). */
function timerSummary(due: Due): string {
  if (due.kind === 'overdue') return 'overdue at the due date';
  if (due.kind === 'approval-escalation') return 'approval escalation: the approver has not decided';
  const { kind, offsetWd, date } = due.notice;
  const when = `${Math.abs(offsetWd)} working day(s) ${offsetWd < 0 ? 'before' : 'after'} the due date, on ${date.split('-').reverse().join('/')}`;
  return kind === 'reminder' ? `reminder ${when}` : `escalation ${when}, to ${due.notice.to}`;
}

/**
 * One step instance of a plan: assigned; reminded and escalated along the timeline the domain library computed
 * (absolute instants; this code does no calendar arithmetic); submitted with evidence; approved or returned by the
 * approver, whose silence past the SLA escalates; overdue at its due instant.
 */
export async function stepWorkflow(input: StepWorkflowInput): Promise<StepLiveState> {
  let live: StepLiveState = input.resume ?? INITIAL_STEP_STATE;
  const parties = {
    assignee: live.assignee ?? input.assignee,
    approver: input.approver,
    managers: input.managers ?? [],
    roles: input.roles ?? [],
  };
  /**
   * Whether this execution runs the change a patch marker guards: at once for one started at revision 1 (see
   * StepWorkflowInput.revision), else by patched() as before (histories recorded before replay as they ran).
   */
  const since = (revision: number, patch: string) => (input.revision ?? 0) >= revision || patched(patch);
  let version = 0; // bumps on every change, to wake the main loop
  const key = { planId: input.planId, stepId: input.stepId };
  /** Who is acting in the person's change being run (one at a time, see exclusive); undefined while timers act. */
  let by: SignedUpdate['by'];
  /** A person's change (an Update) is being run: its answer need not wait for its mails. */
  let personal = false;

  /**
   * The mails of people's changes, sent in order after the change has answered: the person waits for the transaction
   * (the transition, its audit row and its mails in the outbox, all committed), not for the SMTP server. Each mail is
   * still sent once by its outbox key; the workflow neither continues as new nor ends before they are all sent.
   */
  let mailsQueued = 0;
  let mailQueue: Promise<void> = Promise.resolve();
  const sendAfterAnswer = (mailKeys: string[]) => {
    mailsQueued++;
    mailQueue = mailQueue
      .then(async () => void (await acts.deliverMail(mailKeys)))
      .catch((err: unknown) => log.error('mail delivery failed', { ...key, mailKeys, error: String(err) }))
      .finally(() => void mailsQueued--);
  };
  const mailsSent = () => mailsQueued === 0;

  /** `plannedAt`: the instant a timer-driven transition was due, for the worker's notice lag metric. */
  const record = async (transition: StepTransition, plannedAt?: number) => {
    live = { ...live, seq: live.seq + 1 };
    if (plannedAt !== undefined && since(1, TIMED_ONE_ACTIVITY_PATCH)) {
      // What a timer does is nobody's act: no `by`, no answer to wait for; the mail goes out in the same activity.
      const notice = { kind: transition.kind, plannedAt: new Date(plannedAt).toISOString() };
      const timed = await acts.recordTimedTransition({ ...key, seq: live.seq, transition }, notice);
      version++;
      return timed;
    }
    const result = await acts.recordStepTransition({ ...key, seq: live.seq, transition, ...(by ? { by } : {}) });
    if (result.mailKeys.length) {
      if (personal && since(1, ANSWER_BEFORE_MAIL_PATCH)) sendAfterAnswer(result.mailKeys);
      else
        await (plannedAt === undefined
          ? acts.deliverMail(result.mailKeys)
          : acts.deliverMail(result.mailKeys, { kind: transition.kind, plannedAt: new Date(plannedAt).toISOString() }));
    }
    version++;
    return result;
  };
  // The search attributes (plan, step, unit, state, due date, assignee) and the memo (the title) an operator searches
  // by; a workflow whose history began before them runs on without (its replay must issue the same commands). A
  // starter that set them with the start (taggedStepStart, revision 1) saved the first upserts: only what differs from
  // what the server holds is sent (histories without a revision upsert everything, as they did).
  const done = () => live.state === 'completed' || live.state === 'cancelled';
  const tagged = since(1, SEARCH_ATTRIBUTES_PATCH);
  let shown: SearchAttributeUpdatePair[] = input.revision ? workflowInfo().typedSearchAttributes.getAll() : [];
  /**
   * The final state (completed, cancelled) is upserted in the workflow task that closes the workflow, once its last
   * mails are sent (milliseconds later, or after the SMTP retries): the server writes a closed workflow's attributes
   * with its close and skips the upsert's own visibility write, the costliest write of the dev server (one of the
   * step's four). Until then a running workflow keeps its last state, with its delivery pending (revision 2).
   */
  const tag = (closing = false) => {
    if (!tagged) return;
    if (!closing && done() && since(2, FINAL_STATE_AT_CLOSE_PATCH)) return;
    const next = stepSearchAttributes(input, live);
    const changed = changedAttributes(shown, next);
    if (changed.length) upsertSearchAttributes(changed);
    shown = next;
  };
  /**
   * Waits until no change runs, then takes the step (`busy`) in the same turn. Two waiters unblocked in the same
   * activation (two Updates Temporal admitted while no worker ran, or an Update and a timer) both find the step idle:
   * the first takes it, the second waits again — before, both ran on the state they found (two submissions).
   * Histories recorded before the patch replay as they ran. The caller releases the step, or runs `exclusive`.
   */
  const takeTurn = async () => {
    await condition(() => !live.busy);
    while (live.busy && since(1, ONE_CHANGE_AT_A_TIME_PATCH)) await condition(() => !live.busy);
    live = { ...live, busy: true };
  };
  const release = () => {
    live = { ...live, busy: false };
  };
  /** Runs one change at a time; `busy` marks it, so people's changes and notices never interleave. */
  const exclusive = async (change: () => Promise<void>) => {
    live = { ...live, busy: true };
    try {
      await change();
    } finally {
      live = { ...live, busy: false };
      version++;
      tag();
    }
    return live;
  };

  /**
   * A person's change: validated against the current state when it arrives (a refusal leaves no trace), then run
   * after whatever the workflow is doing (a reminder being sent), checked once more against the state it finds.
   * `guard`: a rule checked by the validator only (validators do not run on replay, so a rule added later leaves the
   * histories of updates it would now refuse replayable); it must not depend on state that changes while waiting.
   */
  const onPersonal = <A>(
    update: UpdateDefinition<StepLiveState, [A]>,
    check: (i: A) => Refusal | null,
    change: (i: A) => Promise<void>,
    guard?: (i: A) => Refusal | null,
  ) =>
    setHandler(
      update,
      async (i) => {
        await takeTurn();
        try {
          refuseWith(check(i));
        } catch (refusal) {
          release();
          throw refusal;
        }
        return exclusive(async () => {
          by = (i as SignedUpdate | undefined)?.by;
          personal = true;
          try {
            await change(i);
          } finally {
            by = undefined;
            personal = false;
          }
        });
      },
      { validator: (i: A) => refuseWith(check(i) ?? guard?.(i) ?? null) },
    );
  const idle = () => ({ ...live, busy: false });

  setHandler(getStepStatus, () => live);
  onPersonal(
    submitStep,
    (i: SubmitStepInput) => checkSubmit(parties, idle(), i?.actor, i?.note),
    async (i) => {
      const evidence = { ...(i.links?.length ? { links: i.links } : {}), ...(i.fileIds?.length ? { fileIds: i.fileIds } : {}) };
      const r = await record({ kind: 'submitted', actor: i.actor, note: i.note, ...evidence });
      live = { ...live, state: 'submitted', approvalEscalation: r.approvalEscalation };
      if (completesOnSubmit(parties)) {
        await record({ kind: 'approved', actor: i.actor });
        live = { ...live, state: 'completed', approvalEscalation: undefined };
      }
    },
  );
  onPersonal(
    approveStep,
    (i: { actor: string; note?: string }) => checkApprove(parties, idle(), i?.actor),
    async (i) => {
      await record({ kind: 'approved', actor: i.actor, note: i.note });
      live = { ...live, state: 'completed', approvalEscalation: undefined };
    },
    // Separation of duties, by roles (the api compares people before it sends the update).
    (i) => checkSelfApproval(parties, { role: i?.actor }),
  );
  onPersonal(
    rejectStep,
    (i: { actor: string; reason: string }) => checkReject(parties, idle(), i?.actor, i?.reason),
    async (i) => {
      await record({ kind: 'returned', actor: i.actor, reason: i.reason });
      live = { ...live, state: 'returned', approvalEscalation: undefined };
    },
  );
  onPersonal(
    cancelStep,
    (i: { actor: string; reason: string }) => checkCancel(parties, idle(), i?.actor, i?.reason),
    async (i) => {
      await record({ kind: 'cancelled', actor: i.actor, reason: i.reason });
      live = { ...live, state: 'cancelled', approvalEscalation: undefined };
    },
  );
  onPersonal(
    reassignStep,
    (i: { actor: string; to: string; reason: string }) => checkReassign(parties, idle(), i?.actor, i?.to, i?.reason),
    async (i) => {
      await record({ kind: 'reassigned', actor: i.actor, from: parties.assignee, to: i.to, reason: i.reason });
      parties.assignee = i.to;
      live = { ...live, assignee: i.to };
    },
    (i) => checkReassignSeparation(parties, i?.to),
  );
  const dueDate = () => live.extendedDue ?? input.dueDate ?? '';
  onPersonal(
    requestExtension,
    (i: { actor: string; until: string; reason: string }) =>
      checkRequestExtension(parties, { ...idle(), dueDate: dueDate() }, i?.actor, i?.until, i?.reason),
    async (i) => {
      await record({ kind: 'extension-requested', actor: i.actor, until: i.until, reason: i.reason });
      live = { ...live, extensionRequested: i.until };
    },
  );
  onPersonal(
    decideExtension,
    (i: { actor: string; grant: boolean; note?: string }) => checkDecideExtension(parties, idle(), i?.actor),
    async (i) => {
      const until = live.extensionRequested!;
      const r = await record({ kind: 'extension-decided', actor: i.actor, granted: !!i.grant, until, note: i.note });
      live = { ...live, extensionRequested: undefined };
      // The notices follow the new due date; the on-time statistic keeps the original one.
      if (i.grant) live = { ...live, extendedDue: until, timeline: r.timeline ?? [], next: 0 };
    },
  );

  if (tagged && input.title && !(input.revision && workflowInfo().memo?.title === input.title)) upsertMemo({ title: input.title });
  tag();
  if (!input.resume) await exclusive(async () => void (await record({ kind: 'assigned' })));

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
      await condition(() => !live.busy && allHandlersFinished() && mailsSent());
      await continueAsNew<typeof stepWorkflow>({ ...input, resume: live });
    }
    const due = nextDue();
    const seen = version;
    const wait = due ? due.at - nowMs() : undefined;
    if (wait === undefined || wait > 0) {
      const woken = () => done() || version !== seen || workflowInfo().continueAsNewSuggested;
      const changed = wait === undefined ? (await condition(woken), true) : await condition(woken, wait, { summary: timerSummary(due!) });
      if (changed) continue;
    }
    await takeTurn();
    if (done() || !due) {
      release();
      continue;
    }
    await exclusive(async () => {
      if (due.kind === 'overdue') {
        await record({ kind: 'overdue' }, due.at);
        live = { ...live, overdue: true };
        log.info('step overdue', key);
      } else if (due.kind === 'notice') {
        live = { ...live, next: (live.next ?? 0) + 1 };
        if (owed(live)) {
          const { kind, to, offsetWd, date, mode } = due.notice;
          // A reminder goes to whoever holds the step now (it may have been reassigned).
          await record(kind === 'reminder' ? { kind, to: parties.assignee, offsetWd, date } : { kind, to, offsetWd, date, mode }, due.at);
        }
      } else if (live.approvalEscalation && live.state === 'submitted') {
        const { to, date } = live.approvalEscalation;
        live = { ...live, approvalEscalation: undefined };
        await record({ kind: 'approval-escalation', to, date }, due.at);
      }
    });
  }
  await condition(() => allHandlersFinished() && mailsSent());
  tag(true);
  return live;
}
