import { ChildCaseEntity } from './child-case.entity.js';
import { EvidenceFileEntity } from './evidence-file.entity.js';
import { MailOutboxEntity } from './mail-outbox.entity.js';
import { PlanRoleEntity } from './plan-role.entity.js';
import { PlanEntity } from './plan.entity.js';
import { StatusRollupEntity } from './status-rollup.entity.js';
import { StepEventEntity } from './step-event.entity.js';
import { StepEntity } from './step.entity.js';
import { ActionLinkEntity } from './action-link.entity.js';
import { ActionRefusalEntity } from './action-refusal.entity.js';
import { SignInTokenEntity } from './sign-in-token.entity.js';
import { StaffMembershipEntity } from './staff-membership.entity.js';
import { StaffSessionEntity } from './staff-session.entity.js';
import { StaffUserEntity } from './staff-user.entity.js';
import { AssigneeRollupEntity } from './assignee-rollup.entity.js';
import { AccessRefusalEntity } from './access-refusal.entity.js';
import { ApiTokenEntity } from './api-token.entity.js';
import { AssessmentEntity } from './assessment.entity.js';
import { RoleDelegationEntity } from './role-delegation.entity.js';

export {
  ChildCaseEntity,
  EvidenceFileEntity,
  MailOutboxEntity,
  PlanRoleEntity,
  PlanEntity,
  StatusRollupEntity,
  StepEventEntity,
  StepEntity,
};
export { ActionLinkEntity, ActionRefusalEntity, SignInTokenEntity, StaffMembershipEntity, StaffSessionEntity, StaffUserEntity };
export { AssigneeRollupEntity };
export { AccessRefusalEntity, ApiTokenEntity, AssessmentEntity, RoleDelegationEntity };
import { StepTextEntity } from './step-text.entity.js';
export { StepTextEntity };
import { AdminActionEntity } from './admin-action.entity.js';
export { AdminActionEntity };
import { PlanDraftEntity, PlanFileEntity } from './plan-draft.entity.js';
export { PlanDraftEntity, PlanFileEntity, type PlanDraftSource } from './plan-draft.entity.js';
export const ENTITIES = [
  PlanEntity,
  PlanRoleEntity,
  StepEntity,
  StepEventEntity,
  StatusRollupEntity,
  MailOutboxEntity,
  EvidenceFileEntity,
  ChildCaseEntity,
  StaffUserEntity,
  StaffMembershipEntity,
  SignInTokenEntity,
  StaffSessionEntity,
  ActionLinkEntity,
  ActionRefusalEntity,
  AssigneeRollupEntity,
  ApiTokenEntity,
  AccessRefusalEntity,
  AssessmentEntity,
  StepTextEntity,
  RoleDelegationEntity,
  AdminActionEntity,
  PlanDraftEntity,
  PlanFileEntity,
];
