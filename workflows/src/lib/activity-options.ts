import type { ActivityOptions } from '@temporalio/workflow';

/**
 * Options of a step workflow's activities. A thrown error is retried without end, with exponential backoff: 1 s, 2 s,
 * 4 s … then once a minute (a relay down for an hour costs some sixty attempts, not a storm); an
 * `ApplicationFailure.nonRetryable` is not retried. Mail delivery keeps each attempt within 2/3 of the start-to-close
 * timeout (apps/worker/src/activities/index.ts), so two attempts never overlap.
 */
export const STEP_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
};
