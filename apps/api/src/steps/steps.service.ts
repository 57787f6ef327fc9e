import { Inject, Injectable, Optional } from '@nestjs/common';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import {
  approveStep,
  cancelStep,
  decideExtension,
  reassignStep,
  rejectStep,
  requestExtension,
  submitStep,
  type SignedUpdate,
} from '#libs/contracts/src/index.js';
import {
  EvidenceRepository,
  PlanRepository,
  StaffRepository,
  StepRepository,
  StepTextRepository,
  type StepRow,
} from '#libs/database/src/index.js';
import {
  checkReassignSeparation,
  checkSelfApproval,
  DomainError,
  isErrorCode,
  RetryLaterError,
  type PlanSpec,
  type Refusal,
  type StepDuty,
} from '#libs/domain/src/index.js';
import { APP_CONFIG, DEFAULT_UPDATE_TIMEOUT_MS, type AppConfig } from '#libs/config/src/index.js';
import { ActorRolesService } from '../auth/actor-roles.service.js';
import type { Actor } from '../common/actor.decorator.js';
import { planNames, toEventView, toStepView, toSubmissionView } from '../plans/plan-views.js';
import { fieldMessage, invalidFields } from '../common/field-messages.js';

/** Submit, approve and return a step: each is a Temporal Update whose validator checks actor and state. */
@Injectable()
export class StepsService {
  constructor(
    @Inject(Client) private readonly temporal: Client,
    @Inject(ActorRolesService) private readonly roles: ActorRolesService,
    // The worker chains the audit with the same key (auditKeyFrom(APP_SECRET)): the api verifies it (DatabaseModule).
    @Inject(StepRepository) private readonly steps: StepRepository,
    @Inject(EvidenceRepository) private readonly evidence: EvidenceRepository,
    @Inject(StaffRepository) private readonly staff: StaffRepository,
    /**
     * Notes and reasons are stored in PostgreSQL (step_text) once the actor's role for the step is known, and the
     * Update names them by reference: the workflow's history carries no personal text (the worker reads it back).
     */
    @Inject(StepTextRepository) private readonly texts: StepTextRepository,
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Optional() @Inject(APP_CONFIG) private readonly config?: AppConfig,
  ) {}

  /**
   * A step with names beside its codes (assignee and approver with their holders, village, item), its plan's number
   * and title, the evidence of its latest submission (note, links, files with their download path) and its history.
   */
  async get(planId: string, stepId: string) {
    const step = await this.find(planId, stepId);
    const plan = await this.plans.find(planId);
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', `No plan ${planId}`);
    const title = (key: string) => plan.spec.roles[key]?.title ?? null;
    const names = await this.names(plan);
    const events = (await this.steps.events(planId, stepId)).map((e) => toEventView(e, title));
    const last = events.filter((e) => e.kind === 'submitted').pop();
    return {
      ...toStepView(step, undefined, names),
      plan: { id: plan.id, number: plan.number, title: plan.title },
      submission: last ? toSubmissionView(planId, stepId, last) : null,
      events,
    };
  }

