import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { API_ROUTE_ACCESS, type RouteAccess } from '../../apps/api/src/auth/api-routes.js';
import { ApiTokenRepository, hashToken, newApiToken, PlanRepository, StaffRepository } from '#libs/database/src/index.js';
import { rehearsalClock, startOfLocalDay, type AccessReason, type PlanSpec } from '#libs/domain/src/index.js';
import { runCli } from '../utils/cli.js';
import { csrfHeader, sessionCookie } from '../utils/sessions.js';
import { seedPlanI01, seedPlanI01WithVillages, startStack, type Stack } from '../utils/stack.js';

// Test files share one Temporal server and workflow ids are business ids: plans under ids of this file's own.
const tag = randomBytes(3).toString('hex');
const PLANS = { A: `HG-AUTHZ-${tag}`, B: `NA-AUTHZ-${tag}`, C: `HG-2025-AUTHZ-${tag}` } as const;
type PlanKey = keyof typeof PLANS;

/**
 * Plan B: the seed plan's item I01 for another commune (xã Nga An) of another district (Nga Sơn), with its own people
 * and district monitor; the province and its monitor are the same as Hà Giang's.
 */
const otherCommune = (id: string): PlanSpec => {
  let json = JSON.stringify(seedPlanI01WithVillages(id));
  for (const [from, to] of [
    ['ha_giang', 'nga_an'],
    ['hagiang', 'ngaan'],
    ['ha_trung', 'nga_son'],
    ['hatrung', 'ngason'],
    ['Hà Giang', 'Nga An'],
    ['Hà Trung', 'Nga Sơn'],
  ])
    json = json.replaceAll(from, to);
  return JSON.parse(json) as PlanSpec;
};

/** Who asks, and how. */
type Auth = { none: true } | { session: string } | { header: string } | { bearer: string };
/** What a principal holds in a plan: its roles there, a village for a village role, and whether it only watches. */
interface Seat {
  roles: string[];
  village?: string;
  monitor?: boolean;
}
/** A principal of the matrix: its credential and, per plan, its seat or why it is refused there (absent: no role). */
interface Who {
  name: string;
  auth: () => Auth;
  plans: Partial<Record<PlanKey, Seat | { refused: AccessReason }>>;
  /** Refused before anything else: 401 with this reason (nobody, a token that does not count). */
  unauthenticated?: string;
  /** Every write refused with this reason, whatever the plan (an API token). */
  readOnly?: AccessReason;
  /** An administrator of the web app (made with the CLI): the admin routes let it through. */
  admin?: boolean;
}

/** One step a route is called on: its plan, id, village and an evidence file uploaded to it. */
interface StepTarget {
  plan: PlanKey;
  step: string;
  unit: string | null;
  file?: string;
}
const STEPS: Record<'commune' | 'communeB' | 'village03' | 'village05', StepTarget> = {
  commune: { plan: 'A', step: 'I01.5', unit: null },
  communeB: { plan: 'B', step: 'I01.5', unit: null },
  village03: { plan: 'A', step: 'I01.4-thon_03', unit: 'thon_03' },
  village05: { plan: 'A', step: 'I01.4-thon_05', unit: 'thon_05' },
};
/** The assignee and approver of each target step (from the seed plan). */
const SEATS: Record<string, { assignee: string; approver: string | null }> = {
  'I01.5': { assignee: 'finance_officer', approver: 'vice_chair_vhxh' },
  'I01.4-thon_03': { assignee: 'village_head', approver: null },
  'I01.4-thon_05': { assignee: 'village_head', approver: null },
};
const MANAGERS = ['vice_chair_vhxh', 'chairman'];

/**
 * Every route of /api/v1, with a request that changes nothing whoever is let through: reads, writes with a body the
 * validation refuses (422, checked after authorization), an approval of a step that is not submitted (the workflow's
 * validator answers). `duty`: the role the step action asks for (a function-level check after the data-level one).
 */
interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  action: RouteAccess;
  on: 'none' | 'plan' | 'planRun' | 'step' | 'communeStep';
  ok: number;
  body?: unknown;
  duty?: { role: (t: StepTarget) => string | null; code: string };
}
const ROUTES: Route[] = [
  { method: 'GET', path: '/api/v1/plans', action: 'list_plans', on: 'none', ok: 200 },
  { method: 'GET', path: '/api/v1/me', action: 'list_plans', on: 'none', ok: 200 },
  { method: 'GET', path: '/api/v1/my-work', action: 'list_plans', on: 'none', ok: 200 },
  { method: 'GET', path: '/api/v1/approvals', action: 'list_plans', on: 'none', ok: 200 },
  { method: 'GET', path: '/api/v1/plans/:planId/status', action: 'read_plan', on: 'plan', ok: 200 },
  { method: 'GET', path: '/api/v1/plans/:planId/steps', action: 'read_plan', on: 'plan', ok: 200 },
  { method: 'GET', path: '/api/v1/plans/:planId/roles', action: 'read_plan', on: 'plan', ok: 200 },
  { method: 'GET', path: '/api/v1/plans/:planId/dashboard', action: 'read_plan', on: 'plan', ok: 200 },
  { method: 'GET', path: '/api/v1/monitoring', action: 'list_plans', on: 'none', ok: 200 },
  { method: 'GET', path: '/api/v1/monitoring.csv', action: 'list_plans', on: 'none', ok: 200 },
  { method: 'GET', path: '/api/v1/admin/tokens', action: 'admin', on: 'none', ok: 200 },
  { method: 'POST', path: '/api/v1/admin/tokens', action: 'admin', on: 'none', ok: 422, body: {} },
  { method: 'DELETE', path: '/api/v1/admin/tokens/:id', action: 'admin', on: 'none', ok: 422 }, // ':id' is no token id
  { method: 'GET', path: '/api/v1/admin/users', action: 'admin', on: 'none', ok: 200 },
  { method: 'GET', path: '/api/v1/plans/:planId/cases', action: 'read_plan', on: 'plan', ok: 200 },
  { method: 'GET', path: '/api/v1/plans/:planId/cases/:caseId', action: 'read_plan', on: 'planRun', ok: 404 }, // no case reported: CASE_NOT_FOUND
  { method: 'GET', path: '/api/v1/plans/:planId/steps.csv', action: 'export', on: 'planRun', ok: 200 },
  { method: 'GET', path: '/api/v1/plans/:planId/steps.xlsx', action: 'export', on: 'planRun', ok: 200 },
  { method: 'GET', path: '/api/v1/plans/:planId/reports/ket-qua.docx', action: 'export', on: 'planRun', ok: 200 },
  { method: 'POST', path: '/api/v1/plans/:planId/run', action: 'start_run', on: 'planRun', ok: 422, body: { speed: -1 } },
  { method: 'POST', path: '/api/v1/plans/:planId/cases', action: 'report_case', on: 'planRun', ok: 422, body: {} },
  { method: 'GET', path: '/api/v1/plans/:planId/steps/:stepId', action: 'read_step', on: 'step', ok: 200 },
  { method: 'GET', path: '/api/v1/plans/:planId/steps/:stepId/audit', action: 'read_step', on: 'step', ok: 200 },
  { method: 'GET', path: '/api/v1/plans/:planId/steps/:stepId/files', action: 'read_files', on: 'step', ok: 200 },
  { method: 'GET', path: '/api/v1/plans/:planId/steps/:stepId/files/:fileId', action: 'read_files', on: 'step', ok: 200 },
  { method: 'POST', path: '/api/v1/plans/:planId/steps/:stepId/submission', action: 'act_step', on: 'step', ok: 422, body: {} },
  {
    method: 'POST',
    path: '/api/v1/plans/:planId/steps/:stepId/approval',
    action: 'act_step',
    on: 'communeStep',
    ok: 409,
    body: {},
    duty: { role: (t) => SEATS[t.step].approver, code: 'ACTOR_NOT_APPROVER' },
  },
  { method: 'POST', path: '/api/v1/plans/:planId/steps/:stepId/rejection', action: 'act_step', on: 'step', ok: 422, body: {} },
  { method: 'POST', path: '/api/v1/plans/:planId/steps/:stepId/cancellation', action: 'act_step', on: 'step', ok: 422, body: {} },
  { method: 'POST', path: '/api/v1/plans/:planId/steps/:stepId/reassignment', action: 'act_step', on: 'step', ok: 422, body: {} },
  { method: 'POST', path: '/api/v1/plans/:planId/steps/:stepId/extension-request', action: 'act_step', on: 'step', ok: 422, body: {} },
  { method: 'POST', path: '/api/v1/plans/:planId/steps/:stepId/extension-decision', action: 'act_step', on: 'step', ok: 422, body: {} },
  {
    method: 'POST',
    path: '/api/v1/plans/:planId/steps/:stepId/files',
    action: 'act_step',
    on: 'step',
    ok: 422,
    body: {},
    duty: { role: (t) => SEATS[t.step].assignee, code: 'ACTOR_NOT_ASSIGNEE' },
  },
  { method: 'GET', path: '/api/v1/assessments', action: 'list_plans', on: 'none', ok: 200 },
  { method: 'GET', path: '/api/v1/plans/:planId/assessments', action: 'read_plan', on: 'plan', ok: 200 },
  { method: 'GET', path: '/api/v1/plans/:planId/assessments/:assessmentId', action: 'read_plan', on: 'planRun', ok: 404 }, // none opened: ASSESSMENT_NOT_FOUND
  { method: 'GET', path: '/api/v1/plans/:planId/assessments/:assessmentId/ho-so.docx', action: 'export', on: 'planRun', ok: 404 },
  { method: 'POST', path: '/api/v1/plans/:planId/assessments', action: 'draft_assessment', on: 'planRun', ok: 422, body: {} },
  {
    method: 'POST',
    path: '/api/v1/plans/:planId/assessments/:assessmentId/values',
    action: 'draft_assessment',
    on: 'planRun',
    ok: 422,
    body: {},
  },
  {
    method: 'POST',
    path: '/api/v1/plans/:planId/assessments/:assessmentId/submission',
    action: 'draft_assessment',
    on: 'planRun',
    ok: 404,
    body: {},
  },
  // Plan drafts: a draft id that does not exist (404), or a body the route refuses (422); these plans were loaded
  // without their plan file, so next year's draft is 409 PLAN_FILE_MISSING for whoever may ask.
  { method: 'POST', path: '/api/v1/plans/:planId/next-year-draft', action: 'start_run', on: 'planRun', ok: 409 },
  { method: 'POST', path: '/api/v1/plan-drafts', action: 'load_plans', on: 'none', ok: 422, body: {} },
  { method: 'GET', path: '/api/v1/plan-drafts', action: 'load_plans', on: 'none', ok: 200 },
  { method: 'GET', path: '/api/v1/plan-drafts/:draftId', action: 'load_plans', on: 'none', ok: 404 },
  { method: 'PUT', path: '/api/v1/plan-drafts/:draftId', action: 'load_plans', on: 'none', ok: 422, body: {} },
  { method: 'DELETE', path: '/api/v1/plan-drafts/:draftId', action: 'load_plans', on: 'none', ok: 404 },
  { method: 'POST', path: '/api/v1/plan-drafts/:draftId/validation', action: 'load_plans', on: 'none', ok: 422, body: {} },
  { method: 'GET', path: '/api/v1/plan-drafts/:draftId/preview', action: 'load_plans', on: 'none', ok: 404 },
  { method: 'GET', path: '/api/v1/plan-drafts/:draftId/plan.yaml', action: 'load_plans', on: 'none', ok: 404 },
  { method: 'POST', path: '/api/v1/plan-drafts/:draftId/start', action: 'load_plans', on: 'none', ok: 422, body: {} },
];
/** A draft id no draft has. */
const NO_DRAFT = '00000000-0000-4000-8000-000000000000';

