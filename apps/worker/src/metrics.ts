import { Histogram, Registry } from 'prom-client';

/** The worker's own Prometheus metrics; /metrics (ops-server.ts) serves them with Node's and the Temporal SDK's. */
export const workerRegistry = new Registry();

/**
 * From a notice's planned instant (the real instant its timer was set for: a reminder's or an escalation's on the
 * plan's timeline, the due date's end for overdue, the approval SLA's end) to its mail accepted by the SMTP server.
 * Timer lag, activity queueing, rendering and the SMTP hand-off are all in it. Mails that are not timed (a submission's,
 * an approval's) are not counted; a mail sent again after a lost `sent` mark is counted once.
 */
export const noticeLag = new Histogram({
  name: 'dondoc_notice_lag_seconds',
  help: "Seconds from a notice's planned instant to its mail handed to SMTP, by notice kind",
  labelNames: ['kind'] as const,
  buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
  registers: [workerRegistry],
});

/** The notice a timer-driven transition sends, as the workflow hands it to deliverMail. */
export interface PlannedNotice {
  kind: string;
  /** ISO instant the notice was planned for. */
  plannedAt: string;
}