  /** The names of the plan's codes (role titles with their holders now, villages, items). */
  private async names(plan: { id: string; spec: PlanSpec }) {
    return planNames(plan.spec, await this.staff.currentHolders(plan.id));
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
      if (unknown.length)
        throw invalidFields(
          { fileIds: fieldMessage('fileIds', `có tệp chưa được tải lên cho nội dung ${stepId}: ${unknown.join(', ')}`) },
          `fileIds not uploaded to step ${stepId}: ${unknown.join(', ')}`,
        );
    }
    const input = { note: e.note, ...(e.links?.length ? { links: e.links } : {}), ...(fileIds.length ? { fileIds } : {}) };
    return this.update(actor, 'assignee', planId, stepId, this.withText(planId, stepId, submitStep, 'note', input.note, input));
  }

  /**
   * `evidenceVersion`: the version of the evidence the approval is for (an action link mailed with one submission);
   * once the step was returned and submitted again the approval is refused (EVIDENCE_SUPERSEDED).
   */
  approve(actor: Actor, planId: string, stepId: string, note?: string, evidenceVersion?: number) {
    return this.update(
      actor,
      'approver',
      planId,
      stepId,
      this.withText(planId, stepId, approveStep, 'note', note, {}),
      async (step, role) => {
        const last = await this.steps.lastSubmission(planId, stepId);
        return supersedes(last, evidenceVersion) ?? (await this.selfApproval(actor, step, role, last));
      },
    );
  }

  reject(actor: Actor, planId: string, stepId: string, reason: string, evidenceVersion?: number) {
    return this.update(actor, 'approver', planId, stepId, this.withText(planId, stepId, rejectStep, 'reason', reason, {}), async () =>
      evidenceVersion === undefined ? null : supersedes(await this.steps.lastSubmission(planId, stepId), evidenceVersion),
    );
  }

  cancel(actor: Actor, planId: string, stepId: string, reason: string) {
    return this.update(actor, 'manager', planId, stepId, this.withText(planId, stepId, cancelStep, 'reason', reason, {}));
  }

  reassign(actor: Actor, planId: string, stepId: string, to: string, reason: string) {
    return this.update(actor, 'manager', planId, stepId, this.withText(planId, stepId, reassignStep, 'reason', reason, { to }), (step) =>
      this.reassignSeparation(step, to),
    );
  }

  requestExtension(actor: Actor, planId: string, stepId: string, until: string, reason: string) {
    return this.update(actor, 'assignee', planId, stepId, this.withText(planId, stepId, requestExtension, 'reason', reason, { until }));
  }

  decideExtension(actor: Actor, planId: string, stepId: string, grant: boolean, note?: string) {
    return this.update(actor, 'manager', planId, stepId, this.withText(planId, stepId, decideExtension, 'note', note, { grant }));
  }

  /**
   * What `update` sends for an Update with a free text (its `note` or `reason`): the acting role, the Update's other
   * fields, and the text stored first (StepTextRepository) and sent as its reference.
   */
  private withText<Ret, F extends 'note' | 'reason', Arg extends { actor: string } & Partial<Record<F, string>>>(
    planId: string,
    stepId: string,
    def: UpdateDefinition<Ret, [Arg]>,
    field: F,
    text: Arg[F],
    rest: Omit<Arg, 'actor' | F>,
  ) {
    return async (h: SignedHandle, role: string) =>
      h.executeUpdate(def, { args: [{ ...rest, actor: role, [field]: await this.texts.store(planId, stepId, field, text) } as Arg] });
  }

  private async find(planId: string, stepId: string): Promise<StepRow> {
    const step = await this.steps.find(planId, stepId);
    if (!step) throw new DomainError('STEP_NOT_FOUND', `No step ${stepId} in plan ${planId}`);
    return step;
  }

  /**
   * Separation of duties for an approval, by people: the signed-in person (or the one who opened an action link) may
   * not hold the step's assignee role, nor have submitted its evidence; by roles when nobody signed in. The workflow
   * checks the roles once more.
   */
  private async selfApproval(actor: Actor, step: StepRow, role: string, last: LastSubmission | undefined): Promise<Refusal | null> {
    // Someone who is not the approver at all is told so by the workflow (ACTOR_NOT_APPROVER), not by this rule.
    if (role !== step.approver) return null;
    const userId = 'user' in actor ? actor.user.id : actor.userId;
    const held = userId ? await this.roles.held(userId, step.planId) : undefined;
    // The person who submitted (recorded in the audit since people are) is compared too, whatever roles they hold now.
    const submitter = last?.actedBy?.kind === 'user' ? last.actedBy.userId : undefined;
    return checkSelfApproval(step, { role, userId, held }, last ? { role: last.actor, ...(submitter ? { userId: submitter } : {}) } : null);
  }

  /** A step is not given to its approver's role, nor to a role its approver's holder also holds. */
  private async reassignSeparation(step: StepRow, to: string): Promise<Refusal | null> {
    const byRole = checkReassignSeparation(step, to);
    if (byRole || !step.approver) return byRole;
    for (const held of await this.staff.membershipsOfHolders(step.planId, step.approver, step.unitId)) {
      const r = checkReassignSeparation(step, to, held, step.unitId);
      if (r) return r;
    }
    return null;
  }

  /**
   * Sends an Update as the role the actor holds for the step's duty (a signed-in user's fitting role, or the header's),
   * signed with who acts: every Update's argument gets `by` (SignedUpdate), which the workflow writes into the audit.
   */
  private async update(
    actor: Actor,
    duty: StepDuty,
    planId: string,
    stepId: string,
    send: (h: SignedHandle, role: string) => Promise<unknown>,
    guard?: (step: StepRow, role: string) => Promise<Refusal | null>,
  ) {
    const step = await this.find(planId, stepId);
    const { role, by } = await this.roles.signedForStep(actor, step, duty);
    const refusal = await guard?.(step, role);
    if (refusal) throw new DomainError(refusal.code, refusal.message);
    const handle = this.temporal.workflow.getHandle(step.workflowId);
    const signed: SignedHandle = {
      executeUpdate: (def, options) =>
        handle.executeUpdate(def, { ...options, args: [{ ...options.args[0], ...({ by } satisfies SignedUpdate) }] }),
    };
    try {
      await withinDeadline(this.temporal, this.config?.temporal.updateTimeoutMs ?? DEFAULT_UPDATE_TIMEOUT_MS, step, () =>
        send(signed, role),
      );
    } catch (err) {
      throw toDomainError(err, step);
    }
    const plan = await this.plans.find(planId);
    return toStepView(await this.find(planId, stepId), undefined, plan ? await this.names(plan) : undefined);
  }
}

