import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#libs/config/src/index.js';
import { CASE_WORKFLOW_TYPE, type CaseWorkflowInput } from '#libs/contracts/src/index.js';
import { CaseRepository, PlanRepository, StepRepository, type NewStepRow, type StepRow } from '#libs/database/src/index.js';
import {
  bucketOf,
  caseInstances,
  caseStepOf,
  DomainError,
  planCalendarYears,
  planTimeAt,
  realTimeAt,
  WorkingCalendar,
} from '#libs/domain/src/index.js';
import { caseWorkflowId, stepWorkflowId } from '#libs/temporal/src/workflow-ids.js';
import { toStepView } from '../plans/plan-views.js';
import { ActorRolesService } from '../auth/actor-roles.service.js';
import type { Actor } from '../common/actor.decorator.js';
import { fieldMessage, invalidFields } from '../common/field-messages.js';

/**
 * Child-abuse case reports (I04.2): a report, in one transaction, writes the case and its two step rows (the
 * chairman's 12-hour emergency intervention, the support plan in 5 working days approved by the chairman); then the
 * case workflow starts their step workflows.
 */
@Injectable()
export class CasesService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Client) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ActorRolesService) private readonly roles: ActorRolesService,
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Inject(StepRepository) private readonly steps: StepRepository,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
  ) {}

  async report(who: Actor, planId: string, dto: { summary: string; unitId?: string }, now = new Date()) {
    const actor = await this.roles.inPlan(who, planId, dto.unitId);
    const { caseId } = await this.ds.transaction(async (m) => {
      const plan = await this.plans.lock(m, planId);
      if (!plan) throw new DomainError('PLAN_NOT_FOUND', `No plan ${planId}`);
      if (!plan.spec.roles[actor]) throw new DomainError('ACTOR_UNKNOWN', `${actor} is not a role of plan ${planId}`);
      if (dto.unitId && !plan.spec.orgUnits.some((u) => u.id === dto.unitId)) {
        throw invalidFields(
          { unitId: fieldMessage('unitId', `phải là một đơn vị (thôn) của kế hoạch ${planId}`) },
          `unitId ${dto.unitId} is not an org unit of plan ${planId}`,
        );
      }
      caseStepOf(plan.spec); // a plan without a case step refuses the report
      if (!plan.clock) throw new DomainError('PLAN_NOT_RUNNING', `Plan ${planId} has not started its run; start it first`);
      const clock = plan.clock;
      const reportedAtPlan = planTimeAt(clock, now);
      const caseId = await this.cases.nextId(m, planId);
      await this.cases.insert(m, {
        planId,
        caseId,
        unitId: dto.unitId ?? null,
        summary: dto.summary.trim(),
        reportedBy: actor,
        reportedAtPlan,
      });
      const cal = WorkingCalendar.vietnam(planCalendarYears(plan.spec));
      const rows: NewStepRow[] = caseInstances(plan.spec, cal, { caseId, reportedAtPlan, unit: dto.unitId ?? null }).map((i) => ({
        planId,
        stepId: i.key,
        specStepId: i.stepId,
        unitId: i.unit,
        period: null,
        itemId: i.itemId,
        title: i.title,
        assignee: i.assignee,
        approver: i.approver,
        startDate: i.start ?? null,
        dueDate: i.dueEffective,
        dueAtPlan: i.dueAt,
        dueAtReal: realTimeAt(clock, i.dueAt),
        state: 'assigned',
        bucket: bucketOf({ state: 'assigned', dueAt: i.dueAt }, reportedAtPlan),
        workflowId: stepWorkflowId(planId, i.key),
        caseId,
      }));
      await this.steps.insertMissing(m, rows);
      return { caseId };
    });
    const input: CaseWorkflowInput = { planId, caseId };
    try {
      await this.temporal.workflow.start(CASE_WORKFLOW_TYPE, {
        workflowId: caseWorkflowId(planId, caseId),
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    return this.get(planId, caseId);
  }

  async list(planId: string) {
    if (!(await this.plans.find(planId))) throw new DomainError('PLAN_NOT_FOUND', `No plan ${planId}`);
    return Promise.all((await this.cases.list(planId)).map((c) => this.get(planId, c.caseId)));
  }

  async get(planId: string, caseId: string) {
    const c = await this.cases.find(planId, caseId);
    if (!c) throw new DomainError('CASE_NOT_FOUND', `No case ${caseId} in plan ${planId}`);
    return {
      ...c,
      workflowId: caseWorkflowId(planId, caseId),
      steps: (await this.steps.forCase(planId, caseId)).map((s) => toStepView(s)),
    };
  }
}

/** KPI of item I04 (criterion 6 of QĐ 06/QĐ-TTg): cases whose support plan was approved on time, and emergencies met. */
export function caseKpis(steps: StepRow[]) {
  const cases = new Set(steps.filter((s) => s.caseId).map((s) => s.caseId));
  const plans = steps.filter((s) => s.caseId && s.approver);
  const emergencies = steps.filter((s) => s.caseId && !s.approver);
  const plansOnTime = plans.filter((s) => s.bucket === 'completed_on_time').length;
  return {
    reported: cases.size,
    emergencyInTime: emergencies.filter((s) => s.bucket === 'completed_on_time').length,
    supportPlansApprovedInTime: plansOnTime,
    pctSupportPlansApprovedInTime: cases.size ? Math.round((plansOnTime / cases.size) * 1000) / 10 : null,
  };
}
