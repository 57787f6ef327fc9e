import { Body, Controller, Get, Inject, Injectable, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { MAX_PLAN_FILE_BYTES } from '../../../../libs/domain/src/index.js';
import { privatePage } from '../auth/auth-pages.js';
import { fill, vi } from '../i18n/vi.js';
import { GatedFileInterceptor } from '../common/gated-upload.js';
import { pageTooLarge, PlanLoadGate } from './plan-load.gate.js';
import { signedInForm, type FormPage } from './signed-in-form.js';
import { planCheckPage, planStartPage, PREVIEW_SIZE, type PreviewPage } from './plan-start.pages.js';
import { choiceProblems, PlanStartService, type StartChoice } from './plan-start.service.js';

const HERE = '/ke-hoach/nap';
const PURPOSE = 'plan-start';
const FORM: FormPage = {
  here: HERE, purpose: PURPOSE, render: (auth, csrf, message) => planStartPage(auth, csrf, message),
  signInRequired: vi.web.signInRequired, formInvalid: vi.web.planStart.formInvalid,
};
/** Who may upload here, decided before the body is read (plan-load.gate.ts). */
@Injectable()
export class PlanStartGate extends PlanLoadGate {
  protected readonly form = FORM;
}
/**
 * Multer limits: one plan file, and the checked file carried back in a form field, each at most the parser's limit;
 * read only once the gate let the user through.
 */
const UPLOAD = GatedFileInterceptor('file', { files: 1, fileSize: MAX_PLAN_FILE_BYTES, fieldSize: MAX_PLAN_FILE_BYTES + 1024 }, PlanStartGate, pageTooLarge(() => FORM, () => vi.web.planStart.tooLarge));

interface UploadedPart {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** Only a plain file name is shown back and carried in the form. */
const plainName = (raw: string) => raw.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120) || 'ke-hoach.yaml';
/** A date typed as dd/mm/yyyy (or d/m/yyyy) as YYYY-MM-DD; anything else is kept as typed, for the check to refuse. */
const isoFromVi = (typed: string) => {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(typed.trim());
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : typed.trim();
};
/**
 * The preview page asked for in the query (`?page=&size=`): whole numbers, page ≥ 1, size 1–500 (default 1 and 100);
 * anything else (`page=99999999999999999999`, `size=0`, `page=x`) is refused as `bad`. A page past the last is bad too,
 * once the number of pages is known.
 */
function previewPageOf(q: Record<string, unknown>): { at: PreviewPage; bad: boolean } {
  const num = (v: unknown, dflt: number, max: number) => {
    if (v === undefined) return dflt;
    return typeof v === 'string' && /^\d{1,7}$/.test(v) && Number(v) >= 1 && Number(v) <= max ? Number(v) : undefined;
  };
  const page = num(q.page, 1, 1_000_000);
  const size = num(q.size, PREVIEW_SIZE.default, PREVIEW_SIZE.max);
  return { at: { page: page ?? 1, size: size ?? PREVIEW_SIZE.default }, bad: page === undefined || size === undefined };
}

/** Browsers send a UTF-8 file name that multer reads as latin1. */
const uploadedName = (raw: string) => plainName(Buffer.from(raw, 'latin1').toString('utf8'));

/** Upload a plan file, see its errors (line:column) or a preview, and start it as a real run or a rehearsal. */
@ApiExcludeController()
@Controller(HERE.slice(1))
export class PlanStartController {
  constructor(@Inject(PlanStartService) private readonly starts: PlanStartService) {}

  /** The signed-in user and the form token of this page, or a refusal page already sent. */
  private signedIn(req: Request, res: Response, body?: Record<string, unknown>) {
    return signedInForm(req, res, FORM, body);
  }

  @Get()
  form(@Req() req: Request, @Res() res: Response) {
    const me = this.signedIn(req, res);
    if (!me) return;
    privatePage(res, 200);
    res.send(planStartPage(me.auth, me.csrf));
  }

  @Post()
  @UseInterceptors(UPLOAD)
  async check(@Req() req: Request, @Res() res: Response, @UploadedFile() file: UploadedPart | undefined, @Body() body: Record<string, unknown> = {}, @Query() query: Record<string, unknown> = {}) {
    const me = this.signedIn(req, res, body);
    if (!me) return;
    // A draft handed over by the import page (/ke-hoach/nhap) comes as a text field instead of a file.
    const handed = !file?.size && typeof body.yaml === 'string' && body.yaml.trim() ? body.yaml.replace(/^\r?\n/, '') : undefined;
    if (!file?.size && handed === undefined) {
      privatePage(res, 422);
      res.send(planStartPage(me.auth, me.csrf, vi.web.planStart.fileRequired));
      return;
    }
    const text = handed ?? file!.buffer.toString('utf8');
    const c = await this.starts.check(me.auth.user, text, handed !== undefined ? plainName(typeof body.name === 'string' ? body.name : '') : uploadedName(file!.originalname));
    const asked = previewPageOf(query);
    const pages = c.ok ? Math.max(1, Math.ceil(c.instances.length / asked.at.size)) : 1;
    const bad = asked.bad || asked.at.page > pages;
    const at = bad ? { page: 1, size: asked.at.size } : asked.at;
    privatePage(res, !c.ok || bad ? 422 : c.refusal ? 403 : 200);
    res.send(planCheckPage(me.auth, me.csrf, c, text, { page: at, pageProblem: bad ? fill(vi.web.planStart.previewBadPage, { pages, max: PREVIEW_SIZE.max }) : undefined }));
  }

  @Post('trien-khai')
  @UseInterceptors(UPLOAD)
  async start(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown> = {}) {
    const me = this.signedIn(req, res, body);
    if (!me) return;
    const text = typeof body.yaml === 'string' ? body.yaml : '';
    const name = plainName(typeof body.name === 'string' ? body.name : '');
    const choice: StartChoice = {
      real: body.mode === 'real',
      speed: typeof body.speed === 'string' && body.speed.trim() ? Number(body.speed) : undefined,
      planStart: typeof body.planStart === 'string' && body.planStart.trim() ? isoFromVi(body.planStart) : undefined,
    };
    const problems = choiceProblems(choice).map((k) => vi.web.planStart[k]);
    const c = problems.length ? await this.starts.check(me.auth.user, text, name) : await this.starts.start(me.auth.user, text, name, choice);
    if (!c.ok || c.refusal || problems.length) {
      privatePage(res, !c.ok || problems.length ? 422 : 403);
      res.send(planCheckPage(me.auth, me.csrf, c, text, { choice, problems }));
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, `/plans/${encodeURIComponent(c.plan.id)}`);
  }
}
