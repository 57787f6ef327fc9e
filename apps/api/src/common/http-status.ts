import type { ErrorCode } from '../../../../libs/domain/src/index.js';

/** Domain error codes to HTTP statuses; a code left out is a compile error. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  PLAN_NOT_FOUND: 404,
  PLAN_INVALID: 422,
  STEP_NOT_FOUND: 404,
  ACTOR_REQUIRED: 401,
  ACTOR_NOT_ASSIGNEE: 403,
  ACTOR_NOT_APPROVER: 403,
  STEP_NOT_OPEN: 409,
  STEP_NOT_SUBMITTED: 409,
  STEP_BUSY: 409,
  EVIDENCE_NOTE_REQUIRED: 422,
  REJECT_REASON_REQUIRED: 422,
  REASON_REQUIRED: 422,
  ACTOR_NOT_MANAGER: 403,
  ROLE_UNKNOWN: 422,
  EXTENSION_INVALID: 422,
  EXTENSION_NOT_REQUESTED: 409,
  VALIDATION_FAILED: 422,
};
