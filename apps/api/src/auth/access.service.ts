import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import {
  AccessRefusalRepository,
  ApiTokenRepository,
  formToken,
  hashToken,
  sameToken,
  isApiTokenShape,
  PlanRepository,
  RunningPlans,
  StaffRepository,
  StepRepository,
  type ApiTokenRow,
  type PlanRow,
  type SignedInUser,
} from '#libs/database/src/index.js';
import {
  decideAccess,
  decideAdmin,
  formatViDate,
  localDateOf,
  planTimeAt,
  type AccessReason,
  type ErrorCode,
  type Membership,
  type Principal,
} from '#libs/domain/src/index.js';
import { ACTOR_HEADER } from '../common/actor.decorator.js';
import { fill, vi } from '../i18n/vi.js';
import type { RouteAccess } from './api-routes.js';
import { mayLoadPlans } from './plan-loaders.js';
import { authOf } from './session.js';

/** The purpose the app's CSRF token is derived for (formToken of the session): one token for every /api/v1 write. */
import { API_CSRF_PURPOSE } from '#libs/database/src/index.js';
export { API_CSRF_PURPOSE };
export const CSRF_HEADER = 'x-csrf-token';

/** Who asks, as found on the request. */
export type RequestPrincipal =
  { kind: 'user'; user: SignedInUser } | { kind: 'role'; roleKey: string } | { kind: 'token'; token: ApiTokenRow };

/** 401: nobody, or a credential that does not count. */
export type UnauthenticatedReason = 'NO_CREDENTIALS' | 'ACTOR_HEADER_DISABLED' | 'TOKEN_UNKNOWN' | 'TOKEN_REVOKED' | 'TOKEN_EXPIRED';
/** Why a request is refused: the policy's reasons, a route without a rule, or no principal. */
export type RefusalReason = AccessReason | 'ROUTE_NOT_CLASSIFIED' | 'CSRF_TOKEN_INVALID' | 'NOT_PLAN_LOADER' | UnauthenticatedReason;

/** What the API answers a refused request: 401 or 403 with `{ code, message (Vietnamese), reason }`. */
export interface AccessRefusal {
  status: 401 | 403;
  body: { code: ErrorCode; message: string; reason: RefusalReason };
}

/** What a route acts on, from its parameters. */
export interface AccessTargetRef {
  planId?: string;
  stepId?: string;
}

type AccessState = { principal?: RequestPrincipal; visiblePlanIds?: Set<string> };
type AccessRequest = Request & { dondocAccess?: AccessState };

const CODE_401: Record<UnauthenticatedReason, ErrorCode> = {
  NO_CREDENTIALS: 'ACTOR_REQUIRED',
  ACTOR_HEADER_DISABLED: 'ACTOR_HEADER_DISABLED',
  TOKEN_UNKNOWN: 'TOKEN_INVALID',
  TOKEN_REVOKED: 'TOKEN_INVALID',
  TOKEN_EXPIRED: 'TOKEN_INVALID',
};

const refusal = (status: 401 | 403, code: ErrorCode, reason: RefusalReason, vars: Record<string, string> = {}): AccessRefusal => ({
  status,
  body: { code, message: fill(vi.access.reasons[reason], vars), reason },
});

/** The plans of `plans` the guard found the request's principal may read (none when no guard ran: fail closed). */
export const visiblePlans = <T extends { id: string }>(req: Request, plans: T[]): T[] => {
  const ids = (req as AccessRequest).dondocAccess?.visiblePlanIds;
  return ids ? plans.filter((p) => ids.has(p.id)) : [];
};

/** The principal the guard found for the request (undefined when no guard ran). */
export const principalOf = (req: Request): RequestPrincipal | undefined => (req as AccessRequest).dondocAccess?.principal;

/**
 * Access to plans for one request: finds the principal (API token, then the X-Dondoc-Actor header, then the session),
 * reads the target plan, its date and the step's unit, and asks the domain policy. Memberships are read for every
 * request, so a role given or taken back counts at once. A refusal is written to `access_refusal` before it is
 * answered. AccessGuard calls it for every route of /api/v1; a page can call `check` for its own reads.
 */
@Injectable()
export class AccessService {
  constructor(
    @Inject(RunningPlans) private readonly running: RunningPlans,
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Inject(StepRepository) private readonly steps: StepRepository,
    @Inject(StaffRepository) private readonly staff: StaffRepository,
    @Inject(ApiTokenRepository) private readonly tokens: ApiTokenRepository,
    @Inject(AccessRefusalRepository) private readonly refusals: AccessRefusalRepository,
  ) {}

