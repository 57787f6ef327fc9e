import type { LinkAction, NewActionLink, PlanRow, RoleRow, OutboxMail, StepRow } from '#libs/database/src/index.js';
import { appPaths } from '#libs/contracts/src/index.js';
import {
  allSteps,
  formatViDate,
  formatViDateTime,
  roleEmail,
  type StepFields,
  type StepTransition,
  type WorkingCalendar,
} from '#libs/domain/src/index.js';
import {
  addressee,
  dueDateInvite,
  messageIdFor,
  renderMail,
  viDueParts,
  viLabels,
  type MailKind,
  type MailVars,
} from '#libs/mail/src/index.js';
import { ActionLinkMinter } from './action-links.js';

/** An outbox mail and the action links it carries (written in the same transaction). */
export type ComposedMail = OutboxMail & { actionLinks: NewActionLink[] };

/** The score an approved child-friendly commune assessment was submitted with, for the mail to the monitoring body. */
export interface ApprovedAssessment {
  assessmentId: string;
  year: number;
  total: number;
  maxTotal: number;
  passMark: number;
  passed: boolean;
  zeroCriteria: number[];
  /** Scored on points not all confirmed from the decision's text ("tạm tính"), and which criteria. */
  provisional: boolean;
  unconfirmedCriteria: number[];
  /** The monitoring body on the day of the approval (the district until 30/6/2025, then the province). */
  monitor: string | undefined;
}

type MailContext = ReturnType<StepMailComposer['mailContext']>;
type Outbox = ReturnType<StepMailComposer['outboxOf']>;

/** Decides which mails a transition causes and renders them; pure apart from reading the templates. */
export class StepMailComposer {
  constructor(
    private readonly baseUrl: string,
    private readonly links: ActionLinkMinter = ActionLinkMinter.withProcessSecret(baseUrl, undefined),
  ) {}

  /**
   * The mails a transition causes, rendered, in three phases: who is concerned and the variables every mail shares
   * (mailContext), the outbox being written with its keys, addresses, action links and invites (outboxOf), and which
   * mails this kind of transition sends to whom (addMails).
   * `evidenceVersion`: of a submission, the version its evidence was recorded as; its approval links act on that one only.
   */
  compose(
    plan: PlanRow,
    roles: Map<string, RoleRow>,
    step: StepRow,
    next: StepFields,
    seq: number,
    t: StepTransition,
    cal: WorkingCalendar,
    assessment?: ApprovedAssessment,
    evidenceVersion?: number,
  ): ComposedMail[] {
    const c = this.mailContext(plan, roles, step, t);
    const out = this.outboxOf(plan, step, seq, c.common, evidenceVersion);
    this.addMails(c, out, plan, step, next, t, cal, assessment);
    return out.mails;
  }

