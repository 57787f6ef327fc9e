import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACTOR_HEADER, CurrentActor, type Actor } from '../common/actor.decorator.js';
import {
  ApproveStepDto, CancelStepDto, DecideExtensionDto, ReassignStepDto, RejectStepDto, RequestExtensionDto, SubmitStepDto,
} from './step-action.dto.js';
import { StepsService } from './steps.service.js';

@ApiTags('steps')
@Controller('api/v1/plans/:planId/steps/:stepId')
export class StepsController {
  constructor(@Inject(StepsService) private readonly steps: StepsService) {}

  @Get()
  @ApiOperation({ summary: 'A step with its full history' })
  get(@Param('planId') planId: string, @Param('stepId') stepId: string) {
    return this.steps.get(planId, stepId);
  }

  @Get('audit')
  @ApiOperation({ summary: "Verify the step's tamper-evident audit chain" })
  audit(@Param('planId') planId: string, @Param('stepId') stepId: string) {
    return this.steps.audit(planId, stepId);
  }

  @Post('submission')
  @HttpCode(200)
  @ApiHeader({ name: ACTOR_HEADER, description: 'Role key of the actor: the assignee' })
  @ApiOperation({ summary: 'The assignee submits the result: an evidence note, links and uploaded file ids' })
  submit(@Param('planId') planId: string, @Param('stepId') stepId: string, @Body() dto: SubmitStepDto, @CurrentActor() actor: Actor) {
    return this.steps.submit(actor, planId, stepId, dto);
  }

  @Post('approval')
  @HttpCode(200)
  @ApiHeader({ name: ACTOR_HEADER, description: 'Role key of the actor: the approver (vice_chair_vhxh)' })
  @ApiOperation({ summary: 'The approver approves a submitted step' })
  approve(@Param('planId') planId: string, @Param('stepId') stepId: string, @Body() dto: ApproveStepDto, @CurrentActor() actor: Actor) {
    return this.steps.approve(actor, planId, stepId, dto.note);
  }

  @Post('rejection')
  @HttpCode(200)
  @ApiHeader({ name: ACTOR_HEADER, description: 'Role key of the actor: the approver' })
  @ApiOperation({ summary: 'The approver returns a submitted step with a reason' })
  reject(@Param('planId') planId: string, @Param('stepId') stepId: string, @Body() dto: RejectStepDto, @CurrentActor() actor: Actor) {
    return this.steps.reject(actor, planId, stepId, dto.reason);
  }

  @Post('cancellation')
  @HttpCode(200)
  @ApiHeader({ name: ACTOR_HEADER, description: 'Role key of the actor: the approver or the chairman' })
  @ApiOperation({ summary: 'Cancel a step with a reason; it leaves the official statistic' })
  cancel(@Param('planId') planId: string, @Param('stepId') stepId: string, @Body() dto: CancelStepDto, @CurrentActor() actor: Actor) {
    return this.steps.cancel(actor, planId, stepId, dto.reason);
  }

  @Post('reassignment')
  @HttpCode(200)
  @ApiHeader({ name: ACTOR_HEADER, description: 'Role key of the actor: the approver or the chairman' })
  @ApiOperation({ summary: 'Give a step to another role, with a reason; the due date does not move' })
  reassign(@Param('planId') planId: string, @Param('stepId') stepId: string, @Body() dto: ReassignStepDto, @CurrentActor() actor: Actor) {
    return this.steps.reassign(actor, planId, stepId, dto.to, dto.reason);
  }

  @Post('extension-request')
  @HttpCode(200)
  @ApiHeader({ name: ACTOR_HEADER, description: 'Role key of the actor: the assignee' })
  @ApiOperation({ summary: 'The assignee asks for a later due date, with a reason' })
  requestExtension(@Param('planId') planId: string, @Param('stepId') stepId: string, @Body() dto: RequestExtensionDto, @CurrentActor() actor: Actor) {
    return this.steps.requestExtension(actor, planId, stepId, dto.until, dto.reason);
  }

  @Post('extension-decision')
  @HttpCode(200)
  @ApiHeader({ name: ACTOR_HEADER, description: 'Role key of the actor: the approver or the chairman' })
  @ApiOperation({ summary: 'Grant or refuse the requested date; the on-time statistic keeps the original due date' })
  decideExtension(@Param('planId') planId: string, @Param('stepId') stepId: string, @Body() dto: DecideExtensionDto, @CurrentActor() actor: Actor) {
    return this.steps.decideExtension(actor, planId, stepId, dto.grant, dto.note);
  }
}
