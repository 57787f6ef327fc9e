import { Module } from '@nestjs/common';
import { PlanDashboardService } from './plan-dashboard.service.js';
import { PlanRunsService } from './plan-runs.service.js';
import { PlansController } from './plans.controller.js';
import { PlansService } from './plans.service.js';
import { StatusAnswers } from './status-answers.js';

/** Plans, their status and their runs (/api/v1/plans). */
@Module({
  controllers: [PlansController],
  providers: [PlansService, PlanRunsService, PlanDashboardService, { provide: StatusAnswers, useValue: new StatusAnswers() }],
  exports: [PlansService, PlanRunsService],
})
export class PlansModule {}
