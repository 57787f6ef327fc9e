import type { ErrorCode } from './errors.js';
import type { StepState } from './status.js';

/** What the rules need to know about a step: who must act and where it stands. */
export interface StepParties {
  assignee: string;
  approver: string | null;
}
export interface StepStanding {
  state: StepState;
  busy: boolean;
}
export interface Refusal {
  code: ErrorCode;
  message: string;
}

const refuse = (code: ErrorCode, message: string): Refusal => ({ code, message });

export function checkSubmit(p: StepParties, s: StepStanding, actor: string | undefined, note: string | undefined): Refusal | null {
  if (!actor) return refuse('ACTOR_REQUIRED', 'The actor (role key) is required');
  if (actor !== p.assignee) return refuse('ACTOR_NOT_ASSIGNEE', `Only the assignee (${p.assignee}) may submit this step`);
  if (s.busy) return refuse('STEP_BUSY', 'Another change to this step is in progress');
  if (s.state !== 'assigned' && s.state !== 'returned') return refuse('STEP_NOT_OPEN', `The step is ${s.state}; it cannot be submitted`);
  if (!note?.trim()) return refuse('EVIDENCE_NOTE_REQUIRED', 'An evidence note is required');
  return null;
}

function checkDecision(p: StepParties, s: StepStanding, actor: string | undefined): Refusal | null {
  if (!actor) return refuse('ACTOR_REQUIRED', 'The actor (role key) is required');
  if (!p.approver || actor !== p.approver)
    return refuse('ACTOR_NOT_APPROVER', `Only the approver (${p.approver ?? 'none'}) may decide on this step`);
  if (s.busy) return refuse('STEP_BUSY', 'Another change to this step is in progress');
  if (s.state !== 'submitted') return refuse('STEP_NOT_SUBMITTED', `The step is ${s.state}; only a submitted step can be decided`);
  return null;
}

export const checkApprove = (p: StepParties, s: StepStanding, actor: string | undefined): Refusal | null => checkDecision(p, s, actor);

export function checkReject(p: StepParties, s: StepStanding, actor: string | undefined, reason: string | undefined): Refusal | null {
  return checkDecision(p, s, actor) ?? (reason?.trim() ? null : refuse('REJECT_REASON_REQUIRED', 'A reason is required to return a step'));
}

/** A step without an approver is complete once submitted. */
export const completesOnSubmit = (p: StepParties) => p.approver === null;

/** Who may cancel or reassign a step: the people who direct the work (the approver, the chairman). */
export interface StepManagers {
  managers: string[];
  roles: string[];
}

function checkManaged(
  p: StepParties & StepManagers,
  s: StepStanding,
  actor: string | undefined,
  reason: string | undefined,
): Refusal | null {
  if (!actor) return refuse('ACTOR_REQUIRED', 'The actor (role key) is required');
  if (!p.managers.includes(actor)) return refuse('ACTOR_NOT_MANAGER', `Only ${p.managers.join(' or ')} may do this`);
  if (s.busy) return refuse('STEP_BUSY', 'Another change to this step is in progress');
  if (s.state === 'completed' || s.state === 'cancelled')
    return refuse('STEP_NOT_OPEN', `The step is ${s.state}; it takes no more changes`);
  if (!reason?.trim()) return refuse('REASON_REQUIRED', 'A reason is required');
  return null;
}

export const checkCancel = (
  p: StepParties & StepManagers,
  s: StepStanding,
  actor: string | undefined,
  reason: string | undefined,
): Refusal | null => checkManaged(p, s, actor, reason);

export function checkReassign(
  p: StepParties & StepManagers,
  s: StepStanding,
  actor: string | undefined,
  to: string | undefined,
  reason: string | undefined,
): Refusal | null {
  const refusal = checkManaged(p, s, actor, reason);
  if (refusal) return refusal;
  if (!to || !p.roles.includes(to)) return refuse('ROLE_UNKNOWN', `"${to ?? ''}" is not a role of this plan`);
  if (to === p.assignee) return refuse('VALIDATION_FAILED', `The step is already assigned to ${to}`);
  if (s.state === 'submitted') return refuse('STEP_NOT_OPEN', 'A submitted step waits for its approval; return it first');
  return null;
}

