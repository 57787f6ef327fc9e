import type { OutboxMail, PlanRow, RoleRow } from '#libs/database/src/index.js';
import { appPaths } from '#libs/contracts/src/index.js';
import { formatViDate, roleEmail, STATUS_BUCKETS, type DailyDigest, type DigestLine, type WeeklyDigest } from '#libs/domain/src/index.js';
import { addressee, renderMail, viDueParts, viLabels, viWeekday, type MailKind, type MailVars } from '#libs/mail/src/index.js';
import { messageIdFor } from '../steps/step-mail.composer.js';

type LineVars = MailVars['plan-digest-weekly']['overdue'][number];

/** The outbox keys of the digests: one weekly digest per plan and ISO week, one daily digest per holder and day. */
export const weeklyDigestKey = (planId: string, week: string) => `digest-weekly:${planId}:${week}`;
export const dailyDigestPrefix = (planId: string) => `digest-daily:${planId}:`;
export const dailyDigestKey = (planId: string, role: string, unitId: string | null, date: string) =>
  `${dailyDigestPrefix(planId)}${role}:${unitId ?? '-'}:${date}`;

/** Renders the digests the domain library computed into outbox mails; pure apart from reading the templates. */
export class DigestMailComposer {
  constructor(private readonly baseUrl: string) {}

  /** The weekly digest to the monitoring body of its date; none when the plan names no monitoring body for that date. */
  weekly(plan: PlanRow, roles: Map<string, RoleRow>, d: WeeklyDigest): OutboxMail | undefined {
    const to = d.recipient ? roles.get(d.recipient) : undefined;
    if (!d.recipient || !to) return undefined;
    const labels = viLabels();
    const line = (l: DigestLine) => this.line(plan, roles, l);
    return this.mail(plan, 'plan-digest-weekly', weeklyDigestKey(plan.id, d.week), this.addressOf(plan, to, null), {
      ...this.common(plan, d.date),
      recipientName: addressee(to),
      week: d.week,
      total: d.total,
      percentComplete: String(d.percentComplete).replace('.', ','),
      buckets: STATUS_BUCKETS.map((b) => ({ label: labels.buckets[b], count: d.counts[b] })),
      submittedLabel: labels.states.submitted,
      submitted: d.submitted,
      returnedLabel: labels.states.returned,
      returned: d.returned,
      overdueCount: d.overdue.length,
      digestRungCount: d.overdue.filter((l) => l.digestRung).length,
      overdue: d.overdue.map(line),
      dueSoonCount: d.dueSoon.length,
      dueSoonUntil: formatViDate(d.dueSoonUntil),
      dueSoon: d.dueSoon.map(line),
    });
  }

  /** One holder's daily digest: the reminders of the day and the overdue steps. */
  daily(plan: PlanRow, roles: Map<string, RoleRow>, d: DailyDigest): OutboxMail {
    const to = roles.get(d.role);
    if (!to) throw new Error(`daily digest of ${plan.id} to unknown role ${d.role}`);
    return this.mail(plan, 'plan-digest-daily', dailyDigestKey(plan.id, d.role, d.unitId, d.date), this.addressOf(plan, to, d.unitId), {
      ...this.common(plan, d.date),
      recipientName: addressee({ ...to, fanOut: plan.spec.roles[d.role]?.fanOut }, this.unitName(plan, d.unitId) || null),
      reminderCount: d.reminders.length,
      reminders: d.reminders.map((r) => ({ ...this.line(plan, roles, r), dueToday: r.dueToday, workingDaysLeft: r.workingDaysLeft })),
      overdueCount: d.overdue.length,
      overdue: d.overdue.map((l) => this.line(plan, roles, l)),
    });
  }

  private mail<K extends MailKind>(plan: PlanRow, kind: K, idempotencyKey: string, toAddress: string, vars: MailVars[K]): OutboxMail {
    return {
      idempotencyKey,
      messageId: messageIdFor(idempotencyKey),
      template: kind,
      toAddress,
      planId: plan.id,
      ...renderMail(kind, vars),
    };
  }

  private common(plan: PlanRow, date: string) {
    return {
      communeName: plan.issuerName,
      planNumber: plan.number,
      planTitle: plan.title,
      date: formatViDate(date),
      weekday: viWeekday(date),
      statusUrl: `${this.baseUrl}${appPaths.plan(plan.id)}`,
    };
  }

  private addressOf(plan: PlanRow, to: RoleRow, unitId: string | null): string {
    const spec = plan.spec.roles[to.roleKey];
    return spec ? roleEmail(spec, unitId) : to.email;
  }

  private unitName(plan: PlanRow, unitId: string | null): string {
    return unitId ? (plan.spec.orgUnits.find((u) => u.id === unitId)?.name ?? unitId) : '';
  }

  private line(plan: PlanRow, roles: Map<string, RoleRow>, l: DigestLine): LineVars {
    const month = l.period ? ` – ${viLabels().timeline.monthOf} ${l.period.slice(5)}/${l.period.slice(0, 4)}` : '';
    return {
      stepId: l.stepId,
      title: `${l.title}${month}`,
      assigneeTitle: roles.get(l.assignee)?.title ?? l.assignee,
      unitName: this.unitName(plan, l.unitId),
      ...viDueParts(l.dueDate),
      workingDaysLate: l.workingDaysLate,
      digestRung: l.digestRung,
      stepUrl: `${this.baseUrl}${appPaths.step(plan.id, l.stepId)}`,
    };
  }
}