  /**
   * Whether the request may do `action` to the target; undefined when it may, else the refusal (already logged).
   * `route` names the route in the log (default: the request's path).
   */
  async check(
    req: Request,
    action: RouteAccess | undefined,
    target: AccessTargetRef,
    route = req.path,
  ): Promise<AccessRefusal | undefined> {
    const found = await this.principal(req, route, target);
    if ('status' in found) return found;
    const state = ((req as AccessRequest).dondocAccess ??= {});
    state.principal = found;
    const log = (r: AccessRefusal) => this.logRefusal(req, found, route, action ?? null, target, r);
    if (!action) return log(refusal(403, 'ACCESS_DENIED', 'ROUTE_NOT_CLASSIFIED'));
    if (action === 'admin') {
      // Administration names no plan: an administrator the CLI named, whoever else asks is refused.
      const principal: Principal =
        found.kind === 'user' ? { kind: 'user', userId: found.user.id, memberships: [] } : await this.domainPrincipal(found, '');
      const d = decideAdmin(principal, found.kind === 'user' && (await this.staff.isAdmin(found.user.id)));
      return d.allow ? undefined : log(refusal(403, d.code, d.reason));
    }
    if (action === 'list_plans') {
      state.visiblePlanIds = await this.visiblePlanIds(found);
      return undefined;
    }
    if (action === 'load_plans') {
      // Plans are loaded by people: a token only reads, the development header is a role and no person.
      if (found.kind === 'token') return log(refusal(403, 'ACCESS_DENIED', 'TOKEN_READ_ONLY'));
      if (found.kind !== 'user' || !(await mayLoadPlans(this.staff, this.plans, found.user.id)))
        return log(refusal(403, 'ACCESS_DENIED', 'NOT_PLAN_LOADER'));
      return undefined;
    }
    const plan = target.planId ? await this.running.find(target.planId) : undefined;
    if (!plan) return undefined; // the route answers 404 itself
    // The step's village matters to acting on it and to its evidence files only.
    const step =
      target.stepId && (action === 'act_step' || action === 'read_files') ? await this.steps.find(plan.id, target.stepId) : undefined;
    const date = planDate(plan);
    const d = decideAccess(await this.domainPrincipal(found, plan.id), action, {
      plan: plan.spec,
      stepUnitId: step ? step.unitId : undefined,
      date,
    });
    if (d.allow) return undefined;
    return log(refusal(403, d.code, d.reason, { plan: plan.id, date: formatViDate(date) }));
  }

  /**
   * A state-changing request authenticated by the session cookie alone must carry the session's CSRF token (GET
   * /api/v1/me) in X-CSRF-Token: 403 otherwise (logged). An API token or the development header is no cookie: not
   * concerned. Checked before anything is read for the route.
   */
  async csrfRefusal(req: Request, route: string, t: AccessTargetRef): Promise<AccessRefusal | undefined> {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return undefined;
    const auth = authOf(req);
    const raw = req.headers[ACTOR_HEADER];
    const header = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (req.headers.authorization !== undefined || header || !auth.user || !auth.sessionToken) return undefined;
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent === 'string' && sameToken(sent, formToken(auth.sessionToken, API_CSRF_PURPOSE))) return undefined;
    return this.logRefusal(req, { kind: 'user', user: auth.user }, route, null, t, refusal(403, 'ACCESS_DENIED', 'CSRF_TOKEN_INVALID'));
  }

  /** The principal of the request, or a 401 (logged when it is a token that does not count). */
  private async principal(req: Request, route: string, t: AccessTargetRef): Promise<RequestPrincipal | AccessRefusal> {
    const known = (req as AccessRequest).dondocAccess?.principal;
    if (known) return known;
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const raw = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
      const used: Awaited<ReturnType<ApiTokenRepository['use']>> = isApiTokenShape(raw)
        ? await this.tokens.use(hashToken(raw))
        : { refused: 'TOKEN_UNKNOWN' };
      if (!('refused' in used)) return { kind: 'token', token: used.token };
      const r = refusal(401, CODE_401[used.refused], used.refused);
      await this.refusals.record({
        principalKind: 'token',
        tokenId: used.token?.id,
        method: req.method,
        route,
        planId: t.planId,
        stepId: t.stepId,
        code: r.body.code,
        reason: r.body.reason,
      });
      return r;
    }
    const auth = authOf(req);
    const raw = req.headers[ACTOR_HEADER];
    const header = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (header)
      return auth.actorHeader ? { kind: 'role', roleKey: header } : refusal(401, 'ACTOR_HEADER_DISABLED', 'ACTOR_HEADER_DISABLED');
    if (auth.user) return { kind: 'user', user: auth.user };
    return refusal(401, 'ACTOR_REQUIRED', 'NO_CREDENTIALS');
  }

  /** The principal as the policy sees it, for one plan: a user's roles in that plan, read now. */
  private async domainPrincipal(p: RequestPrincipal, planId: string, held?: Membership[]): Promise<Principal> {
    switch (p.kind) {
      case 'user':
        return { kind: 'user', userId: p.user.id, memberships: held ?? (await this.staff.memberships(p.user.id, planId)) };
      case 'role':
        return { kind: 'role', roleKey: p.roleKey };
      case 'token':
        return { kind: 'token', tokenId: p.token.id, unitId: p.token.unitId, planId: p.token.planId };
    }
  }

  private async visiblePlanIds(p: RequestPrincipal): Promise<Set<string>> {
    const all = await this.plans.list();
    const held = p.kind === 'user' ? await this.staff.memberships(p.user.id) : [];
    const visible = new Set<string>();
    for (const plan of all) {
      const principal = await this.domainPrincipal(
        p,
        plan.id,
        held.filter((m) => m.planId === plan.id),
      );
      if (decideAccess(principal, 'read_plan', { plan: plan.spec, date: planDate(plan) }).allow) visible.add(plan.id);
    }
    return visible;
  }

  private async logRefusal(
    req: Request,
    p: RequestPrincipal,
    route: string,
    action: string | null,
    t: AccessTargetRef,
    r: AccessRefusal,
  ): Promise<AccessRefusal> {
    await this.refusals.record({
      principalKind: p.kind,
      userId: p.kind === 'user' ? p.user.id : null,
      tokenId: p.kind === 'token' ? p.token.id : null,
      roleKey: p.kind === 'role' ? p.roleKey : null,
      method: req.method,
      route,
      action,
      planId: t.planId ?? null,
      stepId: t.stepId ?? null,
      code: r.body.code,
      reason: r.body.reason,
    });
    return r;
  }
}

/**
 * The date validity is read on: the plan's own date while a run exists (a 2023 rehearsal is read as 2023, so its
 * district monitor keeps access, as its digests still go to the district), else today in Vietnam.
 */
export const planDate = (plan: Pick<PlanRow, 'clock'>, now = new Date()): string =>
  localDateOf(plan.clock ? planTimeAt(plan.clock, now) : now);
