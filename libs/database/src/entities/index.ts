import { ChildCaseEntity } from './child-case.entity.js';
import { EvidenceFileEntity } from './evidence-file.entity.js';
import { MailOutboxEntity } from './mail-outbox.entity.js';
import { PlanRoleEntity } from './plan-role.entity.js';
import { PlanEntity } from './plan.entity.js';
import { StatusRollupEntity } from './status-rollup.entity.js';
import { StepEventEntity } from './step-event.entity.js';
import { StepEntity } from './step.entity.js';

export { ChildCaseEntity, EvidenceFileEntity, MailOutboxEntity, PlanRoleEntity, PlanEntity, StatusRollupEntity, StepEventEntity, StepEntity };
export const ENTITIES = [PlanEntity, PlanRoleEntity, StepEntity, StepEventEntity, StatusRollupEntity, MailOutboxEntity, EvidenceFileEntity, ChildCaseEntity];
