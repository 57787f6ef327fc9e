import type { DataSource } from 'typeorm';
import { auditKeyFrom } from './audit-chain.js';
import { AccessRefusalRepository } from './repositories/access-refusal.repository.js';
import { AdminActionRepository } from './repositories/admin-action.repository.js';
import { ActionLinkRepository } from './repositories/action-link.repository.js';
import { ApiTokenRepository } from './repositories/api-token.repository.js';
import { AssessmentRepository } from './repositories/assessment.repository.js';
import { CaseRepository } from './repositories/case.repository.js';
import { EvidenceRepository } from './repositories/evidence.repository.js';
import { OutboxRepository } from './repositories/outbox.repository.js';
import { PlanDraftRepository } from './repositories/plan-draft.repository.js';
import { PlanRepository } from './repositories/plan.repository.js';
import { RoleRepository } from './repositories/role.repository.js';
import { StaffRepository } from './repositories/staff.repository.js';
import { StepTextRepository } from './repositories/step-text.repository.js';
import { StepRepository } from './repositories/step.repository.js';
import { RunningPlans } from './running-plans.js';

/** Every repository over one data source. */
export interface Repositories {
  accessRefusals: AccessRefusalRepository;
  adminActions: AdminActionRepository;
  actionLinks: ActionLinkRepository;
  apiTokens: ApiTokenRepository;
  assessments: AssessmentRepository;
  cases: CaseRepository;
  evidence: EvidenceRepository;
  outbox: OutboxRepository;
  planDrafts: PlanDraftRepository;
  plans: PlanRepository;
  roles: RoleRepository;
  staff: StaffRepository;
  stepTexts: StepTextRepository;
  steps: StepRepository;
}

/** The repository classes, by their name in Repositories: DatabaseModule provides each under its class. */
export const REPOSITORY_CLASSES = {
  accessRefusals: AccessRefusalRepository,
  adminActions: AdminActionRepository,
  actionLinks: ActionLinkRepository,
  apiTokens: ApiTokenRepository,
  assessments: AssessmentRepository,
  cases: CaseRepository,
  evidence: EvidenceRepository,
  outbox: OutboxRepository,
  planDrafts: PlanDraftRepository,
  plans: PlanRepository,
  roles: RoleRepository,
  staff: StaffRepository,
  stepTexts: StepTextRepository,
  steps: StepRepository,
} as const;

/**
 * The one place that builds repositories: DatabaseModule for the api and the worker, and code outside Nest (the
 * launcher, the CLI, tests, benchmarks). `auditKey` chains the step audit (auditKeyFrom(APP_SECRET)); without it the
 * development key.
 */
export function createRepositories(ds: DataSource, auditKey: Buffer = auditKeyFrom(undefined)): Repositories {
  const repos = Object.fromEntries(Object.entries(REPOSITORY_CLASSES).map(([name, R]) => [name, new R(ds)])) as unknown as Repositories;
  repos.steps = new StepRepository(ds, auditKey);
  return repos;
}

/** Running plans kept once per process (see RunningPlans) over the given repositories. */
export const createRunningPlans = (r: Pick<Repositories, 'plans' | 'roles'>) => new RunningPlans(r.plans, r.roles);
