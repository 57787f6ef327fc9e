import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { RecordTransitionInput, RecordTransitionResult } from '#libs/contracts/src/index.js';
import {
  ActionLinkRepository,
  AssessmentRepository,
  EvidenceRepository,
  OutboxRepository,
  RunningPlans,
  StepRepository,
  StepTextRepository,
  WriteBatch,
} from '#libs/database/src/index.js';
import {
  applyStepTransition,
  approvalEscalationDate,
  expandInstances,
  localDateOf,
  monitoringBodyOn,
  noticeInstant,
  planCalendarYears,
  planTimeAt,
  realTimeAt,
  SYSTEM_ACTOR,
  timedNotices,
  WorkingCalendar,
  type ActedBy,
  type PlanClock,
  type PlanSpec,
} from '#libs/domain/src/index.js';
import type { PendingApprovalEscalation, TimedNotice } from '#libs/contracts/src/index.js';
import type { StepRow } from '#libs/database/src/index.js';
import { WALL_CLOCK, type WallClock } from '../wall-clock.js';
import { StepMailComposer, type ApprovedAssessment } from './step-mail.composer.js';

/** Records one step transition: step row, audit row, rollup and outbox mails in one transaction, at most once per seq. */
@Injectable()
export class StepTransitionsService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(StepMailComposer) private readonly composer: StepMailComposer,
    /** Chains the audit with auditKeyFrom(APP_SECRET), the same key as the api's (DatabaseModule). */
    @Inject(StepRepository) private readonly steps: StepRepository,
    @Inject(OutboxRepository) private readonly outbox: OutboxRepository,
    @Inject(EvidenceRepository) private readonly evidence: EvidenceRepository,
    @Inject(ActionLinkRepository) private readonly links: ActionLinkRepository,
    @Inject(AssessmentRepository) private readonly assessments: AssessmentRepository,
    @Inject(StepTextRepository) private readonly texts: StepTextRepository,
    /** A running plan's spec, clock and roles do not change: read once per worker process, not per transition. */
    @Inject(RunningPlans) private readonly runningPlans: RunningPlans,
    @Inject(WALL_CLOCK) private readonly now: WallClock,
  ) {}

  private readonly calendars = new Map<string, WorkingCalendar>();
  private calendarOf(spec: PlanSpec): WorkingCalendar {
    let cal = this.calendars.get(spec.id);
    if (!cal) this.calendars.set(spec.id, (cal = WorkingCalendar.vietnam(planCalendarYears(spec))));
    return cal;
  }

  /** A submission to an approver escalates to the policy's role if the approver has not decided within the SLA. */
  private approvalEscalation(
    kind: string,
    spec: PlanSpec,
    clock: PlanClock,
    step: { approver: string | null; submittedAtPlan: Date | null },
    cal: WorkingCalendar,
  ): PendingApprovalEscalation | undefined {
    const { submittedAtPlan } = step;
    if (kind !== 'submitted' || !submittedAtPlan || !step.approver) return undefined;
    const policy = spec.policies.approval;
    // Nobody escalates an approval to the approver themself (the chairman approves a case's support plan).
    if (!policy?.onBreachTo || policy.onBreachTo === step.approver) return undefined;
    const date = approvalEscalationDate(cal, localDateOf(new Date(submittedAtPlan)), policy.slaWd);
    return { to: policy.onBreachTo, date, atReal: realTimeAt(clock, noticeInstant(date)).toISOString() };
  }

  /** The notices of an extended step: its plan timeline recomputed for the new due date, from now on. */
  private extendedTimeline(spec: PlanSpec, clock: PlanClock, step: StepRow, cal: WorkingCalendar, now: Date): TimedNotice[] {
    const inst = expandInstances(spec, cal).find((i) => i.key === step.stepId);
    if (!inst || !step.extendedDueDate) return [];
    return timedNotices(spec, cal, { ...inst, assignee: step.assignee, dueEffective: step.extendedDueDate }, clock, now);
  }

  /** The score the assessment was submitted with (frozen at submission), for the mail to the monitoring body. */
  private async approvedAssessment(
    m: EntityManager,
    spec: PlanSpec,
    planId: string,
    assessmentId: string,
    date: string,
  ): Promise<ApprovedAssessment | undefined> {
    const a = await this.assessments.find(planId, assessmentId, m);
    const s = a?.submittedScore as
      | {
          total: number;
          maxTotal: number;
          passMark: number;
          passed: boolean;
          zeroCriteria: number[];
          provisional?: boolean;
          unconfirmedCriteria?: number[];
        }
      | null
      | undefined;
    if (!a || !s) return undefined;
    return {
      assessmentId,
      year: a.year,
      total: s.total,
      maxTotal: s.maxTotal,
      passMark: s.passMark,
      passed: s.passed,
      zeroCriteria: s.zeroCriteria,
      provisional: s.provisional ?? false,
      unconfirmedCriteria: s.unconfirmedCriteria ?? [],
      monitor: monitoringBodyOn(spec, date),
    };
  }

  async record(input: RecordTransitionInput): Promise<RecordTransitionResult> {
    const { planId, stepId, seq } = input;
    // A person's act carries who acted (an Update sent before people were recorded does not: only the role is known);
    // what timers do is the system's.
    const actedBy: ActedBy | null = 'actor' in input.transition ? (input.by ?? null) : SYSTEM_ACTOR;
    return this.ds.transaction(async (m) => {
      // Notes and reasons arrive as references (the workflow's history carries no personal text): read them here.
      const t = await this.texts.resolve(m, planId, stepId, input.transition);
      const step = await this.steps.lockWithLastHash(m, planId, stepId);
      const running = await this.runningPlans.running(planId, m);
      const plan = running?.plan;
      if (!step || !plan?.clock)
        throw ApplicationFailure.nonRetryable(`step ${planId}/${stepId} has no row or its plan has no run`, 'STEP_NOT_FOUND');
      const real = this.now();
      const planNow = planTimeAt(plan.clock, real);
      const note = 'note' in t ? (t.note ?? null) : 'reason' in t ? t.reason : null;
      const actor = 'actor' in t ? t.actor : 'to' in t ? t.to : null;
      // A submission's evidence is versioned; its files are named with their SHA-256, the bytes stay in evidence_file.
      const evidence =
        t.kind === 'submitted'
          ? {
              version: await this.steps.nextEvidenceVersion(m, planId, stepId),
              links: t.links ?? [],
              files: (await this.evidence.forStep(planId, stepId, t.fileIds ?? [], m)).map(({ id, name, sha256, size }) => ({
                id,
                name,
                sha256,
                size,
              })),
            }
          : null;
      const fresh = await this.steps.appendEvent(
        m,
        planId,
        stepId,
        { seq, kind: t.kind, actor, note, atPlan: planNow, evidence, actedBy },
        step.lastHash,
      );
      const prefix = `${planId}:${stepId}:${seq}:`;
      const cal = this.calendarOf(plan.spec);
      if (!fresh) {
        const current = (await this.steps.lock(m, planId, stepId))!;
        return {
          mailKeys: await this.outbox.keysWithPrefix(m, prefix),
          approvalEscalation: this.approvalEscalation(t.kind, plan.spec, plan.clock, current, cal),
          ...(t.kind === 'extension-decided' && t.granted
            ? { timeline: this.extendedTimeline(plan.spec, plan.clock, current, cal, real) }
            : {}),
        };
      }
      const granted = t.kind === 'extension-decided' && t.granted;
      const next = {
        ...applyStepTransition(step, t, { real, plan: planNow }),
        ...(t.kind === 'reassigned' ? { assignee: t.to } : {}),
        ...(granted ? { extendedDueDate: cal.roll(t.until) } : {}),
      };
      const assessment =
        t.kind === 'approved' && step.assessmentId
          ? await this.approvedAssessment(m, plan.spec, planId, step.assessmentId, localDateOf(planNow))
          : undefined;
      const mails = this.composer.compose(plan, running!.roles, { ...step, ...next }, next, seq, t, cal, assessment, evidence?.version);
      // The step row, its roll-ups, the outbox mails and their action links: one statement (the audit row went first,
      // since whether it was new decides whether anything else is written).
      const writes = new WriteBatch();
      this.steps.updateInto(writes, step, next, seq);
      for (const mail of mails) {
        this.outbox.enqueueInto(writes, mail);
        this.links.insertInto(writes, mail.actionLinks);
      }
      await writes.run(m);
      return {
        mailKeys: mails.map((x) => x.idempotencyKey),
        approvalEscalation: this.approvalEscalation(
          t.kind,
          plan.spec,
          plan.clock,
          { approver: step.approver, submittedAtPlan: next.submittedAtPlan },
          cal,
        ),
        ...(granted ? { timeline: this.extendedTimeline(plan.spec, plan.clock, { ...step, ...next }, cal, real) } : {}),
      };
    });
  }
}