type LastSubmission = Awaited<ReturnType<StepRepository['lastSubmission']>>;

/** An approval or a return for an evidence version (an action link's) that a later submission replaced. */
function supersedes(last: LastSubmission, evidenceVersion: number | undefined): Refusal | null {
  if (evidenceVersion === undefined || !last || last.version === evidenceVersion) return null;
  return {
    code: 'EVIDENCE_SUPERSEDED',
    message: `This link is for evidence version ${evidenceVersion}; the step was submitted again (version ${last.version})`,
  };
}

/** Signals that the race against the deadline was lost (the Update may still be running). */
class PastDeadline extends Error {}

/**
 * Runs a step's Update with a deadline: its gRPC calls carry it, and past it the api stops waiting (a history host's
 * shards moving can hold an Update for more than a minute). Past the deadline it is a 503 with Retry-After: nothing
 * was written by the api, and the Update may still complete — the person's next try then gets 409, or goes through.
 */
async function withinDeadline<T>(client: Client, timeoutMs: number, step: StepRow, run: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  try {
    const late = new Promise<never>((_, reject) => {
      // A little after the gRPC deadline, in case a call is retried past it.
      timer = setTimeout(() => reject(new PastDeadline()), timeoutMs + 1000);
    });
    const work = client.withDeadline(deadline, run);
    work.catch(() => undefined); // settled after the race was lost: nobody waits for it any more
    return await Promise.race([work, late]);
  } catch (err) {
    const known = err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError || err instanceof DomainError;
    if (err instanceof PastDeadline || (!known && Date.now() >= deadline - 100)) {
      const retryAfterSeconds = Math.max(1, Math.ceil(timeoutMs / 4000));
      throw new RetryLaterError(
        'UPDATE_TIMED_OUT',
        `Temporal did not answer the Update on ${step.workflowId} within ${timeoutMs} ms; it may still complete`,
        retryAfterSeconds,
      );
    }
    throw err;
  } finally {
    clearTimeout(timer);
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
    if (step.seq === 0)
      return new DomainError('STEP_NOT_STARTED', `Step ${step.stepId} is still being started by the plan run; try again in a moment`);
    return new DomainError('STEP_NOT_OPEN', `Step ${step.stepId} is ${step.state}; it takes no more changes`);
  }
  return err;
}
