import type { DataSource } from 'typeorm';
import { createRepositories, createRunningPlans, type Repositories } from '#libs/database/src/index.js';
import type { MailTransport } from '#libs/mail/src/index.js';
import { DigestMailComposer } from './digests/digest-mail.composer.js';
import { DigestsService } from './digests/digests.service.js';
import { MailDeliveryService } from './mail/mail-delivery.service.js';
import { UndeliverableNoticePolicy } from './mail/undeliverable-notice.js';
import { PlanRunSlicesService } from './steps/plan-run-slices.service.js';
import { StepMailComposer } from './steps/step-mail.composer.js';
import { StepTransitionsService } from './steps/step-transitions.service.js';
import { systemClock, type WallClock } from './wall-clock.js';

export interface WorkerServiceOptions {
  /** The site's address, in the mails' links. */
  baseUrl: string;
  /** The step mails' composer; without it one over baseUrl with the development link secret. */
  stepMails?: StepMailComposer;
  /** The SMTP transport; without it no MailDeliveryService. */
  transport?: MailTransport;
  now?: WallClock;
  /** The audit chain's key, auditKeyFrom(APP_SECRET); without it the development key. */
  auditKey?: Buffer;
}

/**
 * The worker's services over one data source, wired as WorkerModule wires them, for code that runs outside Nest
 * (integration tests, benchmarks). The worker itself gets them from WorkerModule.
 */
export function createWorkerServices(
  ds: DataSource,
  o: WorkerServiceOptions & { transport: MailTransport },
): WorkerServices & { mail: MailDeliveryService };
export function createWorkerServices(ds: DataSource, o: WorkerServiceOptions): WorkerServices;
export function createWorkerServices(ds: DataSource, o: WorkerServiceOptions): WorkerServices {
  const r: Repositories = createRepositories(ds, o.auditKey);
  const now = o.now ?? systemClock;
  const running = createRunningPlans(r);
  return {
    repositories: r,
    transitions: new StepTransitionsService(
      ds,
      o.stepMails ?? new StepMailComposer(o.baseUrl),
      r.steps,
      r.outbox,
      r.evidence,
      r.actionLinks,
      r.assessments,
      r.stepTexts,
      running,
      now,
    ),
    slices: new PlanRunSlicesService(r.plans, r.steps, r.cases, now),
    digests: new DigestsService(ds, new DigestMailComposer(o.baseUrl), r.plans, r.steps, r.roles, r.outbox),
    mail: o.transport
      ? new MailDeliveryService(r.outbox, o.transport, new UndeliverableNoticePolicy(r.plans, r.roles, r.outbox, now))
      : undefined,
  };
}

export interface WorkerServices {
  repositories: Repositories;
  transitions: StepTransitionsService;
  slices: PlanRunSlicesService;
  digests: DigestsService;
  mail?: MailDeliveryService;
}
