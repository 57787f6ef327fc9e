import { Inject, Injectable } from '@nestjs/common';
import { PlanRepository, RunningPlans, StaffRepository, StepRepository, type PlanRow } from '#libs/database/src/index.js';
import {
  DomainError, localDateOf, monitoringTimeline, planCalendarYears, planTimeAt, rollupUnitKeys, WorkingCalendar, type PlanClock,
} from '#libs/domain/src/index.js';
import { caseKpis } from '../cases/cases.service.js';
import { weakEtag } from '../common/etag.js';
import { planNames, toAssigneeCounts, toPlanSummary, toStepProgress, toStepView, type PlanNames } from './plan-views.js';
import { fieldMessage, invalidFields } from '../common/field-messages.js';

@Injectable()
export class PlansService {
  constructor(
    @Inject(RunningPlans) private readonly running: RunningPlans,
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Inject(StepRepository) private readonly steps: StepRepository,
    @Inject(StaffRepository) private readonly staff: StaffRepository,
  ) {}

  /** The names of a plan's codes: role titles with the people holding them now, villages, items. */
  async names(plan: Pick<PlanRow, 'id' | 'spec'>): Promise<PlanNames> {
    return planNames(plan.spec, await this.staff.currentHolders(plan.id));
  }

  async list() {
    const plans = await this.plans.list();
    return Promise.all(plans.map(async (p) => toPlanSummary(p, await this.steps.rollup(p.id))));
  }

  private async found(planId: string): Promise<PlanRow> {
    const plan = await this.running.find(planId);
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', `No plan ${planId}`);
    return plan;
  }

  private readonly calendars = new Map<string, WorkingCalendar>();
  private lateness(plan: PlanRow) {
    let cal = this.calendars.get(plan.id);
    if (!cal) {
      cal = WorkingCalendar.vietnam(planCalendarYears(plan.spec));
      if (this.calendars.size < 256) this.calendars.set(plan.id, cal);
    }
    return { cal, planNow: plan.clock ? planTimeAt(plan.clock, new Date()) : new Date(), memo: new Map() };
  }

  /** The roll-up unit keys of a unit's subtree; a unit the plan does not have is a bad `unit` field. */
  private unitKeys(plan: PlanRow, unit: string): string[] {
    const keys = rollupUnitKeys(plan.spec, unit);
    if (!keys) throw invalidFields({ unit: fieldMessage('unit', `phải là một đơn vị của kế hoạch ${plan.id}; không có đơn vị "${unit}"`) }, `unit ${unit} is not an org unit of plan ${plan.id}`);
    return keys;
  }

  /** The whole plan with every step, or with `paging` one page of them (the counts and progress are of every step). */
  async status(planId: string, paging?: { page: number; pageSize: number }) {
    const plan = await this.found(planId);
    const [rollup, byItemUnit, byAssignee, byState, steps, names] = await Promise.all([
      this.steps.rollup(planId), this.steps.rollupByItemUnit(planId), this.steps.rollupByAssignee(planId), this.steps.countByState(planId), this.steps.list(planId), this.names(plan),
    ]);
    const late = this.lateness(plan);
    return {
      ...toPlanSummary(plan, rollup), byState, byItemUnit, byAssignee: toAssigneeCounts(plan.spec, byAssignee),
      progress: toStepProgress(steps), cases: caseKpis(steps), stepsTotal: steps.length,
      /** Who monitors the plan over time, by unit: a role moving to a successor unit shows as two stretches. */
      monitoringBodies: monitoringTimeline(plan.spec),
      ...(paging ? { stepsPage: { ...paging, total: steps.length, pages: Math.ceil(steps.length / paging.pageSize) } } : {}),
      steps: (paging ? steps.slice((paging.page - 1) * paging.pageSize, paging.page * paging.pageSize) : steps).map((s) => toStepView(s, late, names)),
    };
  }

  /** A unit and its subtree, from the roll-up rows alone (its steps: GET …/steps?unit=). */
  async unitStatus(planId: string, unit: string) {
    const plan = await this.found(planId);
    const keys = this.unitKeys(plan, unit);
    const [rollup, byItemUnit, byAssignee] = await Promise.all([
      this.steps.rollup(plan.id, keys), this.steps.rollupByItemUnit(plan.id, keys), this.steps.rollupByAssignee(plan.id, keys),
    ]);
    const units = keys.filter((k) => k !== '');
    return {
      ...toPlanSummary(plan, rollup),
      unit: { id: unit, name: plan.spec.orgUnits.find((u) => u.id === unit)?.name ?? unit, units },
      byItemUnit,
      byAssignee: toAssigneeCounts(plan.spec, byAssignee),
    };
  }

  /** One page of the plan's steps (of a unit's subtree with `unit`) in item order; the total comes from the roll-up. */
  async stepsPage(planId: string, q: { page: number; pageSize: number; unit?: string }) {
    const plan = await this.found(planId);
    const units = q.unit !== undefined ? this.unitKeys(plan, q.unit) : undefined;
    const [counts, rows, names] = await Promise.all([
      this.steps.rollup(planId, units),
      this.steps.page(planId, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize, units }),
      this.names(plan),
    ]);
    const total = Object.values(counts).reduce((n, c) => n + c, 0);
    const late = this.lateness(plan);
    return { page: q.page, pageSize: q.pageSize, total, pages: Math.ceil(total / q.pageSize), items: rows.map((s) => toStepView(s, late, names)) };
  }

  /**
   * The entity tag of a status answer, without reading any step: the plan's roll-up version (it moves with every step
   * change), its clock, today's date in plan time (lateness counts in days), and who holds its seats (the answer names
   * them). `what` names the answer and its query.
   */
  async statusTag(planId: string, what: unknown): Promise<string> {
    return (await this.statusTagWithClock(planId, what)).tag;
  }

  /** The tag, and the plan's current time as the answer's live `planNow` gives it (null before the run). */
  async statusTagWithClock(planId: string, what: unknown): Promise<{ tag: string; planNow: () => string | null }> {
    const [v, holders] = await Promise.all([this.steps.statusVersion(planId), this.staff.currentHolders(planId)]);
    if (!v) throw new DomainError('PLAN_NOT_FOUND', `No plan ${planId}`);
    const clock = v.clock as PlanClock | null;
    const planNow = clock ? planTimeAt(clock, new Date()) : new Date();
    return {
      tag: weakEtag(['status@2', planId, v.version, v.rows, v.clock, v.runStartedAt, localDateOf(planNow), holders, what]),
      planNow: () => (clock ? planTimeAt(clock, new Date()).toISOString() : null),
    };
  }

  async roles(planId: string) {
    const plan = await this.found(planId);
    return Object.values(plan.spec.roles);
  }
}
