import { Inject, Injectable } from '@nestjs/common';
import {
  PlanRepository,
  StaffRepository,
  StepRepository,
  type PlanRow,
  type SignedInUser,
  type StepRow,
} from '#libs/database/src/index.js';
import {
  formatViDateTime,
  holdsRole,
  isPlaceholderNumber,
  localDateOf,
  outsideRoles,
  stepManagers,
  type Membership,
  planCalendarYears,
  planTimeAt,
  WorkingCalendar,
  type SubmissionEvidence,
} from '#libs/domain/src/index.js';
import type { RoleRef } from '../plans/plan-views.js';
import { displayBucketOf, timeLeft, type DisplayBucket } from '../plans/figures.js';

interface PlanTime {
  plan: PlanRow;
  cal: WorkingCalendar;
  /** Today's local date in plan time (a rehearsal runs on its own clock). */
  today: string;
}

/** A rehearsal runs on a clock of its own (another date or another speed); a real run has plan time = real time. */
export const isRehearsal = (plan: Pick<PlanRow, 'clock'>): boolean =>
  !!plan.clock && (plan.clock.speed !== 1 || new Date(plan.clock.planEpoch).getTime() !== new Date(plan.clock.realEpoch).getTime());

/** A plan as people tell it apart: its document number, or its id while it has no number yet (`__/KH-UBND`). */
export const planLabel = (plan: Pick<PlanRow, 'id' | 'number'>): string => (isPlaceholderNumber(plan.number) ? plan.id : plan.number);

/** The states of a step open for its assignee (to do, returned, waiting for approval), and of one waiting for its approver. */
const OPEN_STATES = ['assigned', 'returned', 'submitted'];
const APPROVAL_STATES = ['submitted'];

const unitName = (plan: PlanRow, unitId: string | null) =>
  unitId ? (plan.spec.orgUnits.find((u) => u.id === unitId)?.name ?? unitId) : null;

/** What the staff pages list for a signed-in user: their open steps across plans, and what waits for their approval. */
@Injectable()
export class MyWorkService {
  constructor(
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Inject(StepRepository) private readonly steps: StepRepository,
    @Inject(StaffRepository) private readonly staff: StaffRepository,
  ) {}

  /** Each plan of the rows once, with its calendar and today in plan time. */
  private async planTimes(rows: StepRow[], now: Date): Promise<Map<string, PlanTime>> {
    const out = new Map<string, PlanTime>();
    for (const id of new Set(rows.map((r) => r.planId))) {
      const plan = await this.plans.find(id);
      if (!plan) continue;
      out.set(id, {
        plan,
        cal: WorkingCalendar.vietnam(planCalendarYears(plan.spec)),
        today: localDateOf(plan.clock ? planTimeAt(plan.clock, now) : now),
      });
    }
    return out;
  }

  /** The user's steps held for `duty` in `states`, each with its plan's time, through `view` (a step of a plan gone is left out). */
  private async eachHeld<T>(
    user: SignedInUser,
    duty: 'assignee' | 'approver',
    states: string[],
    now: Date,
    view: (r: StepRow, p: PlanTime) => Promise<T>,
  ): Promise<T[]> {
    const rows = await this.steps.forHolder(user.id, duty, states);
    const plans = await this.planTimes(rows, now);
    return Promise.all(rows.filter((r) => plans.has(r.planId)).map((r) => view(r, plans.get(r.planId)!)));
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
    return this.eachHeld(user, 'assignee', OPEN_STATES, now, async (r, p) => {
      const returned =
        r.state === 'returned' ? (await this.steps.events(r.planId, r.stepId)).filter((e) => e.kind === 'returned').pop() : undefined;
      return {
        ...this.base(r, p),
        time: r.state === 'submitted' ? null : timeLeft(p.cal, r.extendedDueDate ?? r.dueDate, p.today),
        notStarted: !!r.startDate && p.today < r.startDate,
        returnReason: returned?.note ?? null,
      };
    });
  }

  /** Submitted steps whose approver role the user holds, with the submission (note, links, files) to judge. */
  async approvals(user: SignedInUser, now = new Date()) {
    return this.eachHeld(user, 'approver', APPROVAL_STATES, now, async (r, p) => {
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
    });
  }

