import { Module } from '@nestjs/common';
import { AccessModule } from '../auth/access.module.js';
import { PlansModule } from '../plans/plans.module.js';
import { StepsModule } from '../steps/steps.module.js';
import { AssessmentsController } from './assessments.controller.js';
import { AssessmentsService } from './assessments.service.js';

/** Child-friendly commune assessments: drafted as a step, submitted and approved through it. */
@Module({
  imports: [AccessModule, PlansModule, StepsModule],
  controllers: [AssessmentsController],
  providers: [AssessmentsService],
  exports: [AssessmentsService],
})
export class AssessmentsModule {}
