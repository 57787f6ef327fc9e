import { applyDecorators, Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiNotModifiedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { visiblePlans } from '../auth/access.service.js';
import { sendJsonIfNoneMatch } from '../common/etag.js';
import { ApiErrors, ApiJsonBodyErrors, ApiV1Errors, arrayOf, schemaRef } from '../common/openapi.js';
import { PlanDashboardService } from './plan-dashboard.service.js';
import { PlanRunsService } from './plan-runs.service.js';
import { PlansService } from './plans.service.js';
import { StatusAnswers } from './status-answers.js';
import { StartRunDto } from './start-run.dto.js';
import { PlanStatusQueryDto, StepsPageQueryDto } from './status-query.dto.js';

/** A GET answered with an ETag, 304 to If-None-Match while nothing changed, 404 for an unknown plan, 422 for bad query fields. */
const ConditionalGet = (ok: string, invalid: string, schema: Record<string, unknown>) =>
  applyDecorators(
    ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of an earlier answer: 304 while nothing changed' }),
    ApiOkResponse({ description: ok, schema, headers: { ETag: { description: 'A weak entity tag of this answer', schema: { type: 'string' } } } }),
    ApiNotModifiedResponse({ description: 'Nothing changed since the ETag given in If-None-Match' }),
    ApiErrors({ 404: 'PLAN_NOT_FOUND', 422: `VALIDATION_FAILED: ${invalid}, or a query field it does not know` }),
  );

@ApiTags('plans')
@ApiV1Errors()
@Controller('api/v1/plans')
export class PlansController {
  constructor(
    @Inject(PlansService) private readonly plans: PlansService,
    @Inject(PlanRunsService) private readonly runs: PlanRunsService,
    @Inject(PlanDashboardService) private readonly dashboards: PlanDashboardService,
    @Inject(StatusAnswers) private readonly answers: StatusAnswers,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Loaded plans with their step counts per status bucket' })
  @ApiOkResponse({ description: 'The plans the caller may read', schema: arrayOf('PlanSummary') })
  async list(@Req() req: Request) {
    // Only the plans the caller may read (AccessGuard decided which).
    return visiblePlans(req, await this.plans.list());
  }

  @Get(':planId/status')
  @ApiOperation({
    summary: 'Counts per status bucket, per state, per item × unit and per assignee, and every step with its status',
    description: 'Without `page` and `pageSize`, every step (`steps`) with `stepsTotal`; with either, one page of them and `stepsPage` { page, pageSize, total, pages }. With `unit`, the unit and its subtree (commune → villages) from the roll-up rows only: buckets, byItemUnit, byAssignee; its steps are paged at GET …/steps?unit=. Answers carry an ETag.',
  })
  @ConditionalGet('The status, with its ETag: the whole plan (PlanStatus), or with `unit` that unit and its subtree (UnitStatus)', 'unit is not an org unit of the plan, page or pageSize (1–500) is bad', { oneOf: [schemaRef('PlanStatus'), schemaRef('UnitStatus')] })
  async status(@Param('planId') planId: string, @Query() q: PlanStatusQueryDto, @Req() req: Request, @Res() res: Response) {
    const paging = q.page !== undefined || q.pageSize !== undefined ? { page: q.page ?? 1, pageSize: q.pageSize ?? 100 } : undefined;
    const { tag, planNow } = await this.plans.statusTagWithClock(planId, { status: q.unit ?? null, ...(paging && q.unit === undefined ? { paging } : {}) });
    // Under the same tag the answer is the same (but for its live planNow): kept as JSON text, not built again.
    await sendJsonIfNoneMatch(req, res, tag, () =>
      this.answers.json(planId, tag, planNow, () => (q.unit === undefined ? this.plans.status(planId, paging) : this.plans.unitStatus(planId, q.unit))),
    );
  }

  @Get(':planId/steps')
  @ApiOperation({ summary: 'The steps of a plan with their status, a page at a time in item order, with the total; optionally of a unit subtree' })
  @ConditionalGet('{ page, pageSize, total, pages, items }, with its ETag', 'page, pageSize (1–500) or unit is bad', schemaRef('StepsPage'))
  async steps(@Param('planId') planId: string, @Query() q: StepsPageQueryDto, @Req() req: Request, @Res() res: Response) {
    const query = { page: q.page ?? 1, pageSize: q.pageSize ?? 100, unit: q.unit };
    const { tag, planNow } = await this.plans.statusTagWithClock(planId, { steps: query });
    await sendJsonIfNoneMatch(req, res, tag, () => this.answers.json(planId, tag, planNow, () => this.plans.stepsPage(planId, query)));
  }

  @Get(':planId/dashboard')
  @ApiOperation({
    summary: "The plan's dashboard: counts per bucket, per item, per village, per month and week; the rows of a Gantt; the time base",
    description: 'Everything by name (item titles, village names, role titles with their holders). `timeBase` says whether the figures are in plan time (a rehearsal, with its plan date) or real time.',
  })
  @ApiOkResponse({ description: 'The dashboard', schema: schemaRef('PlanDashboard') })
  @ApiErrors({ 404: 'PLAN_NOT_FOUND' })
  dashboard(@Param('planId') planId: string) {
    return this.dashboards.dashboard(planId);
  }

  @Get(':planId/roles')
  @ApiOperation({ summary: 'The roles of a plan (who does, who approves)' })
  @ApiOkResponse({ description: 'The roles of the plan file', schema: arrayOf('Role') })
  @ApiErrors({ 404: 'PLAN_NOT_FOUND' })
  roles(@Param('planId') planId: string) {
    return this.plans.roles(planId);
  }

  @Post(':planId/run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start the plan run (idempotent): step rows and one Temporal workflow per step' })
  @ApiOkResponse({ description: 'The run, started now or before', schema: schemaRef('RunStarted') })
  @ApiErrors({ 404: 'PLAN_NOT_FOUND', 422: 'VALIDATION_FAILED: speed or planStart is bad, or a field it does not know' })
  @ApiJsonBodyErrors()
  start(@Param('planId') planId: string, @Body() dto: StartRunDto) {
    return this.runs.start(planId, { speed: dto.speed ?? 1, planStart: dto.planStart });
  }
}
