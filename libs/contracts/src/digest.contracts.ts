import { defineQuery } from '@temporalio/workflow';
import type { DigestDate } from '../../domain/src/digest.js';

/**
 * What the digest workflow of a plan run is started with: the plan, and the real instant its digests start from
 * (digests due before it, e.g. of a run begun mid-plan, are not sent). Only IDs and instants: the days come from an
 * activity, a batch at a time.
 */
export interface DigestWorkflowInput {
  planId: string;
  /** ISO real instant; the first batch leaves out digests due before it. */
  since: string;
  /** Carried over continue-as-new: the last digest day handled and how many there were. */
  resume?: { after: string; handled: number };
}

/** One digest day with the real instant (08:00 plan time, mapped by the run's clock) it goes out at. */
export interface TimedDigest extends DigestDate {
  atReal: string;
}

/** Asks for the next digest days: after `after` (a local date), or on the first call from `since`. */
export interface DigestScheduleInput {
  planId: string;
  since: string;
  after?: string;
  limit: number;
}

/** Writes the digests of one day to the outbox (the weekly one, the daily ones, or both). */
export interface DigestMailsInput {
  planId: string;
  date: string;
  week: string;
  weekly: boolean;
  daily: boolean;
}

export interface DigestProgress {
  /** Digest days handled since the run began (across continue-as-new). */
  handled: number;
  /** The last digest day handled. */
  after?: string;
  /** The next digest day and its real instant, while the workflow waits for it. */
  next?: TimedDigest;
}

export const getDigestProgress = defineQuery<DigestProgress>('getDigestProgress');

export const DIGEST_WORKFLOW_TYPE = 'digestWorkflow';
