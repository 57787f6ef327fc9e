import { Module } from '@nestjs/common';
import { AccessModule } from '../auth/access.module.js';
import { PlansModule } from '../plans/plans.module.js';
import { StepsModule } from '../steps/steps.module.js';
import { DashboardService } from './dashboard.service.js';
import { MyWorkController } from './my-work.controller.js';
import { MyWorkService } from './my-work.service.js';
import { WebController } from './web.controller.js';

/** The server-rendered pages: dashboards, my work. */
@Module({
  imports: [AccessModule, PlansModule, StepsModule],
  controllers: [WebController, MyWorkController],
  providers: [DashboardService, MyWorkService],
  exports: [MyWorkService],
})
export class WebModule {}
