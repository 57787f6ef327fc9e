import { Controller, Get, HttpCode, Inject, Injectable, Param, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiTags, ApiCreatedResponse, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EvidenceRepository, StepRepository } from '#libs/database/src/index.js';
import { DomainError } from '#libs/domain/src/index.js';
import { ACTOR_HEADER, actorOf, CurrentActor, type Actor } from '../common/actor.decorator.js';
import { GatedFileInterceptor, type UploadGate } from '../common/gated-upload.js';
import { ActorRolesService } from '../auth/actor-roles.service.js';
import { fieldMessage, invalidFields } from '../common/field-messages.js';
import { ApiErrors, ApiV1Errors, arrayOf, schemaRef } from '../common/openapi.js';

/** The part of a multer file this controller reads. */
interface UploadedPart {
  originalname: string;
  mimetype: string;
  buffer: Buffer;
  size: number;
}

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

/**
 * Who may upload evidence to a step, decided before the file is read: the step exists, the actor is its assignee, the
 * step is open. AccessGuard has already decided that the actor may act on the plan at all.
 */
@Injectable()
export class EvidenceUploadGate implements UploadGate {
  constructor(
    @Inject(ActorRolesService) private readonly roles: ActorRolesService,
    @Inject(StepRepository) private readonly steps: StepRepository,
  ) {}

  async allow(req: Request): Promise<boolean> {
    const { planId, stepId } = req.params as Record<string, string>;
    const step = await this.steps.find(planId, stepId);
    if (!step) throw new DomainError('STEP_NOT_FOUND', `No step ${stepId} in plan ${planId}`);
    if ((await this.roles.forStep(actorOf(req), step, 'assignee')) !== step.assignee)
      throw new DomainError('ACTOR_NOT_ASSIGNEE', `Only the assignee (${step.assignee}) adds evidence to ${stepId}`);
    if (step.state === 'completed' || step.state === 'cancelled')
      throw new DomainError('STEP_NOT_OPEN', `Step ${stepId} is ${step.state}; it takes no more evidence`);
    return true;
  }
}

const EVIDENCE_UPLOAD = GatedFileInterceptor('file', { fileSize: MAX_EVIDENCE_BYTES, files: 1 }, EvidenceUploadGate, (_req, _res, max) => {
  throw new DomainError(
    'UPLOAD_TOO_LARGE',
    `The request declares more than ${max} bytes (one file of at most ${MAX_EVIDENCE_BYTES} bytes)`,
  );
});

/** Browsers send a UTF-8 file name; multer reads header parameters as latin1. "Ảnh trước.jpg" must survive. */
const fileName = (raw: string) => {
  const utf8 = Buffer.from(raw, 'latin1').toString('utf8');
  return (utf8.includes('\uFFFD') ? raw : utf8).replace(/[\\/\r\n\0]/g, '_').slice(0, 200) || 'tep-dinh-kem';
};

/**
 * Evidence files of a step: the assignee uploads them before submitting (the submission then names their ids);
 * anyone who can see the step can download them. The bytes live in PostgreSQL, never in a workflow's history.
 */
@ApiTags('steps')
@ApiV1Errors()
@Controller('api/v1/plans/:planId/steps/:stepId/files')
export class EvidenceController {
  constructor(
    @Inject(ActorRolesService) private readonly roles: ActorRolesService,
    @Inject(EvidenceRepository) private readonly files: EvidenceRepository,
    @Inject(StepRepository) private readonly steps: StepRepository,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @ApiHeader({ name: ACTOR_HEADER, description: 'Role key of the actor: the assignee' })
  @ApiOperation({
    summary: 'Upload one evidence file (≤ 10 MB) for a later submission; returns its id. Who may is decided before the file is read.',
  })
  @ApiCreatedResponse({ description: "The stored file: its id goes in the submission's fileIds", schema: schemaRef('EvidenceFile') })
  @ApiErrors({
    404: 'PLAN_NOT_FOUND, STEP_NOT_FOUND',
    409: 'STEP_NOT_OPEN',
    413: 'UPLOAD_TOO_LARGE: the request declares a body larger than one 10 MB file (not read); UPLOAD_INVALID: over 10 MB',
    415: 'UPLOAD_INVALID or UNSUPPORTED_MEDIA_TYPE: not multipart/form-data',
    422: 'VALIDATION_FAILED: no file, or an empty one',
  })
  @UseInterceptors(EVIDENCE_UPLOAD)
  async upload(
    @Param('planId') planId: string,
    @Param('stepId') stepId: string,
    @UploadedFile() file: UploadedPart | undefined,
    @CurrentActor() actor: Actor,
  ) {
    const step = await this.steps.find(planId, stepId);
    if (!step) throw new DomainError('STEP_NOT_FOUND', `No step ${stepId} in plan ${planId}`);
    if ((await this.roles.forStep(actor, step, 'assignee')) !== step.assignee)
      throw new DomainError('ACTOR_NOT_ASSIGNEE', `Only the assignee (${step.assignee}) adds evidence to ${stepId}`);
    if (step.state === 'completed' || step.state === 'cancelled')
      throw new DomainError('STEP_NOT_OPEN', `Step ${stepId} is ${step.state}; it takes no more evidence`);
    if (!file)
      throw invalidFields(
        { file: fieldMessage('file', 'là bắt buộc: gửi tệp minh chứng dạng multipart/form-data, trường "file"') },
        'file is required (multipart/form-data, field "file")',
      );
    if (!file.size) throw invalidFields({ file: fieldMessage('file', 'là tệp rỗng (0 byte)') }, 'file is empty');
    return this.files.store({
      planId,
      stepId,
      name: fileName(file.originalname),
      contentType: file.mimetype || 'application/octet-stream',
      data: file.buffer,
      uploadedBy: step.assignee,
    });
  }

  @Get()
  @ApiOperation({ summary: "The step's evidence files (metadata)" })
  @ApiOkResponse({ description: 'Oldest first', schema: arrayOf('EvidenceFile') })
  @ApiErrors({ 404: 'PLAN_NOT_FOUND, STEP_NOT_FOUND' })
  list(@Param('planId') planId: string, @Param('stepId') stepId: string) {
    return this.files.listForStep(planId, stepId);
  }

  @Get(':fileId')
  @ApiOperation({ summary: 'Download one evidence file' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description: 'The file as uploaded (its own Content-Type), as an attachment',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiErrors({ 404: 'PLAN_NOT_FOUND, STEP_NOT_FOUND, FILE_NOT_FOUND' })
  async download(@Param('planId') planId: string, @Param('stepId') stepId: string, @Param('fileId') fileId: string, @Res() res: Response) {
    const f = await this.files.read(planId, stepId, fileId);
    if (!f) throw new DomainError('FILE_NOT_FOUND', `No file ${fileId} for step ${stepId}`);
    res.setHeader('content-type', f.contentType);
    res.setHeader('content-length', String(f.size));
    res.setHeader(
      'content-disposition',
      `attachment; filename="${f.name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(f.name)}`,
    );
    res.setHeader('x-content-type-options', 'nosniff');
    res.end(f.data);
  }
}
