import { applyDecorators, Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiHeader, ApiNotFoundResponse, ApiNotModifiedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { visiblePlans } from '../auth/access.service.js';
import { sendIfNoneMatch } from '../common/etag.js';
import { PlanRunsService } from './plan-runs.service.js';
import { PlansService } from './plans.service.js';
import { StartRunDto } from './start-run.dto.js';
import { StatusQueryDto, StepsPageQueryDto } from './status-query.dto.js';

/** A GET answered with an ETag, 304 to If-None-Match while nothing changed, 404 for an unknown plan, 422 for bad query fields. */
const ConditionalGet = (ok: string, invalid: string) =>
  applyDecorators(
    ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of an earlier answer: 304 while nothing changed' }),
    ApiOkResponse({ description: ok }),
    ApiNotModifiedResponse({ description: 'Nothing changed since the ETag given in If-None-Match' }),
    ApiNotFoundResponse({ description: 'PLAN_NOT_FOUND' }),
    ApiUnprocessableEntityResponse({ description: `VALIDATION_FAILED: ${invalid}` }),
  );

@ApiTags('plans')
@ApiTooManyRequestsResponse({ description: 'Too many requests from this client: Retry-After says when to try again' })
@Controller('api/v1/plans')
export class PlansController {
  constructor(
    @Inject(PlansService) private readonly plans: PlansService,
    @Inject(PlanRunsService) private readonly runs: PlanRunsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Loaded plans with their step counts per status bucket' })
  async list(@Req() req: Request) {
    // Only the plans the caller may read (AccessGuard decided which).
    return visiblePlans(req, await this.plans.list());
  }

  @Get(':planId/status')
  @ApiOperation({
    summary: 'Counts per status bucket, per state, per item × unit and per assignee, and every step with its status',
    description: 'With `unit`, the unit and its subtree (commune → villages) from the roll-up rows only: buckets, byItemUnit, byAssignee; its steps are paged at GET …/steps?unit=. Answers carry an ETag.',
  })
  @ConditionalGet('The status, with its ETag', 'unit is not an org unit of the plan')
  async status(@Param('planId') planId: string, @Query() q: StatusQueryDto, @Req() req: Request, @Res() res: Response) {
    const tag = await this.plans.statusTag(planId, { status: q.unit ?? null });
    await sendIfNoneMatch(req, res, tag, () => (q.unit === undefined ? this.plans.status(planId) : this.plans.unitStatus(planId, q.unit)));
  }

  @Get(':planId/steps')
  @ApiOperation({ summary: 'The steps of a plan with their status, a page at a time in item order, with the total; optionally of a unit subtree' })
  @ConditionalGet('{ page, pageSize, total, pages, items }, with its ETag', 'page, pageSize (1–500) or unit is bad')
  async steps(@Param('planId') planId: string, @Query() q: StepsPageQueryDto, @Req() req: Request, @Res() res: Response) {
    const query = { page: q.page ?? 1, pageSize: q.pageSize ?? 100, unit: q.unit };
    const tag = await this.plans.statusTag(planId, { steps: query });
    await sendIfNoneMatch(req, res, tag, () => this.plans.stepsPage(planId, query));
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