/** One cell of the matrix: a request and the answer the tables above expect. */
interface Cell {
  route: Route;
  url: string;
  plan?: PlanKey;
  target: string;
  status: number;
  code?: string;
  reason?: string;
}

const isWrite = (a: RouteAccess) => ['act_step', 'report_case', 'draft_assessment', 'start_run', 'admin'].includes(a);
const refused = (status: 401 | 403, reason: string): Pick<Cell, 'status' | 'code' | 'reason'> => ({
  status,
  reason,
  code:
    status === 401
      ? reason.startsWith('TOKEN_')
        ? 'TOKEN_INVALID'
        : 'ACTOR_REQUIRED'
      : reason === 'NO_ROLE_IN_PLAN'
        ? 'ACTOR_UNKNOWN'
        : 'ACCESS_DENIED',
});

/** What the tables say `who` gets for `route` on a plan (and a step of it). */
function expected(who: Who, route: Route, plan: PlanKey | undefined, step?: StepTarget): Pick<Cell, 'status' | 'code' | 'reason'> {
  if (who.unauthenticated) return refused(401, who.unauthenticated);
  if (route.action === 'admin') return who.admin ? { status: route.ok } : refused(403, 'NOT_ADMIN');
  // Drafts: people who manage (chairman, approving vice-chairman, at the commune) a loaded plan; a token only reads.
  if (route.action === 'load_plans') {
    if (who.readOnly) return refused(403, who.readOnly);
    const manages =
      !('header' in who.auth()) &&
      Object.values(who.plans).some((p) => p && 'roles' in p && !p.village && !p.monitor && p.roles.some((r) => MANAGERS.includes(r)));
    return manages ? { status: route.ok } : refused(403, 'NOT_PLAN_LOADER');
  }
  if (route.action === 'list_plans' || !plan) return { status: route.ok };
  if (isWrite(route.action) && who.readOnly) return refused(403, who.readOnly);
  const seat = who.plans[plan] ?? { refused: 'NO_ROLE_IN_PLAN' as const };
  if ('refused' in seat) return refused(403, seat.refused);
  const otherVillage = !!seat.village && step !== undefined && step.unit !== seat.village;
  if (route.action === 'read_files' && otherVillage) return refused(403, 'OUTSIDE_VILLAGE');
  if (isWrite(route.action) && seat.monitor) return refused(403, 'MONITOR_READ_ONLY');
  if (route.action === 'act_step' && otherVillage) return refused(403, 'OUTSIDE_VILLAGE');
  if (route.action === 'draft_assessment' && seat.village) return refused(403, 'VILLAGE_ROLE');
  if (route.action === 'start_run' && !seat.roles.some((r) => MANAGERS.includes(r))) return refused(403, 'NOT_PLAN_MANAGER');
  const duty = route.duty && step ? route.duty.role(step) : undefined;
  if (route.duty && !seat.roles.includes(duty ?? '')) return { status: 403, code: route.duty.code };
  return { status: route.ok };
}

