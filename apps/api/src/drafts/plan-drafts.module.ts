import { Module } from '@nestjs/common';
import { WebModule } from '../web/web.module.js';
import { DraftUploadGate, NextYearDraftController, PlanDraftsController } from './plan-drafts.controller.js';
import { PlanDraftsService } from './plan-drafts.service.js';

/** Plan drafts: a signed document, a plan file or next year's clone, edited and started (/api/v1/plan-drafts). */
@Module({
  imports: [WebModule],
  controllers: [PlanDraftsController, NextYearDraftController],
  providers: [PlanDraftsService, DraftUploadGate],
})
export class PlanDraftsModule {}
