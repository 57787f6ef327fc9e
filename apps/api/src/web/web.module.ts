import { Module } from '@nestjs/common';
import { AccessModule } from '../auth/access.module.js';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { PlansModule } from '../plans/plans.module.js';
import { StepsModule } from '../steps/steps.module.js';
import { AssessmentPagesController } from './assessment-pages.controller.js';
import { PlanImportController, PlanImportGate } from './plan-import.controller.js';
import { PlanStartController, PlanStartGate } from './plan-start.controller.js';
import { PlanStartService } from './plan-start.service.js';
import { StaffPagesRedirectController } from './staff-pages-redirect.controller.js';

/** The server-rendered pages: plan start and import, assessment pages; the old staff pages' addresses lead to the web app. */
@Module({
  imports: [AccessModule, PlansModule, StepsModule, AssessmentsModule],
  controllers: [StaffPagesRedirectController, PlanStartController, AssessmentPagesController, PlanImportController],
  // The gates decide who may upload before the body is read (common/gated-upload.ts).
  providers: [PlanStartService, PlanStartGate, PlanImportGate],
  exports: [PlanStartService],
})
export class WebModule {}
