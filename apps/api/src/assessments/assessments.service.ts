import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#libs/config/src/index.js';
import { STEP_WORKFLOW_TYPE, stepWorkflowInput, taggedStepStart } from '#libs/contracts/src/index.js';
import {
  AssessmentRepository,
  EvidenceRepository,
  PlanRepository,
  StepRepository,
  type AssessmentEvidence,
  type AssessmentRow,
  type NewStepRow,
  type PlanRow,
  type StepRow,
} from '#libs/database/src/index.js';
import {
  assessmentIdFor,
  assessmentInstance,
  assessmentStepOf,
  bucketOf,
  compareAssessments,
  DomainError,
  evidenceCoverage,
  getCriteriaSet,
  assessmentYearWarning,
  isOpen,
  localDateOf,
  planCalendarYears,
  planTimeAt,
  realTimeAt,
  scoreAssessment,
  verdictText,
  validateValues,
  WorkingCalendar,
  type AssessmentScore,
  type CommuneClass,
  type CriteriaSet,
} from '#libs/domain/src/index.js';
import { stepWorkflowId } from '#libs/temporal/src/workflow-ids.js';
import { ActorRolesService } from '../auth/actor-roles.service.js';
import type { Actor } from '../common/actor.decorator.js';
import { toStepView } from '../plans/plan-views.js';
import { StepsService } from '../steps/steps.service.js';
import { assessmentDossier, DOSSIER_CONTENT_TYPE, dossierFileName } from './assessment-dossier.js';
import { renderResultReportDocx } from '../reports/result-report.docx.js';
import { fieldMessage, invalidFields } from '../common/field-messages.js';

const MAX_EVIDENCE_PER_INDICATOR = 20;

/** What a plan step that feeds an indicator has produced so far. */
export interface FeedingStep {
  stepId: string;
  specStepId: string;
  title: string;
  assignee: string;
  unitId: string | null;
  state: StepRow['state'];
  bucket: StepRow['bucket'];
  dueDate: string;
  files: number;
}

export interface IndicatorEvidence {
  indicatorId: string;
  /** Step instances of this plan whose plan step declares the indicator: completed ones are evidence, open ones would supply it. */
  completed: FeedingStep[];
  open: FeedingStep[];
  /** What the officer attached: files uploaded to the assessment step and links. */
  attached: AssessmentEvidence[];
  /** No value yet, or a value with nothing to show for it. */
  missing: boolean;
}

/**
 * The child-friendly commune assessment (QĐ 06/QĐ-TTg): drafted by the officer in a step of its own (the plan's
 * assessment step: its assignee, approver, reminders and escalation; due the last working day of November of the
 * assessment year), scored from the values by the criteria set — the total and pass/fail are computed, never typed —
 * submitted with the dossier (DOCX) as its evidence file, approved by the vice-chairman through the step's workflow,
 * then sent to the monitoring body.
 */
