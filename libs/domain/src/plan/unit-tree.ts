import type { PlanSpec } from './plan.js';

/**
 * A unit and every unit below it in the plan's org tree (by `parent`), the unit first; undefined for a unit the plan
 * does not have. The commune's subtree is the commune and its villages, a district's takes its communes along.
 */
export function unitSubtree(p: Pick<PlanSpec, 'orgUnits'>, unitId: string): string[] | undefined {
  if (!p.orgUnits.some((u) => u.id === unitId)) return undefined;
  const children = new Map<string, string[]>();
  for (const u of p.orgUnits) if (u.parent) children.set(u.parent, [...(children.get(u.parent) ?? []), u.id]);
  const out: string[] = [];
  const walk = (id: string) => {
    if (out.includes(id)) return;
    out.push(id);
    for (const c of children.get(id) ?? []) walk(c);
  };
  walk(unitId);
  return out;
}

/**
 * The unit keys of the status roll-ups for a unit's subtree: steps of the plan's issuer itself (the commune) carry no
 * unit and are kept under ''. Undefined for a unit the plan does not have.
 */
export function rollupUnitKeys(p: Pick<PlanSpec, 'orgUnits' | 'issuer'>, unitId: string): string[] | undefined {
  const units = unitSubtree(p, unitId);
  return units && (units.includes(p.issuer.id) ? ['', ...units] : units);
}
