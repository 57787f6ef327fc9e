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
  if (!p.approver || actor !== p.approver) return refuse('ACTOR_NOT_APPROVER', `Only the approver (${p.approver ?? 'none'}) may decide on this step`);
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

function checkManaged(p: StepParties & StepManagers, s: StepStanding, actor: string | undefined, reason: string | undefined): Refusal | null {
  if (!actor) return refuse('ACTOR_REQUIRED', 'The actor (role key) is required');
  if (!p.managers.includes(actor)) return refuse('ACTOR_NOT_MANAGER', `Only ${p.managers.join(' or ')} may do this`);
  if (s.busy) return refuse('STEP_BUSY', 'Another change to this step is in progress');
  if (s.state === 'completed' || s.state === 'cancelled') return refuse('STEP_NOT_OPEN', `The step is ${s.state}; it takes no more changes`);
  if (!reason?.trim()) return refuse('REASON_REQUIRED', 'A reason is required');
  return null;
}

export const checkCancel = (p: StepParties & StepManagers, s: StepStanding, actor: string | undefined, reason: string | undefined): Refusal | null =>
  checkManaged(p, s, actor, reason);

export function checkReassign(p: StepParties & StepManagers, s: StepStanding, actor: string | undefined, to: string | undefined, reason: string | undefined): Refusal | null {
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
  if (!until || !/^\d{4}-\d{2}-\d{2}$/.test(until) || until <= s.dueDate) return refuse('EXTENSION_INVALID', `The new due date must be after ${s.dueDate}`);
  if (!reason?.trim()) return refuse('REASON_REQUIRED', 'A reason is required');
  return null;
}

export function checkDecideExtension(p: StepParties & StepManagers, s: StepStanding & { extensionRequested?: string }, actor: string | undefined): Refusal | null {
  if (!actor) return refuse('ACTOR_REQUIRED', 'The actor (role key) is required');
  if (!p.managers.includes(actor)) return refuse('ACTOR_NOT_MANAGER', `Only ${p.managers.join(' or ')} may decide`);
  if (!s.extensionRequested) return refuse('EXTENSION_NOT_REQUESTED', 'No extension is waiting for a decision');
  return null;
}
