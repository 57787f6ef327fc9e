import { applyDecorators, Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '#libs/domain/src/index.js';
import { principalOf } from '../auth/access.service.js';
import { isEmailShape, safeNextPath, SIGN_IN_TTL_MS, SignInService } from '../auth/sign-in.service.js';
import { ApiErrors, ApiJsonBodyErrors, ApiV1Errors, schemaRef } from '../common/openapi.js';
import { fill, vi } from '../i18n/vi.js';
import { MyWorkService, type WorkItem } from './my-work.service.js';
import { MeService } from './me.service.js';

const BUCKETS = ['open_on_time', 'open_overdue', 'completed_on_time', 'completed_late', 'awaiting', 'returned'] as const;
const text = (v: unknown, max = 200): string | undefined => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined);

/** Filters of the work lists, each bounded; a page of at most 200. */
function filterAndPage(items: WorkItem[], q: Record<string, unknown>) {
  const errors: Record<string, string> = {};
  const page = q.page === undefined ? 1 : Number(q.page);
  const pageSize = q.pageSize === undefined ? 50 : Number(q.pageSize);
  if (!Number.isInteger(page) || page < 1 || page > 10_000) errors.page = vi.web.app.pageInvalid;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) errors.pageSize = vi.web.app.pageSizeInvalid;
  const bucket = text(q.bucket, 40);
  if (bucket && !(BUCKETS as readonly string[]).includes(bucket)) errors.bucket = vi.web.app.bucketInvalid;
  if (Object.keys(errors).length) throw new DomainError('VALIDATION_FAILED', 'bad filter or page', errors);
  const [plan, item, village, search] = [text(q.plan), text(q.item), text(q.village), text(q.q)?.toLocaleLowerCase('vi')];
  const kept = items.filter(
    (w) =>
      (!plan || w.planId === plan) &&
      (!item || w.itemId === item) &&
      (!village || w.unitId === village) &&
      (!bucket || w.bucket === bucket) &&
      (!search ||
        [w.title, w.stepId, w.itemTitle, w.planNumber, w.planTitle, w.unitName ?? ''].some((f) =>
          f.toLocaleLowerCase('vi').includes(search),
        )),
  );
  // What the filters can choose from: every plan, item and village of the whole list, by name.
  const uniq = <T extends { id: string }>(xs: T[]) => [...new Map(xs.map((x) => [x.id, x])).values()];
  return {
    items: kept.slice((page - 1) * pageSize, page * pageSize),
    page,
    pageSize,
    total: kept.length,
    pages: Math.ceil(kept.length / pageSize),
    options: {
      plans: uniq(items.map((w) => ({ id: w.planId, label: `${w.planNumber} – ${w.planTitle}` }))),
      items: uniq(items.map((w) => ({ id: w.itemId, label: `${w.itemId}. ${w.itemTitle}` }))),
      villages: uniq(items.filter((w) => w.unitId).map((w) => ({ id: w.unitId!, label: w.unitName ?? w.unitId! }))),
    },
  };
}

const listQuery = [
  { name: 'plan', in: 'query', required: false, schema: { type: 'string', maxLength: 200 }, description: 'Only this plan (id)' },
  { name: 'item', in: 'query', required: false, schema: { type: 'string', maxLength: 200 }, description: 'Only this item (I01 …)' },
  { name: 'village', in: 'query', required: false, schema: { type: 'string', maxLength: 200 }, description: 'Only this village (unit id)' },
  { name: 'bucket', in: 'query', required: false, schema: { type: 'string', enum: [...BUCKETS] } },
  { name: 'q', in: 'query', required: false, schema: { type: 'string', maxLength: 200 }, description: 'Words of the step, item or plan' },
  { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 10000 } },
  { name: 'pageSize', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200 } },
];
/** The list filters as query parameters of the document. */
const ApiListQuery = () =>
  applyDecorators(
    ...listQuery.map((p) => ApiQuery({ name: p.name, required: false, schema: p.schema as never, description: p.description })),
  );

/** The web app's own reads: who is signed in (menu, counters, CSRF token) and their work lists. */
@ApiTags('app')
@ApiV1Errors()
@Controller('api/v1')
export class MeController {
  constructor(
    @Inject(MeService) private readonly me: MeService,
    @Inject(MyWorkService) private readonly work: MyWorkService,
  ) {}

  @Get('me')
  @ApiOperation({
    summary: 'Who is signed in: name, roles per plan, commune, menu, counters, the CSRF token for writes, development flags',
  })
  @ApiOkResponse({ description: 'For an API token or the development header: `user` null and no menu', schema: schemaRef('Me') })
  async who(@Req() req: Request) {
    return this.me.me(req, principalOf(req));
  }

  @Get('my-work')
  @ApiOperation({ summary: "The signed-in person's open steps across plans (to do, returned, waiting for approval), soonest due first" })
  @ApiListQuery()
  @ApiOkResponse({ description: 'One page of them; none for an API token or the development header', schema: schemaRef('WorkPage') })
  @ApiErrors({ 422: 'VALIDATION_FAILED: a bad page, page size or bucket' })
  async myWork(@Req() req: Request, @Query() q: Record<string, unknown>) {
    const p = principalOf(req);
    return filterAndPage(p?.kind === 'user' ? await this.work.forApp(p.user, 'assignee') : [], q);
  }

  @Get('approvals')
  @ApiOperation({ summary: 'The submitted steps the signed-in person approves, with what was submitted' })
  @ApiListQuery()
  @ApiOkResponse({ description: 'One page of them; none for an API token or the development header', schema: schemaRef('WorkPage') })
  @ApiErrors({ 422: 'VALIDATION_FAILED: a bad page, page size or bucket' })
  async approvals(@Req() req: Request, @Query() q: Record<string, unknown>) {
    const p = principalOf(req);
    return filterAndPage(p?.kind === 'user' ? await this.work.forApp(p.user, 'approver') : [], q);
  }
}

/**
 * Sign-in from the app: the same link mail as POST /dang-nhap, the same per-address cap, the same answer for every
 * well-formed address, known or not. Outside /api/v1: nobody is signed in yet.
 */
@ApiTags('app')
@Controller('api')
export class AppSignInController {
  constructor(@Inject(SignInService) private readonly signIn: SignInService) {}

  @Post('sign-in')
  @HttpCode(202)
  @ApiOperation({ summary: 'Mail a sign-in link to a staff address (answered the same whether or not it is known)' })
  @ApiBody({ schema: schemaRef('SignInRequest') })
  @ApiResponse({
    status: 202,
    description: 'Taken: a link is mailed if the address belongs to a staff member',
    schema: schemaRef('SignInAccepted'),
  })
  @ApiErrors({ 400: undefined, 422: 'VALIDATION_FAILED: not an e-mail address (`errors.email`)', 429: undefined, 500: undefined })
  @ApiJsonBodyErrors()
  request(@Body() body: Record<string, unknown> = {}, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    const unknown = Object.keys(body ?? {}).filter((k) => k !== 'email' && k !== 'next');
    if (!isEmailShape(body.email) || unknown.length) {
      throw new DomainError('VALIDATION_FAILED', 'not an e-mail address', {
        ...(isEmailShape(body.email) ? {} : { email: vi.web.app.emailInvalid }),
        ...Object.fromEntries(unknown.map((k) => [k, vi.web.app.unknownField])),
      });
    }
    this.signIn.requestLater(body.email, safeNextPath(body.next) ?? '/app/');
    return { message: fill(vi.web.app.signInSent, { minutes: SIGN_IN_TTL_MS / 60_000 }) };
  }
}
