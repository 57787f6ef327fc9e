/** Every failure a user can cause has a code; the HTTP edge maps codes to statuses. */
export const ERROR_CODES = [
  'PLAN_NOT_FOUND',
  'PLAN_INVALID',
  'STEP_NOT_FOUND',
  'ACTOR_REQUIRED',
  'ACTOR_HEADER_DISABLED',
  'ACTOR_NOT_ASSIGNEE',
  'ACTOR_NOT_APPROVER',
  'STEP_NOT_OPEN',
  'STEP_NOT_SUBMITTED',
  'STEP_BUSY',
  'STEP_NOT_STARTED',
  'FILE_NOT_FOUND',
  'CASE_NOT_SUPPORTED',
  'CASE_NOT_FOUND',
  'ACTOR_UNKNOWN',
  'PLAN_NOT_RUNNING',
  'EVIDENCE_NOTE_REQUIRED',
  'REJECT_REASON_REQUIRED',
  'REASON_REQUIRED',
  'ACTOR_NOT_MANAGER',
  'ROLE_UNKNOWN',
  'EXTENSION_INVALID',
  'EXTENSION_NOT_REQUESTED',
  'VALIDATION_FAILED',
  'ACCESS_DENIED',
  'TOKEN_INVALID',
  'ASSESSMENT_NOT_SUPPORTED',
  'ASSESSMENT_NOT_FOUND',
  'ASSESSMENT_LOCKED',
  'SELF_APPROVAL',
  'EVIDENCE_SUPERSEDED',
  'UPLOAD_TOO_LARGE',
  'TOKEN_NOT_FOUND',
  'UPDATE_TIMED_OUT',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A refusal to try again later (503): the answer says after how many seconds (Retry-After). */
export class RetryLaterError extends DomainError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message);
    this.name = 'RetryLaterError';
  }
}

export const isErrorCode = (s: unknown): s is ErrorCode => typeof s === 'string' && (ERROR_CODES as readonly string[]).includes(s);
