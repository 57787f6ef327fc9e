import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { approveStep, cancelStep, decideExtension, reassignStep, rejectStep, requestExtension, submitStep } from '../../../../libs/contracts/src/index.js';
import { EvidenceRepository, StepRepository, type StepRow } from '../../../../libs/database/src/index.js';
import { DomainError, isErrorCode } from '../../../../libs/domain/src/index.js';
import { toEventView, toStepView } from '../plans/plan-views.js';

/** Submit, approve and return a step: each is a Temporal Update whose validator checks actor and state. */
@Injectable()
export class StepsService {
  private readonly steps: StepRepository;
  private readonly evidence: EvidenceRepository;
  constructor(
    @Inject(DataSource) ds: DataSource,
    @Inject(Client) private readonly temporal: Client,
  ) {
    this.steps = new StepRepository(ds);
    this.evidence = new EvidenceRepository(ds);
  }

  async get(planId: string, stepId: string) {
    const step = await this.find(planId, stepId);
    return { ...toStepView(step), events: (await this.steps.events(planId, stepId)).map(toEventView) };
  }

  /** Recomputes the step's audit hash chain: valid, or the first event that was altered. */
  async audit(planId: string, stepId: string) {
    await this.find(planId, stepId);
    return this.steps.verifyAudit(planId, stepId);
  }

  async submit(actor: string, planId: string, stepId: string, e: { note: string; links?: string[]; fileIds?: string[] }) {
    const fileIds = [...new Set(e.fileIds ?? [])];
    if (fileIds.length) {
      const known = new Set((await this.evidence.forStep(planId, stepId, fileIds)).map((f) => f.id));
      const unknown = fileIds.filter((id) => !known.has(id));
      if (unknown.length) throw new DomainError('VALIDATION_FAILED', 'The request has invalid fields', { fileIds: `not uploaded to step ${stepId}: ${unknown.join(', ')}` });
    }
    const input = { actor, note: e.note, ...(e.links?.length ? { links: e.links } : {}), ...(fileIds.length ? { fileIds } : {}) };
    return this.update(planId, stepId, (h) => h.executeUpdate(submitStep, { args: [input] }));
  }

  approve(actor: string, planId: string, stepId: string, note?: string) {
    return this.update(planId, stepId, (h) => h.executeUpdate(approveStep, { args: [{ actor, note }] }));
  }

  reject(actor: string, planId: string, stepId: string, reason: string) {
    return this.update(planId, stepId, (h) => h.executeUpdate(rejectStep, { args: [{ actor, reason }] }));
  }

  cancel(actor: string, planId: string, stepId: string, reason: string) {
    return this.update(planId, stepId, (h) => h.executeUpdate(cancelStep, { args: [{ actor, reason }] }));
  }

  reassign(actor: string, planId: string, stepId: string, to: string, reason: string) {
    return this.update(planId, stepId, (h) => h.executeUpdate(reassignStep, { args: [{ actor, to, reason }] }));
  }

  requestExtension(actor: string, planId: string, stepId: string, until: string, reason: string) {
    return this.update(planId, stepId, (h) => h.executeUpdate(requestExtension, { args: [{ actor, until, reason }] }));
  }

  decideExtension(actor: string, planId: string, stepId: string, grant: boolean, note?: string) {
    return this.update(planId, stepId, (h) => h.executeUpdate(decideExtension, { args: [{ actor, grant, note }] }));
  }

  private async find(planId: string, stepId: string): Promise<StepRow> {
    const step = await this.steps.find(planId, stepId);
    if (!step) throw new DomainError('STEP_NOT_FOUND', `No step ${stepId} in plan ${planId}`);
    return step;
  }

  private async update(planId: string, stepId: string, send: (h: ReturnType<Client['workflow']['getHandle']>) => Promise<unknown>) {
    const step = await this.find(planId, stepId);
    try {
      await send(this.temporal.workflow.getHandle(step.workflowId));
    } catch (err) {
      throw toDomainError(err, step);
    }
    return toStepView(await this.find(planId, stepId));
  }
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
