import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { DataSource } from 'typeorm';
import {
  approveStep, cancelStep, decideExtension, reassignStep, rejectStep, requestExtension, submitStep, type SignedUpdate,
} from '../../../../libs/contracts/src/index.js';
import { APP_CONFIG, type AppConfig } from '../../../../libs/config/src/index.js';
import { auditKeyFrom, EvidenceRepository, PlanRepository, StepRepository, type StepRow } from '../../../../libs/database/src/index.js';
import { DomainError, isErrorCode, type StepDuty } from '../../../../libs/domain/src/index.js';
import { ActorRolesService } from '../auth/actor-roles.service.js';
import type { Actor } from '../common/actor.decorator.js';
import { toEventView, toStepView } from '../plans/plan-views.js';
import { fieldMessage, invalidFields } from '../common/field-messages.js';

/** Submit, approve and return a step: each is a Temporal Update whose validator checks actor and state. */
@Injectable()
export class StepsService {
  private readonly steps: StepRepository;
  private readonly evidence: EvidenceRepository;
  private readonly plans: PlanRepository;
  constructor(
    @Inject(DataSource) ds: DataSource,
    @Inject(Client) private readonly temporal: Client,
    @Inject(ActorRolesService) private readonly roles: ActorRolesService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // The worker chains the audit with the same key (auditKeyFrom(APP_SECRET)): the api verifies it.
    this.steps = new StepRepository(ds, auditKeyFrom(config.secret));
    this.evidence = new EvidenceRepository(ds);
    this.plans = new PlanRepository(ds);
  }

  async get(planId: string, stepId: string) {
    const step = await this.find(planId, stepId);
    const spec = (await this.plans.find(planId))?.spec;
    const title = (key: string) => spec?.roles[key]?.title ?? null;
    return { ...toStepView(step), events: (await this.steps.events(planId, stepId)).map((e) => toEventView(e, title)) };
  }

  /** Recomputes the step's audit hash chain (the keyed verifier of `audit verify`): valid, or the first event that was altered. */
  async audit(planId: string, stepId: string) {
    await this.find(planId, stepId);
    return this.steps.verifyAudit(planId, stepId);
  }

  async submit(actor: Actor, planId: string, stepId: string, e: { note: string; links?: string[]; fileIds?: string[] }) {
    const fileIds = [...new Set(e.fileIds ?? [])];
    if (fileIds.length) {
      const known = new Set((await this.evidence.forStep(planId, stepId, fileIds)).map((f) => f.id));
      const unknown = fileIds.filter((id) => !known.has(id));
      if (unknown.length) throw invalidFields({ fileIds: fieldMessage('fileIds', `có tệp chưa được tải lên cho nội dung ${stepId}: ${unknown.join(', ')}`) }, `fileIds not uploaded to step ${stepId}: ${unknown.join(', ')}`);
    }
    const input = { note: e.note, ...(e.links?.length ? { links: e.links } : {}), ...(fileIds.length ? { fileIds } : {}) };
    return this.update(actor, 'assignee', planId, stepId, (h, role) => h.executeUpdate(submitStep, { args: [{ actor: role, ...input }] }));
  }

  approve(actor: Actor, planId: string, stepId: string, note?: string) {
    return this.update(actor, 'approver', planId, stepId, (h, role) => h.executeUpdate(approveStep, { args: [{ actor: role, note }] }));
  }

  reject(actor: Actor, planId: string, stepId: string, reason: string) {
    return this.update(actor, 'approver', planId, stepId, (h, role) => h.executeUpdate(rejectStep, { args: [{ actor: role, reason }] }));
  }

  cancel(actor: Actor, planId: string, stepId: string, reason: string) {
    return this.update(actor, 'manager', planId, stepId, (h, role) => h.executeUpdate(cancelStep, { args: [{ actor: role, reason }] }));
  }

  reassign(actor: Actor, planId: string, stepId: string, to: string, reason: string) {
    return this.update(actor, 'manager', planId, stepId, (h, role) => h.executeUpdate(reassignStep, { args: [{ actor: role, to, reason }] }));
  }

  requestExtension(actor: Actor, planId: string, stepId: string, until: string, reason: string) {
    return this.update(actor, 'assignee', planId, stepId, (h, role) => h.executeUpdate(requestExtension, { args: [{ actor: role, until, reason }] }));
  }

  decideExtension(actor: Actor, planId: string, stepId: string, grant: boolean, note?: string) {
    return this.update(actor, 'manager', planId, stepId, (h, role) => h.executeUpdate(decideExtension, { args: [{ actor: role, grant, note }] }));
  }

  private async find(planId: string, stepId: string): Promise<StepRow> {
    const step = await this.steps.find(planId, stepId);
    if (!step) throw new DomainError('STEP_NOT_FOUND', `No step ${stepId} in plan ${planId}`);
    return step;
  }

  /**
   * Sends an Update as the role the actor holds for the step's duty (a signed-in user's fitting role, or the header's),
   * signed with who acts: every Update's argument gets `by` (SignedUpdate), which the workflow writes into the audit.
   */
  private async update(actor: Actor, duty: StepDuty, planId: string, stepId: string, send: (h: SignedHandle, role: string) => Promise<unknown>) {
    const step = await this.find(planId, stepId);
    const { role, by } = await this.roles.signedForStep(actor, step, duty);
    const handle = this.temporal.workflow.getHandle(step.workflowId);
    const signed: SignedHandle = {
      executeUpdate: (def, options) => handle.executeUpdate(def, { ...options, args: [{ ...options.args[0], ...({ by } satisfies SignedUpdate) }] }),
    };
    try {
      await send(signed, role);
    } catch (err) {
      throw toDomainError(err, step);
    }
    return toStepView(await this.find(planId, stepId));
  }
}

/** A workflow handle whose Updates carry who acts. */
interface SignedHandle {
  executeUpdate<Ret, Arg extends object>(def: UpdateDefinition<Ret, [Arg]>, options: { args: [Arg] }): Promise<Ret>;
}

/** A refused Update carries the domain code as its failure type; a missing workflow means the step is closed or not started yet. */
export function toDomainError(err: unknown, step: StepRow): unknown {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && isErrorCode(err.cause.type)) {
    return new DomainError(err.cause.type, err.cause.message);
  }
  if (err instanceof WorkflowNotFoundError) {
    // No transition recorded yet: the plan-run workflow has not started this step's workflow (a moment after a run starts).
    if (step.seq === 0) return new DomainError('STEP_NOT_STARTED', `Step ${step.stepId} is still being started by the plan run; try again in a moment`);
    return new DomainError('STEP_NOT_OPEN', `Step ${step.stepId} is ${step.state}; it takes no more changes`);
  }
  return err;
}
