import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags, ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { ACTOR_HEADER, CurrentActor, type Actor } from '../common/actor.decorator.js';
import { CasesService } from './cases.service.js';
import { ReportCaseDto } from './report-case.dto.js';
import { ApiErrors, ApiV1Errors, arrayOf, schemaRef } from '../common/openapi.js';

@ApiTags('cases')
@ApiV1Errors()
@Controller('api/v1/plans/:planId/cases')
export class CasesController {
  constructor(@Inject(CasesService) private readonly cases: CasesService) {}

  @Post()
  @HttpCode(201)
  @ApiHeader({ name: ACTOR_HEADER, description: 'Role key of whoever reports (any role of the plan)' })
  @ApiOperation({
    summary: 'Report a child-abuse case: the chairman is told at once; 12-hour emergency clock; support plan in 5 working days',
  })
  @ApiCreatedResponse({ description: 'The case with its two steps', schema: schemaRef('Case') })
  @ApiErrors({
    404: 'PLAN_NOT_FOUND',
    409: 'PLAN_NOT_RUNNING',
    422: 'VALIDATION_FAILED (summary, unitId), CASE_NOT_SUPPORTED (the plan has no case step)',
    413: undefined,
    415: undefined,
  })
  report(@Param('planId') planId: string, @Body() dto: ReportCaseDto, @CurrentActor() actor: Actor) {
    return this.cases.report(actor, planId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Reported cases with the state of their steps' })
  @ApiOkResponse({ description: 'In case order', schema: arrayOf('Case') })
  @ApiErrors({ 404: 'PLAN_NOT_FOUND' })
  list(@Param('planId') planId: string) {
    return this.cases.list(planId);
  }

  @Get(':caseId')
  @ApiOperation({ summary: 'One case with its steps' })
  @ApiOkResponse({ description: 'The case', schema: schemaRef('Case') })
  @ApiErrors({ 404: 'PLAN_NOT_FOUND, CASE_NOT_FOUND' })
  get(@Param('planId') planId: string, @Param('caseId') caseId: string) {
    return this.cases.get(planId, caseId);
  }
}
