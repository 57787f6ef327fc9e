import type { RoleSpec } from './plan.js';

/** The address of a role's holder; for a role held in every unit, "{nn}" becomes the unit's number. */
export function roleEmail(role: RoleSpec, unit: string | null): string {
  const nn = unit?.match(/(\d+)$/)?.[1] ?? '';
  return role.email.replace('{nn}', nn);
}
