/**
 * Who acted, beside the role they acted in: the signed-in person (their id, name and address at that moment), the
 * role's holder when the development header named only a role, an API token, or the system (timers, the worker).
 * It travels with a step's Update into the audit row, and is covered by the row's keyed hash.
 */
export type ActedBy =
  | { kind: 'user'; userId: string; name: string; email: string; delegation?: DelegationRef }
  | { kind: 'header'; userId: string | null; name: string; email: string | null }
  | { kind: 'token'; tokenId: string; tokenName: string }
  | { kind: 'system' };

/** The delegation (ủy quyền) a person acted under: whose role it is, and its record. */
export interface DelegationRef {
  id: string;
  fromUserId: string;
  fromName: string;
  fromEmail: string;
}

export const SYSTEM_ACTOR: ActedBy = { kind: 'system' };

/** The fields of `by` in a fixed order, so a hash of it does not depend on how jsonb stored its keys. */
export function canonicalActedBy(by: ActedBy | null | undefined): unknown[] | null {
  if (!by) return null;
  switch (by.kind) {
    case 'user':
      return [
        'user',
        by.userId,
        by.name,
        by.email,
        by.delegation ? [by.delegation.id, by.delegation.fromUserId, by.delegation.fromName, by.delegation.fromEmail] : null,
      ];
    case 'header':
      return ['header', by.userId, by.name, by.email];
    case 'token':
      return ['token', by.tokenId, by.tokenName];
    case 'system':
      return ['system'];
  }
}

/**
 * How a person reads who acted: "Trần Thị B (Phó Chủ tịch UBND xã Hà Giang)", "… (ủy quyền của Nguyễn Văn A)",
 * "Hệ thống" for timers; with only a role recorded (events written before people were recorded), the role's title.
 */
export function actedByLabel(by: ActedBy | null | undefined, roleTitle: string | null): string {
  const role = roleTitle ? ` (${roleTitle})` : '';
  if (!by) return roleTitle ?? '';
  switch (by.kind) {
    case 'system':
      return 'Hệ thống';
    case 'token':
      return `Mã truy cập "${by.tokenName}"`;
    case 'header':
      return `${by.name}${roleTitle ? ` (${roleTitle}; qua tiêu đề X-Dondoc-Actor)` : ' (qua tiêu đề X-Dondoc-Actor)'}`;
    case 'user':
      return `${by.name}${by.delegation ? ` (${roleTitle ? `${roleTitle}, ` : ''}ủy quyền của ${by.delegation.fromName})` : role}`;
  }
}

/**
 * The roles that may be delegated (ủy quyền): the commune's leaders — a role of the whole plan that directs another
 * role and answers to nobody or to a role that answers to nobody (the chairman, the vice-chairmen).
 */
export function delegableRoles(spec: {
  roles: Record<string, { key: string; supervisor?: string | null; fanOut?: string | null }>;
}): string[] {
  const roles = Object.values(spec.roles);
  const top = (key: string | null | undefined) => !key || !spec.roles[key]?.supervisor;
  return roles.filter((r) => !r.fanOut && roles.some((o) => o.supervisor === r.key) && top(r.supervisor)).map((r) => r.key);
}

/** dd/mm/yyyy (or YYYY-MM-DD) to an ISO date, or undefined when it is not a real date. */
export function parseViDate(v: string | undefined): string | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v?.trim() ?? '');
  const iso = m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : v?.trim();
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return undefined;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}
