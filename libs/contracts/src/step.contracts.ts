import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { StepState } from '../../domain/src/status.js';
import type { StepTransition } from '../../domain/src/step-transition.js';
import type { ActedBy } from '../../domain/src/acted-by.js';
import type { TimedNoticeSpec } from '../../domain/src/plan/timeline.js';

export type { StepTransition };

export const DEFAULT_TASK_QUEUE = 'dondoc-steps';

/** Identifies one step instance of a plan run. */
export interface StepKey {
  planId: string;
  stepId: string;
}

/** What a step workflow is started with: IDs, parties and absolute instants; never records or calendar rules. */
export interface StepWorkflowInput extends StepKey {
  assignee: string;
  approver: string | null;
  /** Real instant at which the step becomes overdue (the end of its local due day, mapped by the plan-run clock). */
  dueAtReal: string;
  /** Reminders and escalations, computed by the domain library, as absolute real instants, in order. */
  timeline?: TimedNotice[];
  /** The effective due date (local), for checking an extension request. */
  dueDate?: string;
  /** Who may cancel or reassign the step, and the roles it may be reassigned to. */
  managers?: string[];
  roles?: string[];
  /** Carried over continue-as-new so idempotency keys never restart. */
  resume?: StepLiveState;
  /** The step's title (the workflow's memo) and its village (absent: the commune), for operators' searches. */
  title?: string;
  unit?: string;
  /**
   * The step workflow revision its starter knew (STEP_WORKFLOW_REVISION, set by taggedStepStart). An execution started
   * at revision 1 has, from its first event, every change the patch markers of revision 1 guard (search attributes,
   * one change at a time, answer before mail, timed notices in one activity) and its search attributes and memo set
   * by the start: it takes those branches without calling patched(), whose first call per marker records a marker
   * and an upsert of TemporalChangeVersion (two history events and a visibility write). Absent in histories recorded
   * before: they call patched() as they did. Revision 2 adds the final state written with the close (the step
   * workflow's FINAL_STATE_AT_CLOSE_PATCH) the same way. A change made after revision 2 needs a patch marker again.
   */
  revision?: number;
}

/** The step workflow revision a starter passes (StepWorkflowInput.revision). */
export const STEP_WORKFLOW_REVISION = 2;

/** The live state a step workflow begins in when it does not resume one. */
export const INITIAL_STEP_STATE: StepLiveState = { state: 'assigned', overdue: false, seq: 0, busy: false, next: 0 };

/** One reminder or escalation of a step's timeline, with the real instant it is due (computed by libs/domain). */
export type TimedNotice = TimedNoticeSpec;

/** The pending escalation of a submission the approver has not decided on. */
export interface PendingApprovalEscalation {
  to: string;
  date: string;
  atReal: string;
}

export interface StepLiveState {
  state: StepState;
  /** The current assignee when it was reassigned. */
  assignee?: string;
  /** A requested due date waiting for a decision. */
  extensionRequested?: string;
  /** After an extension: the due date and the timeline that replace the original ones for notices. */
  extendedDue?: string;
  timeline?: TimedNotice[];
  overdue: boolean;
  /** Index of the next timeline notice. */
  next?: number;
  approvalEscalation?: PendingApprovalEscalation;
  /** Number of transitions recorded; each one's audit row and mail are keyed by it. */
  seq: number;
  busy: boolean;
}

/*
 * The notes and reasons of these inputs travel as references, `dondoc-text:<uuid>`, to the text the api stored in
 * PostgreSQL (step_text) before sending the Update: the workflow checks only that one is there and hands it on; the
 * worker reads the text when it writes the audit row and the mails. A literal text is still accepted (older histories).
 */
export interface SubmitStepInput {
  actor: string;
  note: string;
  /** Evidence: web links, and ids of files uploaded beforehand (the bytes stay in PostgreSQL). */
  links?: string[];
  fileIds?: string[];
}
export interface ApproveStepInput {
  actor: string;
  note?: string;
}
export interface RejectStepInput {
  actor: string;
  reason: string;
}

export const submitStep = defineUpdate<StepLiveState, [SubmitStepInput]>('submitStep');
export const approveStep = defineUpdate<StepLiveState, [ApproveStepInput]>('approveStep');
export const rejectStep = defineUpdate<StepLiveState, [RejectStepInput]>('rejectStep');
export interface CancelStepInput {
  actor: string;
  reason: string;
}
export interface ReassignStepInput {
  actor: string;
  to: string;
  reason: string;
}
export interface RequestExtensionInput {
  actor: string;
  until: string;
  reason: string;
}
export interface DecideExtensionInput {
  actor: string;
  grant: boolean;
  note?: string;
}
export const requestExtension = defineUpdate<StepLiveState, [RequestExtensionInput]>('requestExtension');
export const decideExtension = defineUpdate<StepLiveState, [DecideExtensionInput]>('decideExtension');
export const cancelStep = defineUpdate<StepLiveState, [CancelStepInput]>('cancelStep');
export const reassignStep = defineUpdate<StepLiveState, [ReassignStepInput]>('reassignStep');
export const getStepStatus = defineQuery<StepLiveState>('getStepStatus');

export interface RecordTransitionInput extends StepKey {
  seq: number;
  transition: StepTransition;
  /** Who acted, for a person's transition (see SignedUpdate); absent for what timers do. */
  by?: ActedBy;
}

/**
 * Every step Update's argument may carry who acts (`by`), beside the role (`actor`) the workflow checks: the api adds
 * it, the workflow hands it to the activity that writes the audit row. Data only: it changes no command.
 */
export interface SignedUpdate {
  by?: ActedBy;
}

export interface RecordTransitionResult {
  /** Outbox keys of the mails written with this transition, for delivery. */
  mailKeys: string[];
  /** For a submission to an approver: when the approval escalates if nobody decides. */
  approvalEscalation?: PendingApprovalEscalation;
  /** For a granted extension: the notices of the new due date. */
  timeline?: TimedNotice[];
}

/** The workflow type name, for starters that do not import workflow code. */
export const STEP_WORKFLOW_TYPE = 'stepWorkflow';
