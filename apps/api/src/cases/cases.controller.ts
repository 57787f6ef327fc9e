import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACTOR_HEADER, CurrentActor, type Actor } from '../common/actor.decorator.js';
import { CasesService } from './cases.service.js';
import { ReportCaseDto } from './report-case.dto.js';

@ApiTags('cases')
@Controller('api/v1/plans/:planId/cases')
export class CasesController {
  constructor(@Inject(CasesService) private readonly cases: CasesService) {}

  @Post()
  @HttpCode(201)
  @ApiHeader({ name: ACTOR_HEADER, description: 'Role key of whoever reports (any role of the plan)' })
  @ApiOperation({ summary: 'Report a child-abuse case: the chairman is told at once; 12-hour emergency clock; support plan in 5 working days' })
  report(@Param('planId') planId: string, @Body() dto: ReportCaseDto, @CurrentActor() actor: Actor) {
    return this.cases.report(actor, planId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Reported cases with the state of their steps' })
  list(@Param('planId') planId: string) {
    return this.cases.list(planId);
  }

  @Get(':caseId')
  @ApiOperation({ summary: 'One case with its steps' })
  get(@Param('planId') planId: string, @Param('caseId') caseId: string) {
    return this.cases.get(planId, caseId);
  }
}
