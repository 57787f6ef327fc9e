import { Controller, Get, Header, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { holdsRole, STATUS_BUCKETS } from '../../../../libs/domain/src/index.js';
import { formatViDateTime } from '../../../../libs/domain/src/index.js';
import { vi } from '../i18n/vi.js';
import { PlansService } from '../plans/plans.service.js';
import { StepsService } from '../steps/steps.service.js';
import { ActorRolesService } from '../auth/actor-roles.service.js';
import { authOf } from '../auth/session.js';
import { AccessService, visiblePlans, type AccessTargetRef } from '../auth/access.service.js';
import type { RouteAccess } from '../auth/api-routes.js';
import { scriptTag, SCRIPT, SCRIPT_PATH } from './client-script.js';
import { DashboardService } from './dashboard.service.js';
import { html, page } from './html.js';
import { siteNav as nav } from './nav.js';
import { planDashboard } from './plan-dashboard.js';

/** Server-rendered pages in Vietnamese over the same services as the API. */
@ApiExcludeController()
@Controller()
export class WebController {
  constructor(
    @Inject(PlansService) private readonly plans: PlansService,
    @Inject(StepsService) private readonly steps: StepsService,
    @Inject(ActorRolesService) private readonly roles: ActorRolesService,
    @Inject(DashboardService) private readonly dashboards: DashboardService,
    @Inject(AccessService) private readonly access: AccessService,
  ) {}

  /** The pages' one script (see client-script.ts): a file of this site, as the CSP requires. */
  @Get(SCRIPT_PATH.slice(1))
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  script() {
    return SCRIPT;
  }

  /**
   * The pages follow the API's access policy: a refusal (logged like the API's) becomes a page with the status and
   * the reason, and, for nobody signed in, a link to sign in and come back.
   */
  private async refused(req: Request, res: Response, action: RouteAccess, target: AccessTargetRef, route: string, here: string): Promise<string | undefined> {
    const r = await this.access.check(req, action, target, route);
    if (!r) return undefined;
    res.status(r.status);
    return page(vi.access.pageTitle, html`${nav(authOf(req), here)}<h1>${vi.access.pageTitle}</h1><p>${r.body.message}</p>
      ${r.status === 401 ? html`<p><a href="/dang-nhap?next=${encodeURIComponent(here)}">${vi.auth.signIn}</a></p>` : ''}`);
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async home(@Req() req: Request) {
    const refusal = await this.access.check(req, 'list_plans', {}, 'GET /');
    if (refusal?.status === 401) {
      return page(vi.home.title, html`${nav(authOf(req), '/')}<h1>${vi.home.title}</h1><p><a href="/dang-nhap?next=%2F">${vi.auth.signIn}</a></p>`);
    }
    const plans = visiblePlans(req, await this.plans.list());
    const rows = plans.map(
      (p) => html`<tr><td><a href="/plans/${encodeURIComponent(p.id)}">${p.title}</a><br><small>${p.issuer} · ${vi.plan.number} ${p.number}</small></td>
      <td>${p.runStartedAt ? `${vi.home.started} ${formatViDateTime(new Date(p.runStartedAt))}` : vi.home.notStarted}</td>
      ${STATUS_BUCKETS.map((b) => html`<td class="b-${b}">${p.buckets[b].label}: <b>${p.buckets[b].count}</b></td>`)}</tr>`,
    );
    return page(vi.home.title, html`${nav(authOf(req), '/')}<h1>${vi.home.title}</h1>${plans.length ? html`<div class="scroll"><table>${rows}</table></div>` : html`<p>${vi.home.noPlans}</p>`}`);
  }

  @Get('plans/:planId')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async plan(@Param('planId') planId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const refusal = await this.refused(req, res, 'read_plan', { planId }, 'GET /plans/:planId', `/plans/${encodeURIComponent(planId)}`);
    if (refusal) return refusal;
    const s = await this.plans.status(planId);
    const frame = await this.dashboards.planFrame(planId);
    const summary = STATUS_BUCKETS.map((b) => html`<li class="b-${b}">${s.buckets[b].label}: <b>${s.buckets[b].count}</b></li>`);
    const rows = s.steps.map(
      (st) => html`<tr class="b-${st.bucket}"><td data-label="#"><a href="/plans/${encodeURIComponent(planId)}/steps/${encodeURIComponent(st.stepId)}">${st.stepId}</a></td>
      <td data-label="${vi.plan.step}">${st.title}</td><td data-label="${vi.plan.assignee}">${st.assignee}</td><td data-label="${vi.plan.approver}">${st.approver ?? ''}</td>
      <td data-label="${vi.plan.due}">${st.dueDateVi}</td><td data-label="${vi.plan.state}">${st.stateLabel}</td><td data-label="${vi.plan.bucket}">${st.bucketLabel}</td></tr>`,
    );
    return page(s.title, html`${nav(authOf(req), `/plans/${encodeURIComponent(planId)}`)}<h1>${s.title}</h1><p>${s.issuer} · ${vi.plan.number} ${s.number}${s.planNow ? html` · ${vi.plan.planNow}: ${formatViDateTime(new Date(s.planNow))}` : ''}</p>
      <ul>${summary}</ul><p>${vi.plan.total}: ${s.stepCount}</p>
      <p>${vi.plan.downloads}: <a href="/api/v1/plans/${encodeURIComponent(planId)}/reports/ket-qua.docx">${vi.plan.reportDocx}</a>
      · <a href="/api/v1/plans/${encodeURIComponent(planId)}/steps.xlsx">${vi.plan.stepsXlsx}</a>
      · <a href="/api/v1/plans/${encodeURIComponent(planId)}/steps.csv">${vi.plan.stepsCsv}</a>
      · <a href="/plans/${encodeURIComponent(planId)}/danh-gia">${vi.web.assessment.listTitle}</a></p>
      ${planDashboard(s, frame.spec, frame.today)}
      <div class="scroll"><table class="stack"><thead><tr><th>#</th><th>${vi.plan.step}</th><th>${vi.plan.assignee}</th><th>${vi.plan.approver}</th><th>${vi.plan.due}</th><th>${vi.plan.state}</th><th>${vi.plan.bucket}</th></tr></thead><tbody>${rows}</tbody></table></div>`);
  }

  @Get('plans/:planId/steps/:stepId')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async step(@Param('planId') planId: string, @Param('stepId') stepId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const refusal = await this.refused(req, res, 'read_step', { planId, stepId }, 'GET /plans/:planId/steps/:stepId', `/plans/${encodeURIComponent(planId)}/steps/${encodeURIComponent(stepId)}`);
    if (refusal) return refusal;
    const st = await this.steps.get(planId, stepId);
    const auth = authOf(req);
    const here = `/plans/${encodeURIComponent(planId)}/steps/${encodeURIComponent(stepId)}`;
    // Signed in: the forms of the roles the user holds for this step, sent with the session cookie. Otherwise, with
    // APP_ACTOR_HEADER=on (development), every form, acting as the role it names in the X-Dondoc-Actor header.
    const held = auth.user ? await this.roles.held(auth.user.id, planId) : [];
    const actAs = (role: string | null) =>
      !role ? null : auth.user ? (holdsRole(held, role, st.unitId) ? role : null) : auth.actorHeader ? role : null;
    const viaHeader = !auth.user && auth.actorHeader;
    const events = st.events.map((e) => html`<tr><td>${e.atVi}</td><td>${vi.events[e.kind as keyof typeof vi.events] ?? e.kind}</td><td>${e.by}</td><td>${e.note ?? ''}</td></tr>`);
    const api = `/api/v1/plans/${encodeURIComponent(planId)}/steps/${encodeURIComponent(stepId)}`;
    const form = (action: string, label: string, field: string, fieldLabel: string, role: string | null) => {
      const actor = actAs(role);
      return actor ? html`<form data-action="${api}/${action}" data-field="${field}"${viaHeader ? html` data-actor="${actor}"` : ''}><label>${fieldLabel}<br><textarea name="${field}" rows="2"></textarea></label>
        <button type="submit">${label}</button> <small>(${vi.step.actAs}: ${actor})</small></form>` : '';
    };
    const script = scriptTag();
    return page(`${st.stepId} – ${st.title}`, html`${nav(auth, here)}<h1>${st.stepId} – ${st.title}</h1>
      <p class="b-${st.bucket}">${vi.plan.state}: <b>${st.stateLabel}</b> · ${vi.plan.bucket}: <b>${st.bucketLabel}</b> · ${vi.plan.due}: ${st.dueDateVi}</p>
      <p>${vi.plan.assignee}: ${st.assignee} · ${vi.plan.approver}: ${st.approver ?? ''}</p>
      ${viaHeader ? html`<p><small>${vi.step.devNotice}</small></p>` : auth.user ? '' : html`<p><a href="/dang-nhap?next=${encodeURIComponent(here)}">${vi.auth.signInToAct}</a></p>`}
      ${st.state === 'assigned' || st.state === 'returned' ? form('submission', vi.step.submit, 'note', vi.step.evidenceNote, st.assignee) : ''}
      ${st.state === 'submitted' ? html`${form('approval', vi.step.approve, 'note', vi.step.note, st.approver)}${form('rejection', vi.step.reject, 'reason', vi.step.reason, st.approver)}` : ''}
      <h2>${vi.step.history}</h2><div class="scroll"><table><tr><th>${vi.step.time}</th><th></th><th>${vi.step.actor}</th><th>${vi.step.note}</th></tr>${events}</table></div>${script}`);
  }
}
