import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags, ApiOkResponse } from '@nestjs/swagger';
import { ACTOR_HEADER, CurrentActor, type Actor } from '../common/actor.decorator.js';
import {
  ApproveStepDto,
  CancelStepDto,
  DecideExtensionDto,
  ReassignStepDto,
  RejectStepDto,
  RequestExtensionDto,
  SubmitStepDto,
} from './step-action.dto.js';
import { StepsService } from './steps.service.js';
import { ApiErrors, ApiJsonBodyErrors, ApiV1Errors, schemaRef } from '../common/openapi.js';

@ApiTags('steps')
@ApiV1Errors()
@Controller('api/v1/plans/:planId/steps/:stepId')
export class StepsController {
  constructor(@Inject(StepsService) private readonly steps: StepsService) {}

  @Get()
  @ApiOperation({ summary: 'A step with its full history' })
  @ApiOkResponse({ description: 'The step and its history', schema: schemaRef('StepDetail') })
  @ApiErrors({ 404: 'PLAN_NOT_FOUND, STEP_NOT_FOUND' })
  get(@Param('planId') planId: string, @Param('stepId') stepId: string) {
    return this.steps.get(planId, stepId);
  }

  @Get('audit')
  @ApiOperation({ summary: "Verify the step's tamper-evident audit chain" })
  @ApiOkResponse({ description: 'valid, or the first event that was altered', schema: schemaRef('AuditVerdict') })
  @ApiErrors({ 404: 'PLAN_NOT_FOUND, STEP_NOT_FOUND' })
  audit(@Param('planId') planId: string, @Param('stepId') stepId: string) {
    return this.steps.audit(planId, stepId);
  }

  @Post('submission')
  @HttpCode(200)
  @ApiHeader({ name: ACTOR_HEADER, description: 'Role key of the actor: the assignee' })
  @ApiOperation({ summary: 'The assignee submits the result: an evidence note, links and uploaded file ids' })
  @ApiOkResponse({ description: 'The step after the action', schema: schemaRef('StepView') })
  @ApiErrors({
    404: 'PLAN_NOT_FOUND, STEP_NOT_FOUND',
    409: 'STEP_NOT_OPEN, STEP_BUSY, STEP_NOT_STARTED',
    422: 'VALIDATION_FAILED (note, links, fileIds not uploaded to this step), EVIDENCE_NOTE_REQUIRED',
    503: undefined,
  })
  @ApiJsonBodyErrors()
  submit(@Param('planId') planId: string, @Param('stepId') stepId: string, @Body() dto: SubmitStepDto, @CurrentActor() actor: Actor) {
    return this.steps.submit(actor, planId, stepId, dto);
  }

  @Post('approval')
  @HttpCode(200)
  @ApiHeader({ name: ACTOR_HEADER, description: 'Role key of the actor: the approver (vice_chair_vhxh)' })
  @ApiOperation({ summary: 'The approver approves a submitted step' })
  @ApiOkResponse({ description: 'The step after the action', schema: schemaRef('StepView') })
  @ApiErrors({
    404: 'PLAN_NOT_FOUND, STEP_NOT_FOUND',
    409: 'STEP_NOT_SUBMITTED, STEP_NOT_OPEN, STEP_BUSY, STEP_NOT_STARTED, SELF_APPROVAL (the approver submitted it or holds its assignee role)',
    422: 'VALIDATION_FAILED',
    503: undefined,
  })
  @ApiJsonBodyErrors()
  approve(@Param('planId') planId: string, @Param('stepId') stepId: string, @Body() dto: ApproveStepDto, @CurrentActor() actor: Actor) {
    return this.steps.approve(actor, planId, stepId, dto.note);
  }

  @Post('rejection')
  @HttpCode(200)
  @ApiHeader({ name: ACTOR_HEADER, description: 'Role key of the actor: the approver' })
  @ApiOperation({ summary: 'The approver returns a submitted step with a reason' })
  @ApiOkResponse({ description: 'The step after the action', schema: schemaRef('StepView') })
  @ApiErrors({
    404: 'PLAN_NOT_FOUND, STEP_NOT_FOUND',
    409: 'STEP_NOT_SUBMITTED, STEP_NOT_OPEN, STEP_BUSY, STEP_NOT_STARTED',
    422: 'VALIDATION_FAILED, REJECT_REASON_REQUIRED',
    503: undefined,
  })
  @ApiJsonBodyErrors()
  reject(@Param('planId') planId: string, @Param('stepId') stepId: string, @Body() dto: RejectStepDto, @CurrentActor() actor: Actor) {
    return this.steps.reject(actor, planId, stepId, dto.reason);
  }

