import { Module } from '@nestjs/common';
import { AccessModule } from '../auth/access.module.js';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { PlansModule } from '../plans/plans.module.js';
import { StepsModule } from '../steps/steps.module.js';
import { AssessmentPagesController } from './assessment-pages.controller.js';
import { DashboardService } from './dashboard.service.js';
import { MyWorkController } from './my-work.controller.js';
import { MyWorkService } from './my-work.service.js';
import { PlanImportController, PlanImportGate } from './plan-import.controller.js';
import { PlanStartController, PlanStartGate } from './plan-start.controller.js';
import { PlanStartService } from './plan-start.service.js';
import { WebController } from './web.controller.js';

/** The server-rendered pages: dashboards, my work, plan start and import, assessment pages. */
@Module({
  imports: [AccessModule, PlansModule, StepsModule, AssessmentsModule],
  controllers: [WebController, MyWorkController, PlanStartController, AssessmentPagesController, PlanImportController],
  // The gates decide who may upload before the body is read (common/gated-upload.ts).
  providers: [DashboardService, MyWorkService, PlanStartService, PlanStartGate, PlanImportGate],
  exports: [MyWorkService, PlanStartService],
})
export class WebModule {}