  /**
   * The web app's list: the user's open steps as assignee (`my-work`: to do, returned, waiting for approval) or the
   * submitted steps they approve (`approvals`), with plan number, item, village and the people by name.
   */
  async forApp(user: SignedInUser, duty: 'assignee' | 'approver', now = new Date()): Promise<WorkItem[]> {
    const rows = await this.steps.forHolder(user.id, duty, duty === 'assignee' ? OPEN_STATES : APPROVAL_STATES);
    const plans = await this.planTimes(rows, now);
    const names = new Map<string, string | null>();
    const holder = async (planId: string, role: string, unitId: string | null): Promise<string | null> => {
      const key = `${planId}\n${role}\n${unitId ?? ''}`;
      if (!names.has(key)) {
        names.set(key, await this.staff.holderName(planId, role, unitId));
      }
      return names.get(key)!;
    };
    const seat = async (p: PlanTime, role: string, unitId: string | null): Promise<RoleRef> => {
      const name = await holder(p.plan.id, role, unitId);
      return { roleKey: role, title: p.plan.spec.roles[role]?.title ?? role, holders: name ? [name] : [] };
    };
    const held = new Map<string, Membership[]>();
    const out: WorkItem[] = [];
    for (const r of rows) {
      const p = plans.get(r.planId);
      if (!p) continue;
      if (!held.has(r.planId)) {
        // The monitoring body reads and never acts: its roles count for no action.
        const outside = outsideRoles(p.plan.spec);
        held.set(
          r.planId,
          (await this.staff.memberships(user.id, r.planId, p.today)).filter((m) => !outside.has(m.roleKey)),
        );
      }
      const events = r.state === 'assigned' ? [] : await this.steps.events(r.planId, r.stepId);
      const sub = events.filter((e) => e.kind === 'submitted').pop();
      const returned = r.state === 'returned' ? events.filter((e) => e.kind === 'returned').pop() : undefined;
      const left = r.state === 'submitted' ? null : timeLeft(p.cal, r.extendedDueDate ?? r.dueDate, p.today);
      out.push({
        planId: r.planId,
        planNumber: planLabel(p.plan),
        planTitle: p.plan.title,
        itemId: r.itemId,
        itemTitle: p.plan.spec.items.find((i) => i.id === r.itemId)?.title ?? r.itemId,
        stepId: r.stepId,
        title: r.title,
        unitId: r.unitId,
        unitName: unitName(p.plan, r.unitId),
        state: r.state,
        bucket: displayBucketOf(r),
        assignee: await seat(p, r.assignee, r.unitId),
        approver: r.approver ? await seat(p, r.approver, r.unitId) : null,
        dueDate: r.extendedDueDate ?? r.dueDate,
        workingDaysLeft: left === null ? null : 'left' in left ? left.left : -left.late.workingDays,
        rehearsal: isRehearsal(p.plan),
        planDate: p.today,
        returnReason: returned?.note ?? null,
        submission:
          r.state === 'submitted' && sub
            ? {
                note: sub.note,
                links: sub.evidence?.links ?? [],
                files: (sub.evidence?.files ?? []).map((f) => ({ id: f.id, name: f.name, size: f.size })),
                at: new Date(sub.atPlan).toISOString(),
              }
            : null,
        actions: stepActions(held.get(r.planId)!, r, stepManagers(p.plan.spec.policies.approval, r.approver)),
      });
    }
    return out;
  }
}

/** A step as the web app lists it (GET /api/v1/my-work, /api/v1/approvals): names, not codes. */
export interface WorkItem {
  planId: string;
  planNumber: string;
  planTitle: string;
  itemId: string;
  itemTitle: string;
  stepId: string;
  title: string;
  unitId: string | null;
  unitName: string | null;
  state: string;
  bucket: DisplayBucket;
  /** The role by its title and who holds it now (the OpenAPI schema RoleRef, as in the steps and status answers). */
  assignee: RoleRef;
  approver: RoleRef | null;
  dueDate: string;
  /** Working days left until the due date (0 on the day), negative when late; null while it waits for approval. */
  workingDaysLeft: number | null;
  rehearsal: boolean;
  planDate: string;
  returnReason: string | null;
  submission: { note: string | null; links: string[]; files: { id: string; name: string; size: number }[]; at: string } | null;
  /** What this person may do to the step now, by the roles they hold (the workflow still decides). */
  actions: StepAction[];
}

export type StepAction = 'submit' | 'extend' | 'approve' | 'reject' | 'reassign' | 'cancel';

/** The actions a person holding `held` may take on a step in its state: the step rules' parties, read ahead of time. */
export function stepActions(
  held: Membership[],
  r: Pick<StepRow, 'state' | 'assignee' | 'approver' | 'unitId'>,
  managers: string[],
): StepAction[] {
  const open = r.state === 'assigned' || r.state === 'returned';
  const has = (role: string | null) => !!role && holdsRole(held, role, r.unitId);
  const manages = managers.some((m) => has(m));
  return [
    ...(open && has(r.assignee) ? (['submit', 'extend'] as const) : []),
    ...(r.state === 'submitted' && has(r.approver) ? (['approve', 'reject'] as const) : []),
    ...(open && manages ? (['reassign'] as const) : []),
    ...((open || r.state === 'submitted') && manages ? (['cancel'] as const) : []),
  ];
}

export type MyWorkItem = Awaited<ReturnType<MyWorkService['myWork']>>[number];
export type ApprovalItem = Awaited<ReturnType<MyWorkService['approvals']>>[number];
