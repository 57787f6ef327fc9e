/** The variables of the digest mails (plan-digest-weekly.hbs, plan-digest-daily.hbs); dates already dd/mm/yyyy. */

interface DigestCommonVars {
  communeName: string;
  planNumber: string;
  planTitle: string;
  /** How the recipient is addressed: the person and the title, or the title and the village. */
  recipientName: string;
  /** The day of the digest and its Vietnamese weekday. */
  date: string;
  weekday: string;
  /** The plan's status page. */
  statusUrl: string;
}

/** A step in a digest: instance id, title (with its month for a monthly step), who does it and where. */
export interface DigestLineVars {
  stepId: string;
  title: string;
  assigneeTitle: string;
  /** The village (or other unit) of a fanned-out step; '' for the commune itself. */
  unitName: string;
  dueDate: string;
  dueWeekday: string;
  workingDaysLate: number;
  /** Past the rung of its escalation chain that reports to the monitoring body by digest. */
  digestRung: boolean;
  stepUrl: string;
}

export interface WeeklyDigestVars extends DigestCommonVars {
  /** ISO week, e.g. 2023-W18. */
  week: string;
  total: number;
  /** Completed share, one decimal with a decimal comma ("71,4"). */
  percentComplete: string;
  /** The four official buckets in order, with their labels. */
  buckets: { label: string; count: number }[];
  submittedLabel: string;
  submitted: number;
  returnedLabel: string;
  returned: number;
  overdueCount: number;
  digestRungCount: number;
  overdue: DigestLineVars[];
  dueSoonCount: number;
  dueSoonUntil: string;
  dueSoon: DigestLineVars[];
}

export interface DailyDigestVars extends DigestCommonVars {
  reminderCount: number;
  reminders: (DigestLineVars & { dueToday: boolean; workingDaysLeft: number })[];
  overdueCount: number;
  overdue: DigestLineVars[];
}
