import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiCreatedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { DomainError } from '#libs/domain/src/index.js';
import { visiblePlans } from '../auth/access.service.js';
import { ACTOR_HEADER, CurrentActor, type Actor } from '../common/actor.decorator.js';
import { PlansService } from '../plans/plans.service.js';
import { CreateAssessmentDto, SaveAssessmentDto, SubmitAssessmentDto } from './assessment.dto.js';
import { AssessmentsService } from './assessments.service.js';
import { DOSSIER_CONTENT_TYPE } from './assessment-dossier.js';
import { ApiErrors, ApiV1Errors, arrayOf, schemaRef } from '../common/openapi.js';

export class AssessmentsQueryDto {
  @ApiPropertyOptional({ description: 'Only the assessments of this year', example: 2024, type: 'integer', minimum: 2019, maximum: 2100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'year must be a whole number' })
  @Min(2019)
  @Max(2100)
  year?: number;
}

const ASSESSMENT_ID = /^DG\d{4}$/;
const knownId = (id: string) => {
  if (!ASSESSMENT_ID.test(id)) throw new DomainError('ASSESSMENT_NOT_FOUND', `No assessment ${id.slice(0, 40)}`);
  return id;
};

@ApiTags('assessments')
@ApiV1Errors()
@Controller('api/v1')
export class AssessmentsController {
  constructor(
    @Inject(AssessmentsService) private readonly assessments: AssessmentsService,
    @Inject(PlansService) private readonly plans: PlansService,
  ) {}

  @Get('assessments')
  @ApiOperation({
    summary:
      "The monitoring body's view: every child-friendly commune assessment of the plans the caller may read, with the computed total, pass/fail and state",
  })
  @ApiOkResponse({ description: 'One row per assessment', schema: arrayOf('AssessmentOverview') })
  @ApiErrors({ 422: 'VALIDATION_FAILED: year is not a whole number 2019–2100, or a query field it does not know' })
  async overview(@Query() q: AssessmentsQueryDto, @Req() req: Request) {
    const ids = visiblePlans(req, await this.plans.list()).map((p) => p.id);
    return this.assessments.overview(ids, q.year);
  }

  @Post('plans/:planId/assessments')
  @HttpCode(201)
  @ApiHeader({ name: ACTOR_HEADER, description: 'Role key of the commune staff member who opens it' })
  @ApiOperation({
    summary:
      'Open the year\'s child-friendly commune self-assessment (QĐ 06/QĐ-TTg): a step for the officer, due the last working day of November, approved by the vice-chairman. A year the decision does not assess in (e.g. 2023 when the plan asks for it) is opened with a Vietnamese warning in `warnings`; while some criteria\'s points are unconfirmed (`score.provisional`) the verdict says "Tạm tính" naming them and `requestOffered` is false (the dossier is a provisional report, not a Tờ trình)',
  })
  @ApiCreatedResponse({ description: 'The assessment (`created` false: it was already open)', schema: schemaRef('AssessmentCreated') })
  @ApiErrors({
    404: 'PLAN_NOT_FOUND',
    409: 'PLAN_NOT_RUNNING',
    413: undefined,
    415: undefined,
    422: 'VALIDATION_FAILED (year is not an assessment year, communeClass), ASSESSMENT_NOT_SUPPORTED (the plan has no assessment step)',
  })
  create(@Param('planId') planId: string, @Body() dto: CreateAssessmentDto, @CurrentActor() actor: Actor) {
    return this.assessments.create(actor, planId, dto);
  }

  @Get('plans/:planId/assessments')
  @ApiOperation({ summary: 'The assessments of a plan with their computed scores' })
  @ApiOkResponse({ description: 'Oldest first', schema: arrayOf('Assessment') })
  @ApiErrors({ 404: 'PLAN_NOT_FOUND' })
  list(@Param('planId') planId: string) {
    return this.assessments.list(planId);
  }

  @Get('plans/:planId/assessments/:assessmentId')
  @ApiOperation({
    summary:
      'One assessment: values, computed points per indicator and criterion, total, pass/fail, zero criteria, evidence (plan steps and attachments), what is missing, the comparison with the previous one',
  })
  @ApiOkResponse({ description: 'The assessment', schema: schemaRef('Assessment') })
  @ApiErrors({ 404: 'PLAN_NOT_FOUND, ASSESSMENT_NOT_FOUND' })
  get(@Param('planId') planId: string, @Param('assessmentId') assessmentId: string) {
    return this.assessments.get(planId, knownId(assessmentId));
  }

  @Post('plans/:planId/assessments/:assessmentId/values')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Save indicator values and evidence while drafting; points and total are computed; 422 names each bad indicator',
  })
  @ApiOkResponse({ description: 'The assessment as saved', schema: schemaRef('Assessment') })
  @ApiErrors({
    404: 'PLAN_NOT_FOUND, ASSESSMENT_NOT_FOUND',
    409: 'ASSESSMENT_LOCKED: submitted, approved or cancelled',
    413: undefined,
    415: undefined,
    422: 'VALIDATION_FAILED: each bad indicator in errors (`values.6.1`, `evidence.2.1.0.fileId`)',
  })
  save(
    @Param('planId') planId: string,
    @Param('assessmentId') assessmentId: string,
    @Body() dto: SaveAssessmentDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.assessments.save(actor, planId, knownId(assessmentId), dto);
  }

  @Post('plans/:planId/assessments/:assessmentId/submission')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Submit for approval: the score is frozen and the dossier (DOCX) becomes the step's evidence; the vice-chairman approves the step as any other",
  })
  @ApiOkResponse({ description: 'The assessment, submitted', schema: schemaRef('Assessment') })
  @ApiErrors({
    404: 'PLAN_NOT_FOUND, ASSESSMENT_NOT_FOUND',
    409: 'STEP_NOT_OPEN, STEP_BUSY, STEP_NOT_STARTED',
    413: undefined,
    415: undefined,
    422: 'VALIDATION_FAILED, EVIDENCE_NOTE_REQUIRED',
  })
  submit(
    @Param('planId') planId: string,
    @Param('assessmentId') assessmentId: string,
    @Body() dto: SubmitAssessmentDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.assessments.submit(actor, planId, knownId(assessmentId), dto);
  }

  @Get('plans/:planId/assessments/:assessmentId/ho-so.docx')
  @ApiOperation({ summary: 'The recognition dossier: the request letter and the self-assessment table, as DOCX in the form of NĐ 30/2020' })
  @ApiProduces(DOSSIER_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The dossier', schema: { type: 'string', format: 'binary' } })
  @ApiErrors({ 404: 'PLAN_NOT_FOUND, ASSESSMENT_NOT_FOUND' })
  async dossier(@Param('planId') planId: string, @Param('assessmentId') assessmentId: string, @Res({ passthrough: true }) res: Response) {
    const f = await this.assessments.dossier(planId, knownId(assessmentId));
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(f.data, {
      type: DOSSIER_CONTENT_TYPE,
      disposition: `attachment; filename="${f.name}"`,
      length: f.data.length,
    });
  }
}
