import type { ErrorCode } from './errors.js';
import { unitsOfGroup, type ApprovalPolicy, type PlanSpec } from './plan/plan.js';
import { roleEmail } from './plan/role-email.js';

/** One person's seat in a plan: a role, for a role held in every village also the village. */
export interface RoleHolder {
  roleKey: string;
  /** The village of a fanned-out role (village head of thon_03); null for a role of the whole plan. */
  unitId: string | null;
  email: string;
  /** How the holder is named: the person, or for a village role the title and the village ("Trưởng thôn Thôn Trung"). */
  displayName: string;
}

/**
 * Who holds the plan's roles, as its mails address them: one holder per role, and a role held in every village
 * (`fan_out`) once per village with that village's address (`truongthon-{nn}@…` → `truongthon-03@…`).
 */
export function roleHolders(spec: Pick<PlanSpec, 'roles' | 'orgUnits'>): RoleHolder[] {
  return Object.values(spec.roles).flatMap((r) => {
    const units = r.fanOut ? unitsOfGroup(spec as PlanSpec, r.fanOut) : [null];
    return units.map((u) => ({
      roleKey: r.key,
      unitId: u?.id ?? null,
      email: roleEmail(r, u?.id ?? null)
        .trim()
        .toLowerCase(),
      displayName: u ? `${r.title} ${u.name}` : r.person || r.title,
    }));
  });
}

/** Those who direct a step's work and so may cancel or reassign it or decide an extension: its approver, the plan's approver and the one above. */
export const stepManagers = (approval: Pick<ApprovalPolicy, 'approver' | 'onBreachTo'>, stepApprover: string | null): string[] => [
  ...new Set([stepApprover, approval.approver, approval.onBreachTo].filter((x): x is string => !!x)),
];

/** What an action on a step asks of the one who acts. */
export type StepDuty = 'assignee' | 'approver' | 'manager';

export interface Membership {
  roleKey: string;
  /** null: the role in the whole plan; a village id: the role in that village only. */
  unitId: string | null;
}

export interface StepSeat {
  assignee: string;
  approver: string | null;
  unitId: string | null;
  managers: string[];
}

/** Whether one of `held` is `roleKey` where it counts: a role of the whole plan anywhere, a village role in its village. */
export const holdsRole = (held: Membership[], roleKey: string, unitId: string | null): boolean =>
  held.some((m) => m.roleKey === roleKey && (m.unitId === null || m.unitId === unitId));

const REFUSAL: Record<StepDuty, ErrorCode> = {
  assignee: 'ACTOR_NOT_ASSIGNEE',
  approver: 'ACTOR_NOT_APPROVER',
  manager: 'ACTOR_NOT_MANAGER',
};

/**
 * The role a signed-in person acts in on a step: of the roles they hold in the step's plan, the one the action asks
 * for (the assignee submits, the approver approves, …). A village role counts only in its own village.
 */
export function roleForDuty(held: Membership[], step: StepSeat, duty: StepDuty): { role: string } | { code: ErrorCode; message: string } {
  if (!held.length) return { code: 'ACTOR_UNKNOWN', message: 'You hold no role in this plan' };
  const wanted = duty === 'assignee' ? [step.assignee] : duty === 'approver' ? (step.approver ? [step.approver] : []) : step.managers;
  const fits = wanted.find((role) => holdsRole(held, role, step.unitId));
  if (fits) return { role: fits };
  return {
    code: REFUSAL[duty],
    message: `This needs the role ${wanted.join(' or ') || '(none)'}${step.unitId ? ` for ${step.unitId}` : ''}; you hold ${held.map((m) => (m.unitId ? `${m.roleKey} (${m.unitId})` : m.roleKey)).join(', ')}`,
  };
}

/** Why a role cannot be given as asked (unknown role, a village role without its village, …), in Vietnamese for the CLI, or null when it can. */
export function seatProblem(spec: Pick<PlanSpec, 'id' | 'roles' | 'orgUnits'>, roleKey: string, unitId: string | null): string | null {
  const role = spec.roles[roleKey];
  if (!role) return `"${roleKey}" không phải vai trò của kế hoạch ${spec.id}; các vai trò: ${Object.keys(spec.roles).join(', ')}`;
  if (!role.fanOut) return unitId ? `${roleKey} là vai trò của cả kế hoạch; giao không kèm --unit` : null;
  const units = unitsOfGroup(spec as PlanSpec, role.fanOut).map((u) => u.id);
  if (!unitId || !units.includes(unitId)) return `${roleKey} là vai trò theo từng thôn: cần --unit, một trong ${units.join(', ')}`;
  return null;
}
