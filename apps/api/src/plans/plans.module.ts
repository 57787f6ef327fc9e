import { Module } from '@nestjs/common';
import { PlanDashboardService } from './plan-dashboard.service.js';
import { PlanRunsService } from './plan-runs.service.js';
import { PlansController } from './plans.controller.js';
import { PlansService } from './plans.service.js';

/** Plans, their status and their runs (/api/v1/plans). */
@Module({
  controllers: [PlansController],
  providers: [PlansService, PlanRunsService, PlanDashboardService],
  exports: [PlansService, PlanRunsService],
})
export class PlansModule {}
