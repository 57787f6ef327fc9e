import { createHash } from 'node:crypto';
import type { PlanRow, RoleRow, OutboxMail, StepRow } from '../../../../libs/database/src/index.js';
import { allSteps, formatViDate, formatViDateTime, roleEmail, type StepFields, type StepTransition, type WorkingCalendar } from '../../../../libs/domain/src/index.js';
import { addressee, renderMail, viDueParts, viLabels, type MailKind, type MailVars } from '../../../../libs/mail/src/index.js';

/** Decides which mails a transition causes and renders them; pure apart from reading the templates. */
export class StepMailComposer {
  constructor(private readonly baseUrl: string) {}

  compose(plan: PlanRow, roles: Map<string, RoleRow>, step: StepRow, next: StepFields, seq: number, t: StepTransition, cal: WorkingCalendar): OutboxMail[] {
    const role = (key: string | null) => (key ? roles.get(key) : undefined);
    const assignee = role(step.assignee);
    const approver = role(step.approver);
    if (!assignee) throw new Error(`role ${step.assignee} of step ${step.stepId} is not in plan ${plan.id}`);
    const unitName = step.unitId ? (plan.spec.orgUnits.find((u) => u.id === step.unitId)?.name ?? step.unitId) : null;
    const common = {
      communeName: plan.issuerName,
      planNumber: plan.number,
      planTitle: plan.title,
      stepId: step.specStepId || step.stepId,
      stepTitle: [step.title, unitName, step.period ? `${viLabels().timeline.monthOf} ${step.period.slice(5)}/${step.period.slice(0, 4)}` : null].filter(Boolean).join(' – '),
      stepUrl: `${this.baseUrl}/plans/${encodeURIComponent(plan.id)}/steps/${encodeURIComponent(step.stepId)}`,
      // Notices follow a granted extension; the decision itself names the original due date.
      ...viDueParts(t.kind === 'extension-decided' ? step.dueDate : (step.extendedDueDate ?? step.dueDate)),
      assigneeName: addressee({ ...assignee, fanOut: plan.spec.roles[step.assignee]?.fanOut }, unitName),
    };
    const spec = allSteps(plan.spec).find((s) => s.id === step.specStepId);
    const mails: OutboxMail[] = [];
    const add = <K extends MailKind>(kind: K, to: RoleRow, vars: MailVars[K]) => {
      const idempotencyKey = `${plan.id}:${step.stepId}:${seq}:${kind}:${to.roleKey}`;
      const r = renderMail(kind, vars);
      const address = plan.spec.roles[to.roleKey] ? roleEmail(plan.spec.roles[to.roleKey], step.unitId) : to.email;
      mails.push({ idempotencyKey, messageId: messageIdFor(idempotencyKey), template: kind, toAddress: address, ...r });
    };
    switch (t.kind) {
      case 'assigned':
      case 'reassigned':
        if (t.kind === 'assigned' && step.caseId && !step.approver) {
          // A reported child-abuse case: the chairman hears of it at once, with the hour the 12-hour clock runs out.
          const dueAt = new Date(step.dueAtPlan);
          const hours = plan.spec.policies.childAbuseCase?.emergencyInterventionH ?? 12;
          add('case-emergency', assignee, {
            ...common,
            dueTime: formatViDateTime(dueAt),
            reportedTime: formatViDateTime(new Date(dueAt.getTime() - hours * 3_600_000)),
            unitName: unitName ?? '',
          });
        } else {
          add('step-assigned', assignee, {
            ...common,
            evidence: spec?.evidence ?? viLabels().noEvidence,
            approverText: approver ? `${approver.person} (${approver.title})` : viLabels().noApprover,
          });
        }
        break;
      case 'submitted':
        if (approver) add('step-approval-request', approver, { ...common, approverName: addressee(approver), note: t.note });
        break;
      case 'approved':
        add('step-approved', assignee, { ...common, approverTitle: approver?.title ?? assignee.title, bucketLabel: viLabels().buckets[next.bucket] });
        break;
      case 'returned':
        add('step-returned', assignee, { ...common, approverTitle: approver?.title ?? '', reason: t.reason });
        break;
      case 'overdue':
        break; // the state changes at 24:00; people hear of it with the first escalation, on a working day
      case 'reminder': {
        const due = step.extendedDueDate ?? step.dueDate;
        add('step-reminder', assignee, { ...common, dueToday: t.date >= due, workingDaysLeft: Math.max(0, cal.workingDaysBetween(t.date, due)) });
        break;
      }
      case 'escalation': {
        const to = role(t.to);
        if (!to) throw new Error(`escalation of ${step.stepId} to unknown role ${t.to}`);
        const late = { recipientName: addressee(to), workingDaysLate: cal.workingDaysBetween(step.extendedDueDate ?? step.dueDate, t.date) };
        add('step-escalation', to, { ...common, ...late });
        add('step-overdue', assignee, { ...common, ...late });
        break;
      }
      case 'extension-requested': {
        const to = approver ?? role(plan.spec.policies.approval.approver);
        if (to) add('step-extension-request', to, { ...common, recipientName: addressee(to), until: formatViDate(t.until), reason: t.reason });
        break;
      }
      case 'extension-decided': {
        const by = role(t.actor);
        add('step-extension-decision', assignee, { ...common, granted: t.granted, until: formatViDate(t.until), actorName: by ? addressee(by) : t.actor, note: t.note ?? '' });
        break;
      }
      case 'cancelled': {
        const by = role(t.actor);
        add('step-cancelled', assignee, { ...common, actorName: by ? addressee(by) : t.actor, reason: t.reason });
        break;
      }
      case 'approval-escalation': {
        const to = role(t.to);
        if (!to) throw new Error(`approval escalation of ${step.stepId} to unknown role ${t.to}`);
        add('step-approval-escalation', to, {
          ...common,
          recipientName: addressee(to),
          approverName: approver ? addressee(approver) : '',
          submittedDate: step.submittedAtPlan ? formatViDate(new Date(step.submittedAtPlan)) : '',
          slaWd: plan.spec.policies.approval.slaWd,
        });
        break;
      }
    }
    return mails;
  }
}

/** A deterministic Message-ID: the same outbox key always gives the same id, so a resend is recognisable. */
export const messageIdFor = (key: string) => `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@dondoc.local>`;