@Injectable()
export class AssessmentsService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Client) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ActorRolesService) private readonly roles: ActorRolesService,
    @Inject(StepsService) private readonly stepActions: StepsService,
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Inject(StepRepository) private readonly steps: StepRepository,
    @Inject(AssessmentRepository) private readonly assessments: AssessmentRepository,
    @Inject(EvidenceRepository) private readonly files: EvidenceRepository,
  ) {}

  /** Opens the year's assessment and starts its step workflow; opening it again returns the one there is. */
  async create(who: Actor, planId: string, dto: { year: number; communeClass?: CommuneClass }, now = new Date()) {
    const actor = await this.roles.inPlan(who, planId);
    const created = await this.ds.transaction(async (m) => {
      const plan = await this.plans.lock(m, planId);
      if (!plan) throw new DomainError('PLAN_NOT_FOUND', `No plan ${planId}`);
      const { policy } = assessmentStepOf(plan.spec);
      const set = getCriteriaSet(policy.criteriaSet);
      // A year the decision does not assess in is let through with a warning (see get()): the plan may ask for it.
      if (dto.year < plan.spec.year - 1 || dto.year > plan.spec.year + 10) {
        throw invalidFields(
          { year: fieldMessage('year', `phải từ ${plan.spec.year - 1} đến ${plan.spec.year + 10} (năm của kế hoạch ${plan.spec.year})`) },
          `${dto.year} is too far from the plan year ${plan.spec.year}`,
        );
      }
      if (!plan.clock) throw new DomainError('PLAN_NOT_RUNNING', `Plan ${planId} has not started its run; start it first`);
      const cal = this.calendar(plan);
      const inst = assessmentInstance(plan.spec, cal, dto.year);
      const assessmentId = assessmentIdFor(dto.year);
      const fresh = await this.assessments.insert(m, {
        planId,
        assessmentId,
        unitId: plan.spec.issuer.id,
        year: dto.year,
        criteriaSet: set.id,
        communeClass: dto.communeClass ?? policy.communeClass,
        stepId: inst.key,
        createdBy: actor,
        values: {},
      });
      if (!fresh) return { assessmentId, fresh };
      const planNow = planTimeAt(plan.clock, now);
      const row: NewStepRow = {
        planId,
        stepId: inst.key,
        specStepId: inst.stepId,
        unitId: null,
        period: null,
        itemId: inst.itemId,
        title: inst.title,
        assignee: inst.assignee,
        approver: inst.approver,
        startDate: inst.start ?? null,
        dueDate: inst.dueEffective,
        dueAtPlan: inst.dueAt,
        dueAtReal: realTimeAt(plan.clock, inst.dueAt),
        state: 'assigned',
        bucket: bucketOf({ state: 'assigned', dueAt: inst.dueAt }, planNow),
        workflowId: stepWorkflowId(planId, inst.key),
        assessmentId,
      };
      await this.steps.insertMissing(m, [row]);
      const input = stepWorkflowInput({ ...plan, clock: plan.clock }, cal, row, inst, now);
      return { assessmentId, fresh, input, workflowId: row.workflowId };
    });
    if (created.fresh && created.input) {
      try {
        await this.temporal.workflow.start(STEP_WORKFLOW_TYPE, {
          workflowId: created.workflowId,
          taskQueue: this.config.temporal.taskQueue,
          ...taggedStepStart(created.input),
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }
    return { created: created.fresh, ...(await this.get(planId, created.assessmentId)) };
  }

  /** Saves values and evidence while the step is open and not waiting for approval; bad values: 422 per indicator. */
  async save(
    who: Actor,
    planId: string,
    assessmentId: string,
    dto: { values: Record<string, unknown>; evidence?: Record<string, unknown> },
  ) {
    await this.roles.inPlan(who, planId);
    await this.ds.transaction(async (m) => {
      const a = await this.assessments.lock(m, planId, assessmentId);
      if (!a) throw new DomainError('ASSESSMENT_NOT_FOUND', `No assessment ${assessmentId} in plan ${planId}`);
      const step = await this.steps.find(planId, a.stepId);
      if (!step || !isOpen(step.state) || step.state === 'submitted') {
        throw new DomainError(
          'ASSESSMENT_LOCKED',
          `Assessment ${assessmentId} is ${step?.state ?? 'gone'}; it can be changed only while it is being drafted or after it was returned`,
        );
      }
      const set = getCriteriaSet(a.criteriaSet);
      const errors: Record<string, string> = {};
      for (const p of validateValues(set, dto.values)) errors[`values.${p.indicatorId}`] = p.message;
      const evidence = await this.checkEvidence(set, a, dto.evidence ?? {}, errors);
      if (Object.keys(errors).length) throw invalidFields(errors, Object.keys(errors).join(', '));
      const values = { ...a.values, ...(dto.values as AssessmentRow['values']) };
      await this.assessments.save(m, planId, assessmentId, values, { ...a.evidence, ...evidence });
    });
    return this.get(planId, assessmentId);
  }

  /**
   * Submits the assessment for approval: the computed score is frozen, the dossier (self-assessment table and request
   * letter) is stored as the step's evidence file, and the step's workflow takes the submission as for any step.
   */
  async submit(who: Actor, planId: string, assessmentId: string, dto: { note?: string }) {
    const a = await this.assessments.find(planId, assessmentId);
    if (!a) throw new DomainError('ASSESSMENT_NOT_FOUND', `No assessment ${assessmentId} in plan ${planId}`);
    const plan = (await this.plans.find(planId))!;
    const score = scoreAssessment(getCriteriaSet(a.criteriaSet), a.communeClass as CommuneClass, a.values);
    const docx = await renderResultReportDocx(
      assessmentDossier({ plan, assessment: a, score, evidence: await this.evidenceOf(plan, a), date: this.planDate(plan) }),
    );
    const actor = await this.roles.forStep(who, (await this.steps.find(planId, a.stepId))!, 'assignee');
    const file = await this.files.store({
      planId,
      stepId: a.stepId,
      name: dossierFileName(a),
      contentType: DOSSIER_CONTENT_TYPE,
      data: docx,
      uploadedBy: actor,
    });
    await this.ds.transaction((m) => this.assessments.freezeScore(m, planId, assessmentId, score));
    const verdict = `Tổng điểm tự đánh giá: ${score.total}/${score.maxTotal}; ${verdictText(score)} (mức đạt ${score.passMark} điểm)`;
    const note = [verdict, ...score.reasons, dto.note?.trim()].filter(Boolean).join('. ');
    await this.stepActions.submit(who, planId, a.stepId, { note, fileIds: [file.id] });
    return this.get(planId, assessmentId);
  }

  async list(planId: string) {
    if (!(await this.plans.find(planId))) throw new DomainError('PLAN_NOT_FOUND', `No plan ${planId}`);
    return Promise.all((await this.assessments.list(planId)).map((a) => this.get(planId, a.assessmentId)));
  }

  /** The monitoring body's view: every assessment of the plans the caller may read, with its computed score and state. */
  async overview(planIds: string[], year?: number) {
    const rows = await this.assessments.forPlans(planIds, year);
    const plans = new Map<string, PlanRow>();
    for (const id of new Set(rows.map((r) => r.planId))) plans.set(id, (await this.plans.find(id))!);
    const steps = await Promise.all(rows.map((r) => this.steps.find(r.planId, r.stepId)));
    return rows.map((a, i) => {
      const score = scoreAssessment(getCriteriaSet(a.criteriaSet), a.communeClass as CommuneClass, a.values);
      const plan = plans.get(a.planId)!;
      return {
        planId: a.planId,
        assessmentId: a.assessmentId,
        unitId: a.unitId,
        unitName: plan.issuerName,
        year: a.year,
        communeClass: a.communeClass,
        total: score.total,
        maxTotal: score.maxTotal,
        passMark: score.passMark,
        passed: score.passed,
        zeroCriteria: score.zeroCriteria,
        provisional: score.provisional,
        unconfirmedCriteria: score.unconfirmedCriteria,
        verdict: verdictText(score),
        missingIndicators: score.missingIndicators.length,
        state: steps[i]?.state ?? null,
        bucket: steps[i]?.bucket ?? null,
      };
    });
  }

  async get(planId: string, assessmentId: string) {
    const a = await this.assessments.find(planId, assessmentId);
    if (!a) throw new DomainError('ASSESSMENT_NOT_FOUND', `No assessment ${assessmentId} in plan ${planId}`);
    const plan = (await this.plans.find(planId))!;
    const set = getCriteriaSet(a.criteriaSet);
    const score = scoreAssessment(set, a.communeClass as CommuneClass, a.values);
    const previous = await this.assessments.previous(a.unitId, a.year);
    const step = await this.steps.find(planId, a.stepId);
    return {
      planId,
      assessmentId,
      unitId: a.unitId,
      unitName: plan.issuerName,
      year: a.year,
      criteriaSet: { id: set.id, decision: set.decision },
      communeClass: a.communeClass,
      values: a.values,
      version: a.version,
      score,
      /** "Đạt" / "Chưa đạt", or "Tạm tính: …" naming the criteria whose points are not confirmed from the decision's text. */
      verdict: verdictText(score),
      /** Whether the request for recognition (Tờ trình) can be drawn up: only on confirmed points. */
      requestOffered: !score.provisional,
      /** Things the commune should know before it files: a year the decision does not assess in. */
      warnings: [assessmentYearWarning(set, a.year)].filter((w): w is string => !!w),
      /** Indicators whose encoding of the decision still has to be checked against its text (`verify` in the criteria data). */
      unverified: set.criteria.flatMap((c) => c.indicators.filter((i) => i.verify || c.verify).map((i) => i.id)),
      units: Object.fromEntries(set.criteria.flatMap((c) => c.indicators.map((i) => [i.id, i.unit] as const))) as Record<string, string>,
      submittedScore: a.submittedScore ?? null,
      evidence: await this.evidenceOf(plan, a),
      previous: previous
        ? {
            planId: previous.planId,
            assessmentId: previous.assessmentId,
            year: previous.year,
            comparison: compareAssessments(
              scoreAssessment(getCriteriaSet(previous.criteriaSet), previous.communeClass as CommuneClass, previous.values),
              score,
            ),
          }
        : null,
      step: step ? toStepView(step) : null,
    };
  }

  /** The DOCX dossier as it stands now (the submitted one is also kept as the step's evidence file). */
  async dossier(planId: string, assessmentId: string): Promise<{ name: string; data: Buffer }> {
    const a = await this.assessments.find(planId, assessmentId);
    if (!a) throw new DomainError('ASSESSMENT_NOT_FOUND', `No assessment ${assessmentId} in plan ${planId}`);
    const plan = (await this.plans.find(planId))!;
    const score = scoreAssessment(getCriteriaSet(a.criteriaSet), a.communeClass as CommuneClass, a.values);
    const data = await renderResultReportDocx(
      assessmentDossier({ plan, assessment: a, score, evidence: await this.evidenceOf(plan, a), date: this.planDate(plan) }),
    );
    return { name: dossierFileName(a), data };
  }

  /** For each indicator: the plan's steps that feed it (completed, open), what was attached, and whether it is missing. */
  private async evidenceOf(plan: PlanRow, a: AssessmentRow): Promise<IndicatorEvidence[]> {
    const set = getCriteriaSet(a.criteriaSet);
    const rows = await this.steps.list(plan.id);
    const counts = await this.files.countByStep(plan.id);
    const bySpec = new Map<string, StepRow[]>();
    for (const r of rows) if (!r.caseId && !r.assessmentId) bySpec.set(r.specStepId, [...(bySpec.get(r.specStepId) ?? []), r]);
    const feeding = (r: StepRow): FeedingStep => ({
      stepId: r.stepId,
      specStepId: r.specStepId,
      title: r.title,
      assignee: r.assignee,
      unitId: r.unitId,
      state: r.state,
      bucket: r.bucket,
      dueDate: r.dueDate,
      files: counts.get(r.stepId) ?? 0,
    });
    return evidenceCoverage(set, plan.spec).map(({ indicatorId, steps }) => {
      const instances = steps.flatMap((s) => bySpec.get(s.stepId) ?? []);
      const completed = instances.filter((r) => r.state === 'completed').map(feeding);
      const open = instances.filter((r) => isOpen(r.state)).map(feeding);
      const attached = a.evidence[indicatorId] ?? [];
      const value = a.values[indicatorId];
      return {
        indicatorId,
        completed,
        open,
        attached,
        missing: value === undefined || value === null || (!completed.length && !attached.length),
      };
    });
  }

  /** Evidence lists: known indicators, files uploaded to this assessment's step, http(s) links. */
  private async checkEvidence(
    set: CriteriaSet,
    a: AssessmentRow,
    raw: Record<string, unknown>,
    errors: Record<string, string>,
  ): Promise<AssessmentRow['evidence']> {
    const known = new Set(set.criteria.flatMap((c) => c.indicators.map((i) => i.id)));
    const out: AssessmentRow['evidence'] = {};
    const uploaded = new Map((await this.files.listForStep(a.planId, a.stepId)).map((f) => [f.id, f.name]));
    for (const [id, list] of Object.entries(raw)) {
      const at = `evidence.${id}`;
      if (!known.has(id)) {
        errors[at] = fieldMessage(at, `không hợp lệ: không có chỉ số "${id}" trong bộ tiêu chí theo ${set.decision.ref}`);
        continue;
      }
      if (!Array.isArray(list) || list.length > MAX_EVIDENCE_PER_INDICATOR) {
        errors[at] = fieldMessage(at, `phải là danh sách tối đa ${MAX_EVIDENCE_PER_INDICATOR} minh chứng`);
        continue;
      }
      const items: AssessmentEvidence[] = [];
      list.forEach((e: unknown, i) => {
        const x = (e ?? {}) as Record<string, unknown>;
        if (x.kind === 'file' && typeof x.fileId === 'string' && uploaded.has(x.fileId))
          items.push({ kind: 'file', fileId: x.fileId, name: uploaded.get(x.fileId)! });
        else if (x.kind === 'file')
          errors[`${at}.${i}.fileId`] = fieldMessage(`${at}.${i}.fileId`, `không phải tệp đã tải lên cho nội dung ${a.stepId}`);
        else if (
          x.kind === 'link' &&
          typeof x.url === 'string' &&
          /^https?:\/\/\S{1,2000}$/.test(x.url) &&
          (x.label === undefined || (typeof x.label === 'string' && x.label.length <= 200))
        ) {
          items.push({ kind: 'link', url: x.url, label: typeof x.label === 'string' ? x.label : null });
        } else
          errors[`${at}.${i}`] = fieldMessage(`${at}.${i}`, 'phải là {kind: "file", fileId} hoặc {kind: "link", url: "https://…", label?}');
      });
      out[id] = items;
    }
    return out;
  }

  private calendar(plan: PlanRow) {
    return WorkingCalendar.vietnam(planCalendarYears(plan.spec));
  }

  /** The plan's date now (its run clock), for the dossier's date line. */
  private planDate(plan: PlanRow): string {
    return localDateOf(plan.clock ? planTimeAt(plan.clock, new Date()) : new Date());
  }
}

export type { AssessmentScore };
