import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { DomainError } from '../../../../libs/domain/src/index.js';
import { visiblePlans } from '../auth/access.service.js';
import { ACTOR_HEADER, CurrentActor, type Actor } from '../common/actor.decorator.js';
import { PlansService } from '../plans/plans.service.js';
import { CreateAssessmentDto, SaveAssessmentDto, SubmitAssessmentDto } from './assessment.dto.js';
import { AssessmentsService } from './assessments.service.js';
import { DOSSIER_CONTENT_TYPE } from './assessment-dossier.js';

export class AssessmentsQueryDto {
  @ApiPropertyOptional({ description: 'Only the assessments of this year', example: 2024 })
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
@Controller('api/v1')
export class AssessmentsController {
  constructor(
    @Inject(AssessmentsService) private readonly assessments: AssessmentsService,
    @Inject(PlansService) private readonly plans: PlansService,
  ) {}

  @Get('assessments')
  @ApiOperation({ summary: "The monitoring body's view: every child-friendly commune assessment of the plans the caller may read, with the computed total, pass/fail and state" })
  async overview(@Query() q: AssessmentsQueryDto, @Req() req: Request) {
    const ids = visiblePlans(req, await this.plans.list()).map((p) => p.id);
    return this.assessments.overview(ids, q.year);
  }

  @Post('plans/:planId/assessments')
  @HttpCode(201)
  @ApiHeader({ name: ACTOR_HEADER, description: 'Role key of the commune staff member who opens it' })
  @ApiOperation({ summary: "Open the year's child-friendly commune self-assessment (QĐ 06/QĐ-TTg): a step for the officer, due the last working day of November, approved by the vice-chairman. A year the decision does not assess in (e.g. 2023 when the plan asks for it) is opened with a Vietnamese warning in `warnings`; while some criteria's points are unconfirmed (`score.provisional`) the verdict says \"Tạm tính\" naming them and `requestOffered` is false (the dossier is a provisional report, not a Tờ trình)" })
  create(@Param('planId') planId: string, @Body() dto: CreateAssessmentDto, @CurrentActor() actor: Actor) {
    return this.assessments.create(actor, planId, dto);
  }

  @Get('plans/:planId/assessments')
  @ApiOperation({ summary: 'The assessments of a plan with their computed scores' })
  list(@Param('planId') planId: string) {
    return this.assessments.list(planId);
  }

  @Get('plans/:planId/assessments/:assessmentId')
  @ApiOperation({ summary: 'One assessment: values, computed points per indicator and criterion, total, pass/fail, zero criteria, evidence (plan steps and attachments), what is missing, the comparison with the previous one' })
  get(@Param('planId') planId: string, @Param('assessmentId') assessmentId: string) {
    return this.assessments.get(planId, knownId(assessmentId));
  }

  @Post('plans/:planId/assessments/:assessmentId/values')
  @HttpCode(200)
  @ApiOperation({ summary: 'Save indicator values and evidence while drafting; points and total are computed; 422 names each bad indicator' })
  save(@Param('planId') planId: string, @Param('assessmentId') assessmentId: string, @Body() dto: SaveAssessmentDto, @CurrentActor() actor: Actor) {
    return this.assessments.save(actor, planId, knownId(assessmentId), dto);
  }

  @Post('plans/:planId/assessments/:assessmentId/submission')
  @HttpCode(200)
  @ApiOperation({ summary: "Submit for approval: the score is frozen and the dossier (DOCX) becomes the step's evidence; the vice-chairman approves the step as any other" })
  submit(@Param('planId') planId: string, @Param('assessmentId') assessmentId: string, @Body() dto: SubmitAssessmentDto, @CurrentActor() actor: Actor) {
    return this.assessments.submit(actor, planId, knownId(assessmentId), dto);
  }

  @Get('plans/:planId/assessments/:assessmentId/ho-so.docx')
  @ApiOperation({ summary: 'The recognition dossier: the request letter and the self-assessment table, as DOCX in the form of NĐ 30/2020' })
  @ApiProduces(DOSSIER_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The dossier', schema: { type: 'string', format: 'binary' } })
  async dossier(@Param('planId') planId: string, @Param('assessmentId') assessmentId: string, @Res({ passthrough: true }) res: Response) {
    const f = await this.assessments.dossier(planId, knownId(assessmentId));
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(f.data, { type: DOSSIER_CONTENT_TYPE, disposition: `attachment; filename="${f.name}"`, length: f.data.length });
  }
}
