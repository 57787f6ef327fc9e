import { Module } from '@nestjs/common';
import { PlansModule } from '../plans/plans.module.js';
import { DraftUploadGate, NextYearDraftController, PlanDraftsController } from './plan-drafts.controller.js';
import { PlanDraftsService } from './plan-drafts.service.js';
import { PlanStartService } from './plan-start.service.js';

/** Plan drafts: a signed document, a plan file or next year's clone, edited and started (/api/v1/plan-drafts). */
@Module({
  imports: [PlansModule],
  controllers: [PlanDraftsController, NextYearDraftController],
  providers: [PlanDraftsService, PlanStartService, DraftUploadGate],
})
export class PlanDraftsModule {}
