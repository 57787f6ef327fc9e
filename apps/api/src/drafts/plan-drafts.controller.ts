import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { SignedInUser } from '#libs/database/src/index.js';
import { modelShapeProblems } from '#libs/domain/src/index.js';
import { MAX_DOCUMENT_BYTES } from '#libs/plan-import/src/index.js';
import { authOf } from '../auth/session.js';
import { GatedFileInterceptor, type UploadGate } from '../common/gated-upload.js';
import { ApiErrors, ApiJsonBodyErrors, ApiV1Errors, arrayOf, schemaRef } from '../common/openapi.js';
import { fill, vi } from '../i18n/vi.js';
import { PreviewQueryDto, SaveDraftDto, StartDraftDto, ValidateDraftDto } from './plan-draft.dto.js';
import { PlanDraftsService, refuse } from './plan-drafts.service.js';

/**
 * Who may upload a document or a plan file here is decided before the body is read, by AccessGuard (the route's
 * `load_plans`: a signed-in chairman or approving vice-chairman of a loaded plan); this gate only lets multer read it.
 */
@Injectable()
export class DraftUploadGate implements UploadGate {
  allow(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

/** One document up to the importer's limit (a plan file is held to the plan file limit after reading). */
const UPLOAD = GatedFileInterceptor('file', { files: 1, fileSize: MAX_DOCUMENT_BYTES }, DraftUploadGate, () => {
  throw refuse(413, 'UPLOAD_TOO_LARGE', fill(vi.drafts.tooLarge, { max: MAX_DOCUMENT_BYTES / 1024 / 1024 }), {
    errors: { file: fill(vi.drafts.tooLarge, { max: MAX_DOCUMENT_BYTES / 1024 / 1024 }) },
  });
});

interface UploadedPart {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** Browsers send a UTF-8 file name that multer reads as latin1; only a plain name is kept. */
const uploadedName = (raw: string) => {
  const utf8 = Buffer.from(raw, 'latin1').toString('utf8');
  return (utf8.includes('\uFFFD') ? raw : utf8).replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120) || 'ke-hoach';
};

/** The person acting: drafts belong to people, so a session (or a person's token) — never the development role header. */
function userOf(req: Request): SignedInUser {
  const user = authOf(req).user;
  if (!user) throw refuse(401, 'ACTOR_REQUIRED', vi.access.reasons.NO_CREDENTIALS, { reason: 'NO_CREDENTIALS' });
  return user;
}

/** A model that cannot be a plan file by its shape: 422 with the field paths at fault. */
function checkShape(model: Record<string, unknown>) {
  const problems = modelShapeProblems(model);
  if (Object.keys(problems).length) {
    throw refuse(422, 'VALIDATION_FAILED', vi.drafts.modelShape, {
      errors: Object.fromEntries(Object.entries(problems).map(([k, v]) => [k === 'model' ? 'model' : `model.${k}`, v])),
    });
  }
}

const DRAFT_ERRORS = { 404: 'DRAFT_NOT_FOUND: no such draft, or not one the caller may see' };

/**
 * Plan drafts: from a signed plan document, a plan file or last year's plan to a running plan, by API. Every route
 * needs a signed-in chairman or approving vice-chairman of a loaded plan (as the plan start and import pages).
 */
@ApiTags('plan-drafts')
@ApiV1Errors()
@Controller('api/v1/plan-drafts')
export class PlanDraftsController {
  constructor(@Inject(PlanDraftsService) private readonly drafts: PlanDraftsService) {}

  @Post()
  @HttpCode(201)
  @UseInterceptors(UPLOAD)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        file: { type: 'string', format: 'binary', description: 'A signed plan document (.docx, .txt) or a plan file (.yaml, .yml)' },
      },
      required: ['file'],
    },
  })
  @ApiOperation({
    summary: 'A new draft from a signed plan document (imported) or a plan file (≤ 10 MB; a plan file ≤ 2 MiB)',
    description:
      'Who may is decided before the file is read. A file that is not a plan (random bytes, a scanned PDF, an empty document) is 422 NOT_A_PLAN with a Vietnamese message; nothing is stored.',
  })
  @ApiCreatedResponse({ description: 'The draft, its TODOs and diagnostics', schema: schemaRef('PlanDraft') })
  @ApiErrors({
    413: 'UPLOAD_TOO_LARGE: the body declares more than the limit; UPLOAD_INVALID: a file over its limit',
    415: 'UNSUPPORTED_MEDIA_TYPE: not multipart',
    422: 'FILE_REQUIRED, or NOT_A_PLAN (why in `message` and `errors.file`)',
  })
  async create(@Req() req: Request, @UploadedFile() file: UploadedPart | undefined) {
    const user = userOf(req);
    if (!file?.size) throw refuse(422, 'FILE_REQUIRED', vi.drafts.fileRequired, { errors: { file: vi.drafts.fileRequired } });
    return this.drafts.createFromUpload(user, { name: uploadedName(file.originalname), bytes: file.buffer });
  }

  @Get()
  @ApiOperation({ summary: 'The drafts the caller made or may see (of the communes whose plans they manage), newest change first' })
  @ApiOkResponse({ description: 'The drafts, without their content', schema: arrayOf('DraftSummary') })
  list(@Req() req: Request) {
    return this.drafts.list(userOf(req));
  }

  @Get(':draftId')
  @ApiOperation({ summary: 'A draft: its model (the plan file as JSON), every TODO and diagnostic by field path, its version' })
  @ApiOkResponse({ description: 'The draft', schema: schemaRef('PlanDraft') })
  @ApiErrors(DRAFT_ERRORS)
  get(@Req() req: Request, @Param('draftId') id: string) {
    return this.drafts.get(userOf(req), id);
  }

  @Put(':draftId')
  @ApiOperation({
    summary: 'Save the whole model with the version it was read at: a new version, its diagnostics',
    description:
      'A draft saved by someone else since (another version) is 409 DRAFT_CHANGED, saying who and when; nothing is saved. A draft with errors is saved (it is a draft); it cannot start until they are fixed.',
  })
  @ApiOkResponse({ description: 'The draft as saved', schema: schemaRef('PlanDraft') })
  @ApiResponse({
    status: 409,
    description: 'DRAFT_CHANGED (who changed it, when, its version now) or DRAFT_STARTED',
    schema: schemaRef('DraftConflict'),
  })
  @ApiErrors({
    ...DRAFT_ERRORS,
    422: 'VALIDATION_FAILED: version or model is missing or bad, or the model is no plan file by its shape (each field path in `errors`)',
  })
  @ApiJsonBodyErrors()
  save(@Req() req: Request, @Param('draftId') id: string, @Body() dto: SaveDraftDto) {
    checkShape(dto.model);
    return this.drafts.save(userOf(req), id, dto.version, dto.model);
  }

  @Post(':draftId/validation')
  @HttpCode(200)
  @ApiOperation({ summary: 'The checks of `plan validate` on an unsaved model, in Vietnamese by field path (nothing is saved)' })
  @ApiOkResponse({ description: 'Valid or not, the TODOs and the diagnostics', schema: schemaRef('DraftCheck') })
  @ApiErrors({ ...DRAFT_ERRORS, 422: 'VALIDATION_FAILED: model is missing, or no plan file by its shape' })
  @ApiJsonBodyErrors()
  validate(@Req() req: Request, @Param('draftId') id: string, @Body() dto: ValidateDraftDto) {
    checkShape(dto.model);
    return this.drafts.validate(userOf(req), id, dto.model);
  }

  @Get(':draftId/preview')
  @ApiOperation({ summary: 'The reminder and escalation calendar of the saved draft, as `plan preview` shows it, a page at a time' })
  @ApiOkResponse({
    description: 'A page of the dated step instances with their reminders and escalations',
    schema: schemaRef('DraftPreview'),
  })
  @ApiResponse({
    status: 422,
    description:
      'DRAFT_INVALID: the draft has errors (each at its field path in `diagnostics`); VALIDATION_FAILED: page or pageSize is bad',
    schema: schemaRef('DraftInvalid'),
  })
  @ApiErrors(DRAFT_ERRORS)
  preview(@Req() req: Request, @Param('draftId') id: string, @Query() q: PreviewQueryDto) {
    return this.drafts.preview(userOf(req), id, q.page ?? 1, q.pageSize ?? 100);
  }

  @Get(':draftId/plan.yaml')
  @ApiProduces('application/yaml')
  @ApiOperation({ summary: 'The draft as a plan file (the exchange format), to download' })
  @ApiOkResponse({ description: 'The plan file', schema: { type: 'string' } })
  @ApiErrors(DRAFT_ERRORS)
  async planFile(@Req() req: Request, @Res() res: Response, @Param('draftId') id: string) {
    const f = await this.drafts.planFile(userOf(req), id);
    res.status(200);
    res.setHeader('Content-Type', 'application/yaml; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${f.name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(f.name)}`,
    );
    res.send(f.text);
  }

  @Post(':draftId/start')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start the draft as a plan (rehearsal or real), as the plan start page does',
    description:
      "Today's rules: the plan's chairman or approving vice-chairman starts it (named in the draft and holding that role in a loaded plan of the same commune). A draft with errors is 422 DRAFT_INVALID with each at its field path; nothing is started. A started draft names its plan and is read-only.",
  })
  @ApiOkResponse({ description: 'The plan started', schema: schemaRef('DraftStarted') })
  @ApiResponse({
    status: 409,
    description: 'DRAFT_STARTED, or PLAN_EXISTS: a plan with this id is loaded with other content',
    schema: schemaRef('DraftConflict'),
  })
  @ApiErrors({
    ...DRAFT_ERRORS,
    422: 'DRAFT_INVALID: the draft fails the checks, nothing started — the body is a DraftInvalid (the Error with `diagnostics` by field path and `todos`); VALIDATION_FAILED: mode, speed or planStart is bad',
  })
  @ApiJsonBodyErrors()
  start(@Req() req: Request, @Param('draftId') id: string, @Body() dto: StartDraftDto) {
    return this.drafts.start(userOf(req), id, {
      real: dto.mode === 'real',
      speed: dto.mode === 'real' ? undefined : (dto.speed ?? 1),
      planStart: dto.planStart,
    });
  }

  @Delete(':draftId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a draft (a started plan stays)' })
  @ApiOkResponse({ description: 'Deleted', schema: schemaRef('DraftDeleted') })
  @ApiErrors(DRAFT_ERRORS)
  async remove(@Req() req: Request, @Param('draftId') id: string) {
    await this.drafts.remove(userOf(req), id);
    return { id, deleted: true };
  }
}

/** "Lập kế hoạch năm sau" on a plan: its clone for the next year as a draft. */
@ApiTags('plan-drafts')
@ApiV1Errors()
@Controller('api/v1/plans/:planId/next-year-draft')
export class NextYearDraftController {
  constructor(@Inject(PlanDraftsService) private readonly drafts: PlanDraftsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Lập kế hoạch năm sau: the plan cloned to the next year as a draft, with what must be rewritten for the new year',
    description:
      "Each step re-dated by what it is tied to (a calendar day, a national event, another step); text of the old year rewritten where it can be, marked TODO (listed in `todos`) where it cannot. The plan's chairman or approving vice-chairman.",
  })
  @ApiCreatedResponse({ description: "Next year's draft", schema: schemaRef('PlanDraft') })
  @ApiErrors({
    404: 'PLAN_NOT_FOUND',
    409: 'PLAN_FILE_MISSING: the plan file this plan was loaded from is not kept (loaded before it was)',
  })
  create(@Req() req: Request, @Param('planId') planId: string) {
    return this.drafts.createNextYear(userOf(req), planId);
  }
}