  /** Phase 1: the step's assignee and approver, its village by name, and the variables every mail of it shares. */
  private mailContext(plan: PlanRow, roles: Map<string, RoleRow>, step: StepRow, t: StepTransition) {
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
      stepTitle: [
        step.title,
        unitName,
        step.period ? `${viLabels().timeline.monthOf} ${step.period.slice(5)}/${step.period.slice(0, 4)}` : null,
      ]
        .filter(Boolean)
        .join(' – '),
      stepUrl: `${this.baseUrl}${appPaths.step(plan.id, step.stepId)}`,
      // Notices follow a granted extension; the decision itself names the original due date.
      ...viDueParts(t.kind === 'extension-decided' ? step.dueDate : (step.extendedDueDate ?? step.dueDate)),
      assigneeName: addressee({ ...assignee, fanOut: plan.spec.roles[step.assignee]?.fanOut }, unitName),
    };
    return { role, assignee, approver, unitName, common };
  }

  /**
   * Phase 2: the outbox of one transition: each mail's idempotency key (plan, step, sequence, kind, recipient), its
   * address, the action links it carries and, for a new task and its reminders, the due date as a calendar event.
   */
  private outboxOf(plan: PlanRow, step: StepRow, seq: number, common: MailContext['common'], evidenceVersion: number | undefined) {
    const mails: ComposedMail[] = [];
    // A new task and its reminders carry the due date as a calendar event: one entry (UID) per step instance.
    const invite = (kind: MailKind) =>
      kind === 'step-assigned' || kind === 'step-reminder'
        ? [
            dueDateInvite({
              uid: `${plan.id}/${step.stepId}@dondoc.local`,
              sequence: seq,
              due: step.extendedDueDate ?? step.dueDate,
              fileKey: step.stepId,
              vars: common,
            }),
          ]
        : null;
    const keyOf = (kind: MailKind, to: RoleRow) => `${plan.id}:${step.stepId}:${seq}:${kind}:${to.roleKey}`;
    const addressOf = (to: RoleRow) => (plan.spec.roles[to.roleKey] ? roleEmail(plan.spec.roles[to.roleKey], step.unitId) : to.email);
    // Action links of a mail, by its key: only the one it is addressed to (a village role: in that village) may use them.
    const minted = new Map<string, NewActionLink[]>();
    const link = (kind: MailKind, to: RoleRow, action: LinkAction): string => {
      const key = keyOf(kind, to);
      const unitId = plan.spec.roles[to.roleKey]?.fanOut ? step.unitId : null;
      const bound = action !== 'submit' && evidenceVersion !== undefined ? { evidenceVersion } : {};
      const made = this.links.mint(key, action, {
        planId: plan.id,
        stepId: step.stepId,
        roleKey: to.roleKey,
        unitId,
        toAddress: addressOf(to),
        ...bound,
      });
      minted.set(key, [...(minted.get(key) ?? []), made.link]);
      return made.url;
    };
    const add = <K extends MailKind>(kind: K, to: RoleRow, vars: MailVars[K]) => {
      const idempotencyKey = keyOf(kind, to);
      const r = renderMail(kind, vars);
      const address = addressOf(to);
      mails.push({
        idempotencyKey,
        messageId: messageIdFor(idempotencyKey),
        template: kind,
        toAddress: address,
        planId: plan.id,
        attachments: invite(kind),
        ...r,
        actionLinks: minted.get(idempotencyKey) ?? [],
      });
    };
    return { mails, link, add };
  }

  /** Phase 3: which mails this kind of transition sends, to whom, with which variables. */
  private addMails(
    c: MailContext,
    out: Outbox,
    plan: PlanRow,
    step: StepRow,
    next: StepFields,
    t: StepTransition,
    cal: WorkingCalendar,
    assessment: ApprovedAssessment | undefined,
  ): void {
    const { role, assignee, approver, unitName, common } = c;
    const { link, add } = out;
    const spec = allSteps(plan.spec).find((s) => s.id === step.specStepId);
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
            reportUrl: link('step-assigned', assignee, 'submit'),
          });
        }
        break;
      case 'submitted':
        if (approver) {
          add('step-approval-request', approver, {
            ...common,
            approverName: addressee(approver),
            note: t.note,
            approveUrl: link('step-approval-request', approver, 'approve'),
            rejectUrl: link('step-approval-request', approver, 'reject'),
          });
        }
        break;
      case 'approved': {
        add('step-approved', assignee, {
          ...common,
          approverTitle: approver?.title ?? assignee.title,
          bucketLabel: viLabels().buckets[next.bucket],
        });
        // An approved assessment goes on to the monitoring body with its score and the dossier.
        const monitor = assessment ? role(assessment.monitor ?? null) : undefined;
        if (assessment && monitor) {
          add('assessment-sent', monitor, {
            ...common,
            recipientName: addressee(monitor),
            approverTitle: approver?.title ?? '',
            year: assessment.year,
            total: assessment.total,
            maxTotal: assessment.maxTotal,
            passMark: assessment.passMark,
            verdict: `${assessment.provisional ? 'tạm tính: ' : ''}${assessment.passed ? 'đạt' : 'chưa đạt'}`,
            unconfirmedCriteria: assessment.provisional ? assessment.unconfirmedCriteria.join(', ') : '',
            zeroCriteria: assessment.zeroCriteria.length ? assessment.zeroCriteria.map((n) => `tiêu chí ${n}`).join(', ') : 'không có',
            dossierUrl: `${this.baseUrl}/api/v1/plans/${encodeURIComponent(plan.id)}/assessments/${encodeURIComponent(assessment.assessmentId)}/ho-so.docx`,
          });
        }
        break;
      }
      case 'returned':
        add('step-returned', assignee, { ...common, approverTitle: approver?.title ?? '', reason: t.reason });
        break;
      case 'overdue':
        break; // the state changes at 24:00; people hear of it with the first escalation, on a working day
      case 'reminder': {
        // A role with `digest: daily` hears of its reminders in the day's digest (the digest workflow), not one by one.
        if (plan.spec.roles[step.assignee]?.digest === 'daily') break;
        const due = step.extendedDueDate ?? step.dueDate;
        add('step-reminder', assignee, {
          ...common,
          dueToday: t.date >= due,
          workingDaysLeft: Math.max(0, cal.workingDaysBetween(t.date, due)),
          reportUrl: link('step-reminder', assignee, 'submit'),
        });
        break;
      }
      case 'escalation': {
        const to = role(t.to);
        if (!to) throw new Error(`escalation of ${step.stepId} to unknown role ${t.to}`);
        const late = {
          recipientName: addressee(to),
          workingDaysLate: cal.workingDaysBetween(step.extendedDueDate ?? step.dueDate, t.date),
        };
        // A `mode: digest` rung (the monitoring body's) is told in that body's weekly digest, marked "[Báo cáo]", not by
        // a mail of its own; the assignee still hears that it went up the chain.
        if (t.mode !== 'digest') add('step-escalation', to, { ...common, ...late });
        add('step-overdue', assignee, { ...common, ...late });
        break;
      }
      case 'extension-requested': {
        const to = approver ?? role(plan.spec.policies.approval.approver);
        if (to)
          add('step-extension-request', to, { ...common, recipientName: addressee(to), until: formatViDate(t.until), reason: t.reason });
        break;
      }
      case 'extension-decided': {
        const by = role(t.actor);
        add('step-extension-decision', assignee, {
          ...common,
          granted: t.granted,
          until: formatViDate(t.until),
          actorName: by ? addressee(by) : t.actor,
          note: t.note ?? '',
        });
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
  }
}

/** Kept here for the worker's other composers: the Message-ID is made in libs/mail, which the api uses too. */
export { messageIdFor };