/**
 * The authorization matrix against the real stack: each principal × each route of /api/v1 × its own plan, another
 * commune's plan, and (for village roles) its own and another village's step, each answer compared with the tables
 * above. Plans: A (xã Hà Giang, huyện Hà Trung) and B (xã Nga An, huyện Nga Sơn) run at plan date 2023; C is Hà
 * Giang's plan at plan date 01/07/2025, after the district left (its run clock is written straight through
 * PlanRepository, with no workflows: only its reads are asked for).
 *
 * Sessions of the matrix are made straight through the repositories (a sign-in token stored and used, as the mailed
 * link would), except the finance officer's, who signs in through the real pages and mail.
 */
describe('authorization matrix: role × route × own/other unit', () => {
  let s: Stack;
  const cookies: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const files: Record<string, string> = {};

  const sessionFor = (email: string): Promise<string> => sessionCookie(s.ds, email);
  /** Signs in as a person does: the form, the mailed link, its page, the button. */
  const signInByMail = async (email: string): Promise<string> => {
    const form = (f: Record<string, string>) => ({
      method: 'POST',
      redirect: 'manual' as const,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(f).toString(),
    });
    expect((await fetch(`${s.baseUrl}/dang-nhap`, form({ email }))).status).toBe(200);
    const mail = await s.waitForMail((m) => m.to.includes(email) && m.subject.startsWith('[Đăng nhập]'));
    const t = mail.text.match(/\/dang-nhap\/xac-nhan\?t=([A-Za-z0-9_-]{43})/)![1];
    const done = await fetch(`${s.baseUrl}/dang-nhap/xac-nhan`, form({ t }));
    expect(done.status).toBe(303);
    return done.headers.get('set-cookie')!.split(';')[0];
  };
  const tokenFor = async (name: string, unitId: string, o: { planId?: string; expiresAt?: Date } = {}) => {
    const raw = newApiToken();
    const row = await new ApiTokenRepository(s.ds).create({
      name,
      tokenHash: hashToken(raw),
      unitId,
      planId: o.planId ?? null,
      expiresAt: o.expiresAt ?? null,
    });
    return { raw, id: row.id };
  };
  const send = async (auth: Auth, method: string, url: string, body?: unknown) => {
    const headers: Record<string, string> = body !== undefined ? { 'content-type': 'application/json' } : {};
    if ('session' in auth) {
      headers.cookie = auth.session;
      if (method !== 'GET') Object.assign(headers, csrfHeader(auth.session));
    }
    if ('header' in auth) headers['x-dondoc-actor'] = auth.header;
    if ('bearer' in auth) headers.authorization = `Bearer ${auth.bearer}`;
    const r = await fetch(`${s.baseUrl}${url}`, { method, headers, body: body !== undefined ? JSON.stringify(body) : undefined });
    const text = await r.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* a file */
    }
    return { status: r.status, body: parsed };
  };

  const commune = (roles: string[], village?: string): Seat => ({ roles, village });
  const WHO: Who[] = [
    { name: 'anonymous', auth: () => ({ none: true }), plans: {}, unauthenticated: 'NO_CREDENTIALS' },
    { name: 'chairman of A', auth: () => ({ session: cookies.chairmanA }), plans: { A: commune(['chairman']), C: commune(['chairman']) } },
    {
      name: 'vice-chairman of A (approver)',
      auth: () => ({ session: cookies.viceA }),
      plans: { A: commune(['vice_chair_vhxh']), C: commune(['vice_chair_vhxh']) },
    },
    {
      name: 'finance officer of A (signed in by mail)',
      auth: () => ({ session: cookies.financeA }),
      plans: { A: commune(['finance_officer']), C: commune(['finance_officer']) },
    },
    {
      name: 'village head of A, thôn 03',
      auth: () => ({ session: cookies.head03 }),
      plans: { A: commune(['village_head'], 'thon_03'), C: commune(['village_head'], 'thon_03') },
    },
    {
      name: 'district monitor of Hà Trung',
      auth: () => ({ session: cookies.district }),
      plans: { A: { roles: ['district_monitor'], monitor: true }, C: { refused: 'ROLE_NOT_VALID_ON_DATE' } },
    },
    {
      name: 'province monitor',
      auth: () => ({ session: cookies.province }),
      plans: {
        A: { refused: 'ROLE_NOT_VALID_ON_DATE' },
        B: { refused: 'ROLE_NOT_VALID_ON_DATE' },
        C: { roles: ['province_monitor'], monitor: true },
      },
    },
    { name: 'chairman of B (another commune)', auth: () => ({ session: cookies.chairmanB }), plans: { B: commune(['chairman']) } },
    // An administrator of the web app, made with the CLI: the admin routes, and no plan.
    { name: 'administrator (user admin, no role)', auth: () => ({ session: cookies.admin }), plans: {}, admin: true },
    // The development header: that role of whichever plan the URL names.
    {
      name: 'X-Dondoc-Actor: finance_officer',
      auth: () => ({ header: 'finance_officer' }),
      plans: { A: commune(['finance_officer']), B: commune(['finance_officer']), C: commune(['finance_officer']) },
    },
    {
      name: 'API token of xã Hà Giang (made with the CLI)',
      auth: () => ({ bearer: tokens.commune }),
      readOnly: 'TOKEN_READ_ONLY',
      plans: { A: { roles: [] }, B: { refused: 'TOKEN_OUTSIDE_SCOPE' }, C: { refused: 'TOKEN_UNIT_NOT_VALID_ON_DATE' } },
    },
    {
      name: 'API token of huyện Hà Trung',
      auth: () => ({ bearer: tokens.district }),
      readOnly: 'TOKEN_READ_ONLY',
      plans: { A: { roles: [] }, B: { refused: 'TOKEN_OUTSIDE_SCOPE' }, C: { refused: 'TOKEN_UNIT_NOT_VALID_ON_DATE' } },
    },
    {
      name: 'API token of tỉnh Thanh Hóa',
      auth: () => ({ bearer: tokens.province }),
      readOnly: 'TOKEN_READ_ONLY',
      plans: { A: { roles: [] }, B: { roles: [] }, C: { roles: [] } },
    },
    {
      name: 'API token of tỉnh Thanh Hóa for plan B only',
      auth: () => ({ bearer: tokens.provinceB }),
      readOnly: 'TOKEN_READ_ONLY',
      plans: { A: { refused: 'TOKEN_OUTSIDE_SCOPE' }, B: { roles: [] }, C: { refused: 'TOKEN_OUTSIDE_SCOPE' } },
    },
    { name: 'revoked API token', auth: () => ({ bearer: tokens.revoked }), plans: {}, unauthenticated: 'TOKEN_REVOKED' },
    { name: 'expired API token', auth: () => ({ bearer: tokens.expired }), plans: {}, unauthenticated: 'TOKEN_EXPIRED' },
    { name: 'unknown API token', auth: () => ({ bearer: newApiToken() }), plans: {}, unauthenticated: 'TOKEN_UNKNOWN' },
  ];

  /** Every cell of a principal's row, from the route table: plan routes on A, B, C (C only for plan reads), step routes on the four steps. */
  const cellsOf = (who: Who): Cell[] =>
    ROUTES.flatMap((route): Cell[] => {
      const fill = (plan: PlanKey, step?: StepTarget) =>
        route.path
          .replace(':planId', PLANS[plan])
          .replace(':stepId', step?.step ?? '')
          .replace(':caseId', 'VV01')
          .replace(':assessmentId', 'DG2024')
          .replace(':fileId', step ? files[`${plan}:${step.step}`] : '');
      switch (route.on) {
        case 'none':
          return [{ route, url: route.path.replace(':draftId', NO_DRAFT), target: '-', ...expected(who, route, undefined) }];
        case 'plan':
        case 'planRun':
          return (route.on === 'plan' ? (['A', 'B', 'C'] as const) : (['A', 'B'] as const)).map((plan) => ({
            route,
            url: fill(plan),
            plan,
            target: plan,
            ...expected(who, route, plan),
          }));
        case 'step':
        case 'communeStep':
          return Object.entries(STEPS)
            .filter(([, t]) => route.on === 'step' || t.unit === null)
            .map(([name, t]) => ({ route, url: fill(t.plan, t), plan: t.plan, target: name, ...expected(who, route, t.plan, t) }));
      }
    });

  beforeAll(async () => {
    s = await startStack({ rateLimitPerMin: 1_000_000 });
    await s.startWorker();
    await s.loadPlan(seedPlanI01WithVillages(PLANS.A));
    await s.loadPlan(otherCommune(PLANS.B));
    await s.loadPlan(seedPlanI01(PLANS.C));
    await new PlanRepository(s.ds).markRunStarted(s.ds.manager, PLANS.C, rehearsalClock(startOfLocalDay('2025-07-01'), new Date(), 1));
    for (const plan of [PLANS.A, PLANS.B]) expect((await s.runPlan(plan, { speed: 1, planStart: '2023-04-03' })).status).toBe(200);
    // One evidence file on each target step, so that downloading one is a read like any other.
    for (const t of Object.values(STEPS)) {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from(`minh chứng ${t.step}`)], { type: 'text/plain' }), 'minh-chung.txt');
      const r = await fetch(`${s.baseUrl}/api/v1/plans/${PLANS[t.plan]}/steps/${t.step}/files`, {
        method: 'POST',
        body: form,
        headers: { 'x-dondoc-actor': SEATS[t.step].assignee },
      });
      expect(r.status).toBe(201);
      files[`${t.plan}:${t.step}`] = ((await r.json()) as { id: string }).id;
    }
    cookies.chairmanA = await sessionFor('chu-tich@hagiang.example.org');
    cookies.viceA = await sessionFor('pct-vhxh@hagiang.example.org');
    cookies.financeA = await signInByMail('taichinh@hagiang.example.org');
    cookies.head03 = await sessionFor('truongthon-03@hagiang.example.org');
    cookies.district = await sessionFor('tre-em@hatrung-ldtbxh.example.org');
    cookies.province = await sessionFor('btxh-te@syt-thanhhoa.example.org');
    cookies.chairmanB = await sessionFor('chu-tich@ngaan.example.org');
    expect(runCli({ DATABASE_URL: s.db.url }, 'user', 'add', 'quantri@hagiang.example.org', '--name', 'Quản trị viên')).toMatchObject({
      code: 0,
    });
    expect(runCli({ DATABASE_URL: s.db.url }, 'user', 'admin', 'quantri@hagiang.example.org')).toMatchObject({
      code: 0,
      stdout: 'quantri@hagiang.example.org đã là quản trị viên\n',
    });
    cookies.admin = await sessionFor('quantri@hagiang.example.org');
    // The commune's token through the admin CLI, as an administrator makes one; the others straight in the table.
    const cli = runCli({ DATABASE_URL: s.db.url }, 'token', 'create', '--name', 'Cổng dữ liệu xã Hà Giang', '--unit', 'ubnd_xa_ha_giang');
    expect(cli).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ddt_[A-Za-z0-9_-]{43}\n$/) });
    tokens.commune = cli.stdout.trim();
    tokens.district = (await tokenFor('Phòng LĐTB&XH Hà Trung', 'huyen_ha_trung')).raw;
    tokens.province = (await tokenFor('Hệ thống Sở Y tế', 'tinh_thanh_hoa')).raw;
    tokens.provinceB = (await tokenFor('Sở Y tế, chỉ kế hoạch B', 'tinh_thanh_hoa', { planId: PLANS.B })).raw;
    const revoked = await tokenFor('Đã thu hồi', 'tinh_thanh_hoa');
    await new ApiTokenRepository(s.ds).revoke(revoked.id);
    tokens.revoked = revoked.raw;
    tokens.expired = (await tokenFor('Hết hạn', 'tinh_thanh_hoa', { expiresAt: new Date(Date.now() + 1000) })).raw;
    tokens.unused = (await tokenFor('Chưa dùng', 'tinh_thanh_hoa')).raw;
    await new Promise((r) => setTimeout(r, 1100));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('classifies every route of the API (the OpenAPI document) and the matrix calls each one', async () => {
    const doc = (await s.http('GET', '/api/docs-json')).body as {
      paths: Record<string, Record<string, unknown>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.components.securitySchemes.apiToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    const documented = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    expect(documented.length).toBeGreaterThan(20);
    expect(documented.filter((r) => !(r in API_ROUTE_ACCESS))).toEqual([]);
    expect(Object.keys(API_ROUTE_ACCESS).sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    for (const r of ROUTES)
      expect(`${r.method} ${r.path} ${API_ROUTE_ACCESS[`${r.method} ${r.path}`]}`).toBe(`${r.method} ${r.path} ${r.action}`);
  });

  let refusedCells = 0;
  for (const who of WHO) {
    it(`${who.name}: every route answers as the tables say`, async () => {
      const cells = cellsOf(who);
      const answers: string[] = [];
      for (let i = 0; i < cells.length; i += 8) {
        const batch = cells.slice(i, i + 8);
        const got = await Promise.all(batch.map((c) => send(who.auth(), c.route.method, c.url, c.route.body)));
        batch.forEach((c, j) => {
          const g = got[j];
          const want = `${c.status}${c.code ? ` ${c.code}` : ''}${c.reason ? ` ${c.reason}` : ''}`;
          const have = `${g.status}${c.code ? ` ${g.body?.code}` : ''}${c.reason ? ` ${g.body?.reason}` : ''}`;
          const where = `${c.route.method} ${c.route.path} on ${c.target}`;
          if (want !== have) answers.push(`${where}: expected ${want}, got ${have} ${JSON.stringify(g.body).slice(0, 200)}`);
          else if (c.reason && !/[\u00C0-\u1EF9]/.test(String(g.body?.message)))
            answers.push(`${where}: the message is not in Vietnamese: ${g.body?.message}`);
          if (c.reason && c.reason !== 'NO_CREDENTIALS') refusedCells++;
        });
      }
      expect(answers).toEqual([]);
      // The plan list shows exactly the plans this principal may read.
      if (!who.unauthenticated) {
        const list = await send(who.auth(), 'GET', '/api/v1/plans');
        const readable = (Object.keys(PLANS) as PlanKey[])
          .filter((k) => {
            const p = who.plans[k];
            return p && !('refused' in p);
          })
          .map((k) => PLANS[k]);
        expect((list.body as { id: string }[]).map((p) => p.id).sort()).toEqual(readable.sort());
      }
    });
  }

  it('wrote every refusal to the audit log: who, route, plan, step and reason; a token refused by itself too', async () => {
    const rows: {
      principal_kind: string;
      route: string;
      plan_id: string | null;
      step_id: string | null;
      code: string;
      reason: string;
      token_id: string | null;
      role_key: string | null;
    }[] = await s.ds.query(
      `SELECT principal_kind, route, plan_id, step_id, code, reason, token_id, role_key FROM access_refusal ORDER BY id`,
    );
    expect(refusedCells).toBeGreaterThan(300);
    expect(rows).toHaveLength(refusedCells);
    expect(rows).toContainEqual({
      principal_kind: 'user',
      route: '/api/v1/plans/:planId/steps/:stepId/submission',
      plan_id: PLANS.A,
      step_id: 'I01.4-thon_05',
      code: 'ACCESS_DENIED',
      reason: 'OUTSIDE_VILLAGE',
      token_id: null,
      role_key: null,
    });
    expect(rows).toContainEqual(
      expect.objectContaining({
        principal_kind: 'token',
        route: '/api/v1/plans/:planId/run',
        plan_id: PLANS.B,
        reason: 'TOKEN_READ_ONLY',
        token_id: expect.any(String),
      }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({
        principal_kind: 'token',
        route: '/api/v1/plans/:planId/status',
        reason: 'TOKEN_REVOKED',
        token_id: expect.any(String),
        plan_id: PLANS.B,
      }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({
        principal_kind: 'token',
        route: '/api/v1/plans',
        reason: 'TOKEN_EXPIRED',
        token_id: expect.any(String),
        plan_id: null,
      }),
    );
    expect(rows).toContainEqual(expect.objectContaining({ principal_kind: 'user', plan_id: PLANS.C, reason: 'ROLE_NOT_VALID_ON_DATE' }));
    // Who asked is named: the user, the token, the header's role.
    const [{ users }] = await s.ds.query(`SELECT count(DISTINCT user_id)::int AS users FROM access_refusal WHERE principal_kind = 'user'`);
    expect(users).toBe(8); // each signed-in user of the table is refused somewhere
    expect(rows.filter((r) => r.principal_kind === 'role').every((r) => r.role_key === 'finance_officer')).toBe(true);
  });

  it('notes when a token was last used, and only for the tokens that were', async () => {
    const rows: { name: string; used: boolean }[] = await s.ds.query(
      `SELECT name, last_used_at IS NOT NULL AS used FROM api_token ORDER BY name`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.name, r.used]))).toEqual({
      'Chưa dùng': false,
      'Cổng dữ liệu xã Hà Giang': true,
      'Đã thu hồi': false,
      'Hết hạn': false,
      'Hệ thống Sở Y tế': true,
      'Phòng LĐTB&XH Hà Trung': true,
      'Sở Y tế, chỉ kế hoạch B': true,
    });
  });

  it('a role given, taken back or a user disabled counts from the next request', async () => {
    const staff = new StaffRepository(s.ds);
    const status = `/api/v1/plans/${PLANS.A}/status`;
    const asB = { session: cookies.chairmanB };
    expect(await send(asB, 'GET', status)).toMatchObject({ status: 403, body: { code: 'ACTOR_UNKNOWN', reason: 'NO_ROLE_IN_PLAN' } });
    const user = (await staff.findByEmail('chu-tich@ngaan.example.org'))!;
    await s.ds.transaction((m) => staff.grant(m, user.id, PLANS.A, 'officer_culture', null, 'admin'));
    expect((await send(asB, 'GET', status)).status).toBe(200);
    expect((await send(asB, 'POST', `/api/v1/plans/${PLANS.A}/steps/I01.4-thon_05/submission`, {})).status).toBe(422);
    await staff.revoke(user.id, PLANS.A, 'officer_culture', null);
    expect((await send(asB, 'GET', status)).status).toBe(403);
    await staff.setActive('chu-tich@ngaan.example.org', false);
    expect(await send(asB, 'GET', `/api/v1/plans/${PLANS.B}/status`)).toMatchObject({ status: 401, body: { code: 'ACTOR_REQUIRED' } });
  });

  it('a refusal says why in Vietnamese, with its code and reason', async () => {
    const r = await send({ bearer: tokens.commune }, 'POST', `/api/v1/plans/${PLANS.A}/steps/I01.5/approval`, {});
    expect(r).toEqual({
      status: 403,
      body: { code: 'ACCESS_DENIED', reason: 'TOKEN_READ_ONLY', message: 'Mã truy cập API chỉ được đọc dữ liệu, không được thay đổi gì.' },
    });
    const late = await send({ session: cookies.district }, 'GET', `/api/v1/plans/${PLANS.C}/status`);
    expect(late.body).toEqual({
      code: 'ACCESS_DENIED',
      reason: 'ROLE_NOT_VALID_ON_DATE',
      message: `Vai trò của đồng chí trong kế hoạch ${PLANS.C} không có hiệu lực vào ngày 01/07/2025.`,
    });
    expect(await send({ none: true }, 'GET', `/api/v1/plans/${PLANS.A}/status`)).toMatchObject({
      status: 401,
      body: { code: 'ACTOR_REQUIRED', reason: 'NO_CREDENTIALS' },
    });
  });

  it("the web app's plan and step pages read the API under the same policy: nobody is asked to sign in, another commune is refused, the plan list has what one may read; the old pages lead to the app", async () => {
    const planPage = `/api/v1/plans/${PLANS.A}/dashboard`;
    const stepPage = `/api/v1/plans/${PLANS.A}/steps/I01.5`;
    // The chairman of B was disabled above: enabled again, with a new session.
    await new StaffRepository(s.ds).setActive('chu-tich@ngaan.example.org', true);
    cookies.chairmanB = await sessionFor('chu-tich@ngaan.example.org');
    const before = await s.ds.query(`SELECT count(*)::int AS n FROM access_refusal`);
    expect(await send({ none: true }, 'GET', stepPage)).toMatchObject({ status: 401, body: { code: 'ACTOR_REQUIRED' } });
    expect((await send({ none: true }, 'GET', planPage)).status).toBe(401);
    const other = await send({ session: cookies.chairmanB }, 'GET', planPage);
    expect(other.status).toBe(403);
    expect(other.body.message).toBe(`Đồng chí không giữ vai trò nào trong kế hoạch ${PLANS.A}.`);
    expect((await send({ session: cookies.chairmanB }, 'GET', stepPage)).status).toBe(403);
    expect((await send({ session: cookies.chairmanA }, 'GET', stepPage)).status).toBe(200);
    expect((await send({ session: cookies.chairmanA }, 'GET', planPage)).status).toBe(200);
    // Two refusals of someone signed in, logged.
    expect(await s.ds.query(`SELECT count(*)::int AS n FROM access_refusal`)).toEqual([{ n: before[0].n + 2 }]);
    const list = JSON.stringify((await send({ session: cookies.chairmanB }, 'GET', '/api/v1/plans')).body);
    expect(list).toContain(PLANS.B);
    expect(list).not.toContain(PLANS.A);
    expect((await send({ none: true }, 'GET', '/api/v1/plans')).status).toBe(401);
    // The old server pages' addresses answer 302 to the app, whoever asks: the app asks the API above.
    const moved = [
      ['/', '/app/'],
      ['/viec-cua-toi', '/app/'],
      ['/phe-duyet', '/app/phe-duyet'],
      ['/giam-sat', '/app/giam-sat'],
      [`/plans/${PLANS.A}`, `/app/ke-hoach/${PLANS.A}`],
      [`/plans/${PLANS.A}/steps/I01.5`, `/app/ke-hoach/${PLANS.A}/buoc/I01.5`],
      [
        `/plans/${encodeURIComponent('HG/2023 x')}/steps/I01.4-thon_03`,
        `/app/ke-hoach/${encodeURIComponent('HG/2023 x')}/buoc/I01.4-thon_03`,
      ],
    ];
    for (const [old, app] of moved) {
      const r = await fetch(`${s.baseUrl}${old}`, { redirect: 'manual', headers: { cookie: cookies.chairmanB } });
      expect({ old, status: r.status, location: r.headers.get('location') }).toEqual({ old, status: 302, location: app });
    }
  });
});
