import { bucketOf, type StepBucket, type StepState } from './status.js';

/** Evidence of one submission; every version is kept in the audit log. Files are stored outside Temporal. */
export interface SubmissionEvidence {
  /** 1 for the first submission, 2 after a return and resubmission, … */
  version: number;
  links: string[];
  files: { id: string; name: string; sha256: string; size: number }[];
}

export type StepTransition =
  | { kind: 'assigned' }
  | { kind: 'submitted'; actor: string; note: string; links?: string[]; fileIds?: string[] }
  | { kind: 'approved'; actor: string; note?: string }
  | { kind: 'returned'; actor: string; reason: string }
  | { kind: 'overdue' }
  | { kind: 'reminder'; to: string; offsetWd: number; date: string }
  | { kind: 'escalation'; to: string; offsetWd: number; date: string; mode: 'mail' | 'digest' }
  | { kind: 'approval-escalation'; to: string; date: string }
  | { kind: 'cancelled'; actor: string; reason: string }
  | { kind: 'reassigned'; actor: string; from: string; to: string; reason: string }
  | { kind: 'extension-requested'; actor: string; until: string; reason: string }
  | { kind: 'extension-decided'; actor: string; granted: boolean; until: string; note?: string };

/** Transitions that only notify: they leave the step's business fields as they are. */
export const NOTICE_KINDS = ['reminder', 'escalation', 'approval-escalation'] as const;

/** The business fields of a step row that transitions change. Instants suffixed Plan are plan time. */
export interface StepFields {
  state: StepState;
  overdue: boolean;
  bucket: StepBucket;
  dueAtPlan: Date;
  submittedAt: Date | null;
  submittedAtPlan: Date | null;
  completedAt: Date | null;
  completedAtPlan: Date | null;
}

/**
 * Applies one transition. The completion instant of an approved step is the instant of the submission that was
 * approved: the assignee finished then; the approver's delay does not make the assignee late. A returned step
 * counts as not completed.
 */
export function applyStepTransition(cur: StepFields, t: StepTransition, now: { real: Date; plan: Date }): StepFields {
  const next: StepFields = { ...cur };
  switch (t.kind) {
    case 'assigned':
      next.state = 'assigned';
      break;
    case 'submitted':
      next.state = 'submitted';
      next.submittedAt = now.real;
      next.submittedAtPlan = now.plan;
      break;
    case 'approved':
      next.state = 'completed';
      next.completedAt = cur.submittedAt ?? now.real;
      next.completedAtPlan = cur.submittedAtPlan ?? now.plan;
      break;
    case 'returned':
      next.state = 'returned';
      next.submittedAt = null;
      next.submittedAtPlan = null;
      break;
    case 'overdue':
      next.overdue = cur.overdue || cur.state !== 'completed';
      break;
    case 'cancelled':
      next.state = 'cancelled';
      break;
    case 'reminder':
    case 'escalation':
    case 'approval-escalation':
    case 'reassigned': // the assignee is not a business field of the row's status; the repository writes it
    case 'extension-requested':
    case 'extension-decided': // the on-time statistic keeps counting against the original due date
      return next;
  }
  next.bucket = bucketOf({ state: next.state, dueAt: next.dueAtPlan, completedAt: next.completedAtPlan }, now.plan);
  return next;
}
