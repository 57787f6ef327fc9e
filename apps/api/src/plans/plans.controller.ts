import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PlanRunsService } from './plan-runs.service.js';
import { PlansService } from './plans.service.js';
import { StartRunDto } from './start-run.dto.js';

@ApiTags('plans')
@Controller('api/v1/plans')
export class PlansController {
  constructor(
    @Inject(PlansService) private readonly plans: PlansService,
    @Inject(PlanRunsService) private readonly runs: PlanRunsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Loaded plans with their step counts per status bucket' })
  list() {
    return this.plans.list();
  }

  @Get(':planId/status')
  @ApiOperation({ summary: 'Counts per status bucket and per state, and every step with its status' })
  status(@Param('planId') planId: string) {
    return this.plans.status(planId);
  }

  @Get(':planId/roles')
  @ApiOperation({ summary: 'The roles of a plan (who does, who approves)' })
  roles(@Param('planId') planId: string) {
    return this.plans.roles(planId);
  }

  @Post(':planId/run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start the plan run (idempotent): step rows and one Temporal workflow per step' })
  start(@Param('planId') planId: string, @Body() dto: StartRunDto) {
    return this.runs.start(planId, { speed: dto.speed ?? 1, planStart: dto.planStart });
  }
}
