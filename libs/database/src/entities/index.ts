import { MailOutboxEntity } from './mail-outbox.entity.js';
import { PlanRoleEntity } from './plan-role.entity.js';
import { PlanEntity } from './plan.entity.js';
import { StatusRollupEntity } from './status-rollup.entity.js';
import { StepEventEntity } from './step-event.entity.js';
import { StepEntity } from './step.entity.js';

export { MailOutboxEntity, PlanRoleEntity, PlanEntity, StatusRollupEntity, StepEventEntity, StepEntity };
export const ENTITIES = [PlanEntity, PlanRoleEntity, StepEntity, StepEventEntity, StatusRollupEntity, MailOutboxEntity];
