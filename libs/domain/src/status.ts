/**
 * Step states and the four official status buckets (QĐ 42/2014/QĐ-TTg practice): users never set a bucket, it is
 * computed from the due instant and the completion instant, both in plan time.
 */
export const STEP_STATES = ['assigned', 'submitted', 'returned', 'completed', 'cancelled'] as const;
export type StepState = (typeof STEP_STATES)[number];

export const STATUS_BUCKETS = ['completed_on_time', 'completed_late', 'open_on_time', 'open_overdue'] as const;
export type StatusBucket = (typeof STATUS_BUCKETS)[number];
/** A cancelled step leaves the official statistic; its row keeps this bucket. */
export type StepBucket = StatusBucket | 'cancelled';

export interface BucketInput {
  state: StepState;
  dueAt: Date; // plan time: end of the local due day
  completedAt?: Date | null; // plan time: when the approved submission was made
}

export function bucketOf(s: BucketInput, planNow: Date): StepBucket {
  if (s.state === 'cancelled') return 'cancelled';
  if (s.state === 'completed') {
    if (!s.completedAt) throw new Error('a completed step needs its completion instant');
    return s.completedAt.getTime() <= s.dueAt.getTime() ? 'completed_on_time' : 'completed_late';
  }
  return planNow.getTime() < s.dueAt.getTime() ? 'open_on_time' : 'open_overdue';
}

export const isOpen = (state: StepState) => state !== 'completed' && state !== 'cancelled';
