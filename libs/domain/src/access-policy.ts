// Who may do what to which plan: one pure decision for every route of the API (and any page that wants it). The
// HTTP edge finds the principal and the target and maps the decision to 401/403; nothing here reads a clock or a
// database, so every rule is a unit test.
import { stepManagers, type Membership } from './role-holders.js';
import type { ErrorCode } from './errors.js';
import { validOn, type PlanSpec } from './plan/plan.js';
import { unitSubtree } from './plan/unit-tree.js';

/** What a route does, as far as access goes. */
export const ACCESS_ACTIONS = [
  'read_plan',
  'read_step',
  'read_files',
  'act_step',
  'report_case',
  'draft_assessment',
  'start_run',
  'export',
  'admin',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

const READS: ReadonlySet<AccessAction> = new Set<AccessAction>(['read_plan', 'read_step', 'read_files', 'export']);
/** Reads change nothing: status, steps, history, evidence files, exports and reports. */
export const isReadAction = (a: AccessAction): boolean => READS.has(a);

/**
 * Who asks:
 * - `user`: a signed-in member of staff, with the roles they hold in the target plan (read per request, never cached,
 *   so a role given or taken back counts from the next request on);
 * - `role`: the X-Dondoc-Actor header of development and tests: that role, in the whole plan the URL names;
 * - `token`: an API token of an outside system: read-only, for a unit and everything under it (optionally one plan).
 */
export type Principal =
  | { kind: 'user'; userId: string; memberships: Membership[] }
  | { kind: 'role'; roleKey: string }
  | { kind: 'token'; tokenId: string; unitId: string; planId: string | null };

export type AccessPlan = Pick<PlanSpec, 'id' | 'issuer' | 'orgUnits' | 'roles' | 'policies'>;

export interface AccessTarget {
  plan: AccessPlan;
  /**
   * The unit of the step the route names: a village, or null for a step of the commune itself; undefined when the
   * route names no step (or names one that does not exist: the route then answers 404 itself).
   */
  stepUnitId?: string | null;
  /** The local date the validity of roles and units is read on: the plan's own date while it runs, else today. */
  date: string;
}

/** Why access is refused; each has a Vietnamese message (apps/api/src/i18n/vi.json `access.reasons`). */
export const ACCESS_REASONS = [
  'NO_ROLE_IN_PLAN',
  'ROLE_NOT_VALID_ON_DATE',
  'MONITOR_READ_ONLY',
  'OUTSIDE_VILLAGE',
  'NOT_PLAN_MANAGER',
  'VILLAGE_ROLE',
  'ADMIN_CLI_ONLY',
  'NOT_ADMIN',
  'TOKEN_READ_ONLY',
  'TOKEN_OUTSIDE_SCOPE',
  'TOKEN_UNIT_NOT_VALID_ON_DATE',
] as const;
export type AccessReason = (typeof ACCESS_REASONS)[number];

export type AccessDecision = { allow: true; roles: string[] } | { allow: false; reason: AccessReason; code: ErrorCode };

/** Someone with no role in the plan gets the code the step actions already use for that; every other refusal is ACCESS_DENIED. */
const deny = (reason: AccessReason): AccessDecision => ({
  allow: false,
  reason,
  code: reason === 'NO_ROLE_IN_PLAN' ? 'ACTOR_UNKNOWN' : 'ACCESS_DENIED',
});
const allow = (held: Membership[]): AccessDecision => ({ allow: true, roles: [...new Set(held.map((m) => m.roleKey))] });

/**
 * The roles of units outside the plan's commune: the monitoring body (the district's, later the province's staff).
 * They watch the plan and never act in it. A role held in every village counts as the commune's.
 */
export function outsideRoles(plan: Pick<PlanSpec, 'orgUnits' | 'issuer' | 'roles'>): Set<string> {
  const commune = new Set(unitSubtree(plan, plan.issuer.id) ?? [plan.issuer.id]);
  return new Set(
    Object.values(plan.roles)
      .filter((r) => !r.fanOut && !commune.has(r.unit))
      .map((r) => r.key),
  );
}

/** Those who run the plan as a whole (start its run): its approver and the one above (the vice-chairman, the chairman). */
export const planManagers = (plan: Pick<PlanSpec, 'policies'>): string[] => stepManagers(plan.policies.approval, null);

/**
 * Whether a unit can scope an API token for a plan: the plan's commune or a unit above it (a district, a province),
 * so that the token's subtree holds the whole plan. A village or a department beside the commune cannot.
 */
export const scopesPlan = (plan: Pick<PlanSpec, 'orgUnits' | 'issuer'>, unitId: string): boolean =>
  !!unitSubtree(plan, unitId)?.includes(plan.issuer.id);

/** A role of the whole plan reaches every step; a village role only its own village's. No step named: nothing to check. */
const reaches = (held: Membership[], stepUnitId: string | null | undefined): boolean =>
  stepUnitId === undefined || held.some((m) => m.unitId === null || m.unitId === stepUnitId);

/**
 * The rules:
 * - Staff (signed-in users, or the dev header's role) reach only plans in which they hold a role that is valid on
 *   the date (`valid_from`/`valid_to` of the role in the plan file): a commune's staff their commune's plans; the
 *   monitoring body the plans that name it, i.e. its area, and only while its role is valid — the district monitor
 *   loses access after 30/06/2025 of the plan's date, the province monitor gains it from 01/07/2025.
 * - Reading (status, steps, history, exports, reports) is open to every such role, village roles included: a village
 *   works to the commune's plan. Evidence files may name children, so a village role reads those of its own
 *   village's steps only.
 * - Acting on a step takes a role of the commune (not of a unit outside it, as the monitoring body's is), and for a
 *   village role a step of its village; which role may do which action (the assignee submits, the approver
 *   approves, …) is checked after this, by the step's workflow. Any such role may report a case; the plan's approver
 *   or chairman starts its run. The commune's staff (not a village role) draft its child-friendly assessment.
 * - Administration of roles and plans is done with the CLI, by whoever holds the database. API tokens and the list of
 *   users are also open in the web app to the administrators the CLI names (decideAdmin); never through this function.
 * - An API token reads, never writes, the plans whose commune lies in its unit's subtree (and only its plan, when it
 *   names one), while that unit is valid on the date.
 */
export function decideAccess(p: Principal, action: AccessAction, t: AccessTarget): AccessDecision {
  if (p.kind === 'token') return tokenAccess(p, action, t);
  if (action === 'admin') return deny('ADMIN_CLI_ONLY');
  const held = p.kind === 'role' ? [{ roleKey: p.roleKey, unitId: null }] : p.memberships;
  const known = held.filter((m) => Object.hasOwn(t.plan.roles, m.roleKey));
  if (!known.length) return deny('NO_ROLE_IN_PLAN');
  const valid = known.filter((m) => validOn(t.plan.roles[m.roleKey], t.date));
  if (!valid.length) return deny('ROLE_NOT_VALID_ON_DATE');
  if (isReadAction(action)) return action !== 'read_files' || reaches(valid, t.stepUnitId) ? allow(valid) : deny('OUTSIDE_VILLAGE');
  const outside = outsideRoles(t.plan);
  const acting = valid.filter((m) => !outside.has(m.roleKey));
  if (!acting.length) return deny('MONITOR_READ_ONLY');
  switch (action) {
    case 'act_step':
      return reaches(acting, t.stepUnitId) ? allow(acting.filter((m) => reaches([m], t.stepUnitId))) : deny('OUTSIDE_VILLAGE');
    case 'report_case':
      return allow(acting);
    case 'draft_assessment': {
      // The child-friendly commune assessment is the commune's own: a role held in every village does not draft it.
      const commune = acting.filter((m) => m.unitId === null && !t.plan.roles[m.roleKey]?.fanOut);
      return commune.length ? allow(commune) : deny('VILLAGE_ROLE');
    }
    case 'start_run': {
      const managers = planManagers(t.plan);
      const m = acting.filter((x) => x.unitId === null && managers.includes(x.roleKey));
      return m.length ? allow(m) : deny('NOT_PLAN_MANAGER');
    }
    default:
      // A write without a rule of its own is refused until it gets one.
      return deny('ADMIN_CLI_ONLY');
  }
}

/**
 * Administration in the web app (API tokens, the list of users): only a signed-in member of staff whom the CLI made an
 * administrator (`user admin <email>`). Administration spans plans and communes, so no role of a plan grants it; the
 * development header and API tokens never do. Read per request: taking the flag back counts from the next request.
 */
export function decideAdmin(p: Principal, isAdmin: boolean): AccessDecision {
  return p.kind === 'user' && isAdmin ? { allow: true, roles: [] } : deny('NOT_ADMIN');
}

function tokenAccess(p: Extract<Principal, { kind: 'token' }>, action: AccessAction, t: AccessTarget): AccessDecision {
  if (!isReadAction(action)) return deny('TOKEN_READ_ONLY');
  if (p.planId !== null && p.planId !== t.plan.id) return deny('TOKEN_OUTSIDE_SCOPE');
  const unit = t.plan.orgUnits.find((u) => u.id === p.unitId);
  if (!unit || !scopesPlan(t.plan, p.unitId)) return deny('TOKEN_OUTSIDE_SCOPE');
  if (!validOn(unit, t.date)) return deny('TOKEN_UNIT_NOT_VALID_ON_DATE');
  return { allow: true, roles: [] };
}