  @Post('cancellation')
  @HttpCode(200)
  @ApiHeader({ name: ACTOR_HEADER, description: 'Role key of the actor: the approver or the chairman' })
  @ApiOperation({ summary: 'Cancel a step with a reason; it leaves the official statistic' })
  @ApiOkResponse({ description: 'The step after the action', schema: schemaRef('StepView') })
  @ApiErrors({
    404: 'PLAN_NOT_FOUND, STEP_NOT_FOUND',
    409: 'STEP_NOT_OPEN, STEP_BUSY, STEP_NOT_STARTED',
    422: 'VALIDATION_FAILED, REASON_REQUIRED',
    503: undefined,
  })
  @ApiJsonBodyErrors()
  cancel(@Param('planId') planId: string, @Param('stepId') stepId: string, @Body() dto: CancelStepDto, @CurrentActor() actor: Actor) {
    return this.steps.cancel(actor, planId, stepId, dto.reason);
  }

  @Post('reassignment')
  @HttpCode(200)
  @ApiHeader({ name: ACTOR_HEADER, description: 'Role key of the actor: the approver or the chairman' })
  @ApiOperation({ summary: 'Give a step to another role, with a reason; the due date does not move' })
  @ApiOkResponse({ description: 'The step after the action', schema: schemaRef('StepView') })
  @ApiErrors({
    404: 'PLAN_NOT_FOUND, STEP_NOT_FOUND',
    409: 'STEP_NOT_OPEN, STEP_BUSY, STEP_NOT_STARTED, SELF_APPROVAL (to is the approver, or a role its holder holds)',
    422: 'VALIDATION_FAILED, REASON_REQUIRED, ROLE_UNKNOWN (to)',
    503: undefined,
  })
  @ApiJsonBodyErrors()
  reassign(@Param('planId') planId: string, @Param('stepId') stepId: string, @Body() dto: ReassignStepDto, @CurrentActor() actor: Actor) {
    return this.steps.reassign(actor, planId, stepId, dto.to, dto.reason);
  }

  @Post('extension-request')
  @HttpCode(200)
  @ApiHeader({ name: ACTOR_HEADER, description: 'Role key of the actor: the assignee' })
  @ApiOperation({ summary: 'The assignee asks for a later due date, with a reason' })
  @ApiOkResponse({ description: 'The step after the action', schema: schemaRef('StepView') })
  @ApiErrors({
    404: 'PLAN_NOT_FOUND, STEP_NOT_FOUND',
    409: 'STEP_NOT_OPEN, STEP_BUSY, STEP_NOT_STARTED',
    422: 'VALIDATION_FAILED, REASON_REQUIRED, EXTENSION_INVALID (until)',
    503: undefined,
  })
  @ApiJsonBodyErrors()
  requestExtension(
    @Param('planId') planId: string,
    @Param('stepId') stepId: string,
    @Body() dto: RequestExtensionDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.steps.requestExtension(actor, planId, stepId, dto.until, dto.reason);
  }

  @Post('extension-decision')
  @HttpCode(200)
  @ApiHeader({ name: ACTOR_HEADER, description: 'Role key of the actor: the approver or the chairman' })
  @ApiOperation({ summary: 'Grant or refuse the requested date; the on-time statistic keeps the original due date' })
  @ApiOkResponse({ description: 'The step after the action', schema: schemaRef('StepView') })
  @ApiErrors({
    404: 'PLAN_NOT_FOUND, STEP_NOT_FOUND',
    409: 'EXTENSION_NOT_REQUESTED, STEP_NOT_OPEN, STEP_BUSY, STEP_NOT_STARTED',
    422: 'VALIDATION_FAILED',
    503: undefined,
  })
  @ApiJsonBodyErrors()
  decideExtension(
    @Param('planId') planId: string,
    @Param('stepId') stepId: string,
    @Body() dto: DecideExtensionDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.steps.decideExtension(actor, planId, stepId, dto.grant, dto.note);
  }
}
