import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { formToken, sameToken } from '../../../../libs/database/src/index.js';
import { DomainError, isOpen, nextAssessmentYear, getCriteriaSet, DEFAULT_CRITERIA_SET } from '../../../../libs/domain/src/index.js';
import { AccessService, visiblePlans } from '../auth/access.service.js';
import { privatePage } from '../auth/auth-pages.js';
import { authOf } from '../auth/session.js';
import { AssessmentsService } from '../assessments/assessments.service.js';
import { vi } from '../i18n/vi.js';
import { PlansService } from '../plans/plans.service.js';
import { assessmentPage, assessmentPath, overviewPage, planAssessmentsPage } from './assessment.pages.js';
import { html, page } from './html.js';
import { siteNav, toSignIn } from './nav.js';

const PURPOSE = 'assessment';
const ID = /^DG\d{4}$/;

/** A typed value as the API takes it: empty → not known, có/không → yes/no, "98,5" → 98.5; anything else as typed, for the check to refuse. */
export function parseTyped(raw: string): number | boolean | null | string {
  const v = raw.trim();
  if (!v) return null;
  if (v === 'co') return true;
  if (v === 'khong') return false;
  const n = v.replace(/\s/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(n) ? Number(n) : v;
}

/**
 * The child-friendly commune assessment in the web app: the monitoring body's overview of its area, a plan's
 * assessments, and one assessment with its table; the commune's staff type the values and submit it. Forms post
 * back here with the session and a form token; the same access policy as the API decides.
 */
@ApiExcludeController()
@Controller()
export class AssessmentPagesController {
  constructor(
    @Inject(AssessmentsService) private readonly assessments: AssessmentsService,
    @Inject(PlansService) private readonly plans: PlansService,
    @Inject(AccessService) private readonly access: AccessService,
  ) {}

  /** Sends the refusal page and returns true when the request may not do `action`. */
  private async refused(req: Request, res: Response, action: 'read_plan' | 'draft_assessment' | 'list_plans', planId: string | undefined, route: string, here: string): Promise<boolean> {
    const r = await this.access.check(req, action, { planId }, route);
    if (!r) return false;
    if (r.status === 401 && req.method === 'GET') {
      toSignIn(res, here);
      return true;
    }
    privatePage(res, r.status);
    res.send(page(vi.access.pageTitle, html`${siteNav(authOf(req), here)}<h1>${vi.access.pageTitle}</h1><p>${r.body.message}</p>`));
    return true;
  }

  private csrf(req: Request): string | undefined {
    const auth = authOf(req);
    return auth.user && auth.sessionToken ? formToken(auth.sessionToken, PURPOSE) : undefined;
  }

  private async mayDraft(req: Request, planId: string): Promise<boolean> {
    const auth = authOf(req);
    if (!auth.user) return false;
    return !(await this.access.check(req, 'draft_assessment', { planId }, 'GET /plans/:planId/danh-gia (may draft)'));
  }

  /** A form post: signed in, with this page's form token; otherwise the refusal page is sent and false returned. */
  private async formOk(req: Request, res: Response, body: Record<string, unknown>, planId: string, route: string, here: string): Promise<boolean> {
    const auth = authOf(req);
    if (!auth.user) {
      privatePage(res, 401);
      res.send(page(vi.access.pageTitle, html`${siteNav(auth, here)}<p><a href="/dang-nhap?next=${encodeURIComponent(here)}">${vi.auth.signIn}</a></p>`));
      return false;
    }
    const csrf = this.csrf(req);
    if (!csrf || typeof body.csrf !== 'string' || !sameToken(body.csrf, csrf)) {
      privatePage(res, 403);
      res.send(page(vi.access.pageTitle, html`${siteNav(auth, here)}<p class="error">${vi.web.assessment.formInvalid}</p>`));
      return false;
    }
    return !(await this.refused(req, res, 'draft_assessment', planId, route, here));
  }

  @Get('danh-gia')
  async overview(@Query('year') year: string | undefined, @Req() req: Request, @Res() res: Response) {
    if (await this.refused(req, res, 'list_plans', undefined, 'GET /danh-gia', '/danh-gia')) return;
    const ids = visiblePlans(req, await this.plans.list()).map((p) => p.id);
    const y = year && /^\d{4}$/.test(year) ? Number(year) : undefined;
    privatePage(res, 200);
    res.send(overviewPage(authOf(req), await this.assessments.overview(ids, y)));
  }

  @Get('plans/:planId/danh-gia')
  async list(@Param('planId') planId: string, @Req() req: Request, @Res() res: Response) {
    const here = `/plans/${encodeURIComponent(planId)}/danh-gia`;
    if (await this.refused(req, res, 'read_plan', planId, 'GET /plans/:planId/danh-gia', here)) return;
    await this.renderList(req, res, planId, 200);
  }

  private async renderList(req: Request, res: Response, planId: string, status: number, error?: string) {
    const list = await this.assessments.list(planId);
    const plan = (await this.plans.list()).find((p) => p.id === planId);
    const set = getCriteriaSet(DEFAULT_CRITERIA_SET);
    const csrf = (await this.mayDraft(req, planId)) ? this.csrf(req) : undefined;
    privatePage(res, status);
    res.send(planAssessmentsPage(authOf(req), planId, plan?.title ?? planId, list, { csrf, error, nextYear: nextAssessmentYear(set, plan?.year ?? new Date().getFullYear()) }));
  }

  @Post('plans/:planId/danh-gia')
  async open(@Param('planId') planId: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const here = `/plans/${encodeURIComponent(planId)}/danh-gia`;
    if (!(await this.formOk(req, res, body ?? {}, planId, 'POST /plans/:planId/danh-gia', here))) return;
    const year = Number(typeof body.year === 'string' ? body.year.trim() : NaN);
    try {
      const a = await this.assessments.create({ user: authOf(req).user! }, planId, { year: Number.isInteger(year) ? year : 0 });
      res.redirect(303, assessmentPath(planId, a.assessmentId));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      await this.renderList(req, res, planId, err.code === 'VALIDATION_FAILED' ? 422 : 409, Object.values(err.details ?? {}).join('; ') || err.message);
    }
  }

  @Get('plans/:planId/danh-gia/:assessmentId')
  async show(@Param('planId') planId: string, @Param('assessmentId') assessmentId: string, @Query('da') done: string | undefined, @Req() req: Request, @Res() res: Response) {
    const here = assessmentPath(planId, assessmentId);
    if (await this.refused(req, res, 'read_plan', planId, 'GET /plans/:planId/danh-gia/:assessmentId', here)) return;
    if (!ID.test(assessmentId)) throw new DomainError('ASSESSMENT_NOT_FOUND', `No assessment ${assessmentId.slice(0, 40)}`);
    const message = done === 'luu' ? { text: vi.web.assessment.saved, ok: true } : done === 'trinh' ? { text: vi.web.assessment.submitted, ok: true } : undefined;
    await this.render(req, res, planId, assessmentId, 200, { message });
  }

  private async render(req: Request, res: Response, planId: string, assessmentId: string, status: number, o: { typed?: Record<string, string>; errors?: Record<string, string>; message?: { text: string; ok: boolean } } = {}) {
    const a = await this.assessments.get(planId, assessmentId);
    const editable = !!a.step && isOpen(a.step.state) && a.step.state !== 'submitted' && (await this.mayDraft(req, planId));
    privatePage(res, status);
    res.send(assessmentPage(authOf(req), a, { ...o, editable, csrf: editable ? this.csrf(req) : undefined }));
  }

  @Post('plans/:planId/danh-gia/:assessmentId')
  async save(@Param('planId') planId: string, @Param('assessmentId') assessmentId: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const here = assessmentPath(planId, assessmentId);
    if (!(await this.formOk(req, res, body ?? {}, planId, 'POST /plans/:planId/danh-gia/:assessmentId', here))) return;
    if (!ID.test(assessmentId)) throw new DomainError('ASSESSMENT_NOT_FOUND', `No assessment ${assessmentId.slice(0, 40)}`);
    const typed: Record<string, string> = {};
    for (const [k, v] of Object.entries(body ?? {})) if (k.startsWith('v_') && typeof v === 'string') typed[k.slice(2)] = v;
    try {
      await this.assessments.save({ user: authOf(req).user! }, planId, assessmentId, { values: Object.fromEntries(Object.entries(typed).map(([k, v]) => [k, parseTyped(v)])) });
      res.redirect(303, `${here}?da=luu`);
    } catch (err) {
      if (!(err instanceof DomainError) || (err.code !== 'VALIDATION_FAILED' && err.code !== 'ASSESSMENT_LOCKED')) throw err;
      const errors = Object.fromEntries(Object.entries(err.details ?? {}).map(([k, m]) => [k.replace(/^values\./, ''), m]));
      await this.render(req, res, planId, assessmentId, err.code === 'ASSESSMENT_LOCKED' ? 409 : 422, {
        typed, errors, message: { text: err.code === 'ASSESSMENT_LOCKED' ? vi.web.assessment.locked : vi.web.assessment.invalid, ok: false },
      });
    }
  }

  @Post('plans/:planId/danh-gia/:assessmentId/trinh')
  async submit(@Param('planId') planId: string, @Param('assessmentId') assessmentId: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const here = assessmentPath(planId, assessmentId);
    if (!(await this.formOk(req, res, body ?? {}, planId, 'POST /plans/:planId/danh-gia/:assessmentId/trinh', here))) return;
    if (!ID.test(assessmentId)) throw new DomainError('ASSESSMENT_NOT_FOUND', `No assessment ${assessmentId.slice(0, 40)}`);
    try {
      await this.assessments.submit({ user: authOf(req).user! }, planId, assessmentId, {});
      res.redirect(303, `${here}?da=trinh`);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const codes = vi.web.client.codes as Record<string, string>;
      await this.render(req, res, planId, assessmentId, 409, { message: { text: codes[err.code] ?? vi.web.client.failed, ok: false } });
    }
  }
}
