import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import type { RecordTransitionInput, RecordTransitionResult } from '../../../../libs/contracts/src/index.js';
import { OutboxRepository, PlanRepository, RoleRepository, StepRepository } from '../../../../libs/database/src/index.js';
import { applyStepTransition, planTimeAt } from '../../../../libs/domain/src/index.js';
import type { StepMailComposer } from './step-mail.composer.js';

/** Records one step transition: step row, audit row, rollup and outbox mails in one transaction, at most once per seq. */
export class StepTransitionsService {
  private readonly plans: PlanRepository;
  private readonly steps: StepRepository;
  private readonly roles: RoleRepository;
  private readonly outbox: OutboxRepository;

  constructor(
    private readonly ds: DataSource,
    private readonly composer: StepMailComposer,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.plans = new PlanRepository(ds);
    this.steps = new StepRepository(ds);
    this.roles = new RoleRepository(ds);
    this.outbox = new OutboxRepository(ds);
  }

  async record(input: RecordTransitionInput): Promise<RecordTransitionResult> {
    const { planId, stepId, seq, transition: t } = input;
    return this.ds.transaction(async (m) => {
      const step = await this.steps.lock(m, planId, stepId);
      const plan = await this.plans.find(planId, m);
      if (!step || !plan?.clock) throw ApplicationFailure.nonRetryable(`step ${planId}/${stepId} has no row or its plan has no run`, 'STEP_NOT_FOUND');
      const real = this.now();
      const planNow = planTimeAt(plan.clock, real);
      const note = t.kind === 'submitted' ? t.note : t.kind === 'approved' ? (t.note ?? null) : t.kind === 'returned' ? t.reason : null;
      const actor = 'actor' in t ? t.actor : null;
      const fresh = await this.steps.appendEvent(m, planId, stepId, { seq, kind: t.kind, actor, note, atPlan: planNow });
      const prefix = `${planId}:${stepId}:${seq}:`;
      if (!fresh) return { mailKeys: await this.outbox.keysWithPrefix(m, prefix) };
      const next = applyStepTransition(step, t, { real, plan: planNow });
      await this.steps.update(m, step, next, seq);
      const mails = this.composer.compose(plan, await this.roles.forPlan(planId, m), step, next, seq, t);
      for (const mail of mails) await this.outbox.enqueue(m, mail);
      return { mailKeys: mails.map((x) => x.idempotencyKey) };
    });
  }
}