/** The assignee asks for a later due date; one request at a time, with a reason, for a date after the current one. */
export function checkRequestExtension(
  p: StepParties,
  s: StepStanding & { dueDate: string; extensionRequested?: string },
  actor: string | undefined,
  until: string | undefined,
  reason: string | undefined,
): Refusal | null {
  if (!actor) return refuse('ACTOR_REQUIRED', 'The actor (role key) is required');
  if (actor !== p.assignee) return refuse('ACTOR_NOT_ASSIGNEE', `Only the assignee (${p.assignee}) may ask for more time`);
  if (s.state !== 'assigned' && s.state !== 'returned') return refuse('STEP_NOT_OPEN', `The step is ${s.state}; it cannot be extended`);
  if (s.extensionRequested) return refuse('EXTENSION_INVALID', `An extension to ${s.extensionRequested} is already waiting for a decision`);
  if (!until || !/^\d{4}-\d{2}-\d{2}$/.test(until) || until <= s.dueDate)
    return refuse('EXTENSION_INVALID', `The new due date must be after ${s.dueDate}`);
  if (!reason?.trim()) return refuse('REASON_REQUIRED', 'A reason is required');
  return null;
}

export function checkDecideExtension(
  p: StepParties & StepManagers,
  s: StepStanding & { extensionRequested?: string },
  actor: string | undefined,
): Refusal | null {
  if (!actor) return refuse('ACTOR_REQUIRED', 'The actor (role key) is required');
  if (!p.managers.includes(actor)) return refuse('ACTOR_NOT_MANAGER', `Only ${p.managers.join(' or ')} may decide`);
  if (!s.extensionRequested) return refuse('EXTENSION_NOT_REQUESTED', 'No extension is waiting for a decision');
  return null;
}

/**
 * Separation of duties: nobody approves a submission they made, or a step they were assigned, in the same instance.
 * The approval is refused (SELF_APPROVAL), never passed on silently to someone else: the manager who wants the
 * approver to do the work gives it to another officer instead, and a support-plan step of a child-abuse case, which
 * the chairman approves, has nobody above the chairman to pass it to.
 *
 * People are compared where a session names one (`userId`, with the roles that person holds in the plan), roles
 * otherwise (the X-Dondoc-Actor header, an action link without a session): a person who holds the step's assignee
 * role (in the step's village, for a village role) was assigned the step, even when acting as the approver in
 * another role (an officer who is also acting vice-chairman); a person who submitted the evidence being decided on
 * never approves it, whatever roles they hold now.
 */
export interface StepSeatForDuties {
  assignee: string;
  approver: string | null;
  unitId?: string | null;
}
export interface Approving {
  /** The role the approval is given in. */
  role: string;
  /** The signed-in person, when there is one, and the roles they hold in the plan. */
  userId?: string;
  held?: HeldRole[];
}
export interface Submission {
  /** The role the evidence was submitted in, and the person who submitted it when known. */
  role?: string | null;
  userId?: string | null;
}

/** A role held: of the whole plan (unitId null) or of one village (the same shape as access.ts's Membership). */
export interface HeldRole {
  roleKey: string;
  unitId: string | null;
}
/** As access.ts's holdsRole; kept here because the workflow bundle imports this file and nothing of the plan code. */
const holdsRole = (held: HeldRole[], roleKey: string, unitId: string | null): boolean =>
  held.some((m) => m.roleKey === roleKey && (m.unitId === null || m.unitId === unitId));

const SELF_APPROVAL_TEXT = 'Nobody approves a submission they made or a step they were assigned';

export function checkSelfApproval(step: StepSeatForDuties, approving: Approving, submission?: Submission | null): Refusal | null {
  if (approving.role === step.assignee)
    return refuse('SELF_APPROVAL', `${SELF_APPROVAL_TEXT}: ${approving.role} is the assignee of this step`);
  if (submission?.role && submission.role === approving.role && !(submission.userId && approving.userId)) {
    return refuse('SELF_APPROVAL', `${SELF_APPROVAL_TEXT}: the evidence was submitted as ${submission.role}`);
  }
  if (approving.userId && submission?.userId && approving.userId === submission.userId) {
    return refuse('SELF_APPROVAL', `${SELF_APPROVAL_TEXT}: you submitted this evidence`);
  }
  if (approving.held && holdsRole(approving.held, step.assignee, step.unitId ?? null)) {
    return refuse('SELF_APPROVAL', `${SELF_APPROVAL_TEXT}: you hold ${step.assignee}, the role this step is assigned to`);
  }
  return null;
}

/**
 * A step is never given to the role that approves it (the approver would then approve their own work); for a
 * person, the api also refuses giving it to a role its approver's holder holds (`approverHolds`).
 */
export function checkReassignSeparation(
  p: StepParties,
  to: string | undefined,
  approverHolds?: HeldRole[],
  unitId?: string | null,
): Refusal | null {
  if (!to || !p.approver) return null;
  if (to === p.approver) return refuse('SELF_APPROVAL', `${SELF_APPROVAL_TEXT}: ${to} approves this step and cannot be given it`);
  if (approverHolds && holdsRole(approverHolds, to, unitId ?? null)) {
    return refuse('SELF_APPROVAL', `${SELF_APPROVAL_TEXT}: the person who approves this step also holds ${to}`);
  }
  return null;
}
