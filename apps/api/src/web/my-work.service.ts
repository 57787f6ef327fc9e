import { Inject, Injectable } from '@nestjs/common';
import { PlanRepository, StepRepository, type PlanRow, type SignedInUser, type StepRow } from '../../../../libs/database/src/index.js';
import {
  formatViDateTime, localDateOf, planCalendarYears, planTimeAt, WorkingCalendar, type SubmissionEvidence,
} from '../../../../libs/domain/src/index.js';
import { displayBucketOf, timeLeft } from './dashboard.js';

interface PlanTime {
  plan: PlanRow;
  cal: WorkingCalendar;
  /** Today's local date in plan time (a rehearsal runs on its own clock). */
  today: string;
}

const unitName = (plan: PlanRow, unitId: string | null) => (unitId ? (plan.spec.orgUnits.find((u) => u.id === unitId)?.name ?? unitId) : null);

/** What the staff pages list for a signed-in user: their open steps across plans, and what waits for their approval. */
@Injectable()
export class MyWorkService {
  constructor(
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Inject(StepRepository) private readonly steps: StepRepository,
  ) {}

  /** Each plan of the rows once, with its calendar and today in plan time. */
  private async planTimes(rows: StepRow[], now: Date): Promise<Map<string, PlanTime>> {
    const out = new Map<string, PlanTime>();
    for (const id of new Set(rows.map((r) => r.planId))) {
      const plan = await this.plans.find(id);
      if (!plan) continue;
      out.set(id, { plan, cal: WorkingCalendar.vietnam(planCalendarYears(plan.spec)), today: localDateOf(plan.clock ? planTimeAt(plan.clock, now) : now) });
    }
    return out;
  }

  private base(r: StepRow, p: PlanTime) {
    return {
      planId: r.planId,
      planTitle: p.plan.title,
      stepId: r.stepId,
      title: r.title,
      unitName: unitName(p.plan, r.unitId),
      state: r.state,
      display: displayBucketOf(r),
      startDate: r.startDate,
      dueDate: r.dueDate,
      extendedDueDate: r.extendedDueDate,
    };
  }

  /** The user's open steps (to do, returned, waiting for approval), soonest due first, with the working days left or late. */
  async myWork(user: SignedInUser, now = new Date()) {
    const rows = await this.steps.forHolder(user.id, 'assignee', ['assigned', 'returned', 'submitted']);
    const plans = await this.planTimes(rows, now);
    return Promise.all(
      rows.filter((r) => plans.has(r.planId)).map(async (r) => {
        const p = plans.get(r.planId)!;
        const returned = r.state === 'returned' ? (await this.steps.events(r.planId, r.stepId)).filter((e) => e.kind === 'returned').pop() : undefined;
        return {
          ...this.base(r, p),
          time: r.state === 'submitted' ? null : timeLeft(p.cal, r.extendedDueDate ?? r.dueDate, p.today),
          notStarted: !!r.startDate && p.today < r.startDate,
          returnReason: returned?.note ?? null,
        };
      }),
    );
  }

  /** Submitted steps whose approver role the user holds, with the submission (note, links, files) to judge. */
  async approvals(user: SignedInUser, now = new Date()) {
    const rows = await this.steps.forHolder(user.id, 'approver', ['submitted']);
    const plans = await this.planTimes(rows, now);
    return Promise.all(
      rows.filter((r) => plans.has(r.planId)).map(async (r) => {
        const p = plans.get(r.planId)!;
        const sub = (await this.steps.events(r.planId, r.stepId)).filter((e) => e.kind === 'submitted').pop();
        const evidence: SubmissionEvidence | null = sub?.evidence ?? null;
        return {
          ...this.base(r, p),
          assignee: p.plan.spec.roles[r.assignee]?.title ?? r.assignee,
          submittedAtVi: sub ? formatViDateTime(new Date(sub.atPlan)) : null,
          note: sub?.note ?? null,
          version: evidence?.version ?? null,
          links: evidence?.links ?? [],
          files: evidence?.files ?? [],
        };
      }),
    );
  }
}

export type MyWorkItem = Awaited<ReturnType<MyWorkService['myWork']>>[number];
export type ApprovalItem = Awaited<ReturnType<MyWorkService['approvals']>>[number];
