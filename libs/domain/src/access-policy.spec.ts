import { describe, expect, it } from '@jest/globals';
import type { Membership } from './role-holders.js';
import {
  decideAccess,
  decideAdmin,
  isReadAction,
  outsideRoles,
  planManagers,
  scopesPlan,
  ACCESS_ACTIONS,
  type AccessAction,
  type AccessPlan,
  type Principal,
} from './access-policy.js';
import type { RoleSpec } from './plan/plan.js';

const role = (key: string, unit: string, over: Partial<RoleSpec> = {}): RoleSpec => ({
  key,
  unit,
  title: key,
  person: key,
  email: `${key}@x.example.org`,
  ...over,
});

/** Hà Giang's tree in small: province → district → commune → villages, the district's office beside the commune. */
const plan: AccessPlan = {
  id: 'HG',
  issuer: { id: 'xa_hg', name: 'UBND xã Hà Giang' },
  orgUnits: [
    { id: 'tinh', kind: 'province', name: 'Tỉnh' },
    { id: 'so_yte', kind: 'province_dept', name: 'Sở Y tế', parent: 'tinh', validFrom: '2025-03-01' },
    { id: 'huyen', kind: 'district', name: 'Huyện', parent: 'tinh', validTo: '2025-06-30' },
    { id: 'phong', kind: 'district_dept', name: 'Phòng LĐTB&XH', parent: 'huyen', validTo: '2025-02-28' },
    { id: 'xa_hg', kind: 'commune', name: 'UBND xã Hà Giang', parent: 'huyen', validTo: '2025-06-30' },
    { id: 'thon_01', kind: 'village', name: 'Thôn Một', parent: 'xa_hg' },
    { id: 'thon_02', kind: 'village', name: 'Thôn Hai', parent: 'xa_hg' },
  ],
  roles: {
    chairman: role('chairman', 'xa_hg'),
    vice_chair_vhxh: role('vice_chair_vhxh', 'xa_hg', { supervisor: 'chairman' }),
    finance_officer: role('finance_officer', 'xa_hg'),
    village_head: role('village_head', 'thon_*', { fanOut: 'villages_all' }),
    district_monitor: role('district_monitor', 'phong', { validTo: '2025-06-30' }),
    province_monitor: role('province_monitor', 'so_yte', { validFrom: '2025-07-01' }),
  },
  policies: {
    remindersBeforeWd: [],
    sendOnNonWorkingDays: false,
    chains: {},
    approval: {
      approver: 'vice_chair_vhxh',
      slaWd: 2,
      onBreachTo: 'chairman',
      rejectionRequiresReason: true,
      resubmissionRestartsSla: true,
    },
    monitoringBodyByDate: [
      { until: '2025-06-30', role: 'district_monitor' },
      { from: '2025-07-01', role: 'province_monitor' },
    ],
  },
};

const D2023 = '2023-04-03';
const user = (...held: [string, string?][]): Principal => ({
  kind: 'user',
  userId: 'u',
  memberships: held.map(([roleKey, unitId]): Membership => ({ roleKey, unitId: unitId ?? null })),
});
const token = (unitId: string, planId: string | null = null): Principal => ({ kind: 'token', tokenId: 't', unitId, planId });
const decide = (p: Principal, action: AccessAction, stepUnitId?: string | null, date = D2023) => {
  const d = decideAccess(p, action, { plan, stepUnitId, date });
  return d.allow ? 'allow' : d.reason;
};
const WRITES = ACCESS_ACTIONS.filter((a) => !isReadAction(a));

describe('decideAccess: staff', () => {
  it('lets a commune role read everything and act on any step of its plan', () => {
    const finance = user(['finance_officer']);
    for (const a of ['read_plan', 'read_step', 'read_files', 'export', 'act_step', 'report_case'] as const)
      expect(decide(finance, a, 'thon_02')).toBe('allow');
    expect(decideAccess(finance, 'act_step', { plan, stepUnitId: null, date: D2023 })).toEqual({ allow: true, roles: ['finance_officer'] });
  });

  it('refuses a user who holds no role in the plan (another commune), with the code step actions use', () => {
    const other = user(); // memberships are those in the target plan: none
    for (const a of ACCESS_ACTIONS.filter((x) => x !== 'admin'))
      expect(decideAccess(other, a, { plan, date: D2023 })).toEqual({ allow: false, reason: 'NO_ROLE_IN_PLAN', code: 'ACTOR_UNKNOWN' });
    expect(decide(user(['mayor']), 'read_plan')).toBe('NO_ROLE_IN_PLAN'); // a role the plan does not have counts as none
  });

  it('lets a village role read the whole plan but act on, and open the files of, its own village only', () => {
    const head = user(['village_head', 'thon_01']);
    expect(decide(head, 'read_plan')).toBe('allow');
    expect(decide(head, 'read_step', 'thon_02')).toBe('allow');
    expect(decide(head, 'read_step', null)).toBe('allow');
    expect(decide(head, 'act_step', 'thon_01')).toBe('allow');
    expect(decide(head, 'act_step', 'thon_02')).toBe('OUTSIDE_VILLAGE');
    expect(decide(head, 'act_step', null)).toBe('OUTSIDE_VILLAGE');
    expect(decide(head, 'read_files', 'thon_01')).toBe('allow');
    expect(decide(head, 'read_files', 'thon_02')).toBe('OUTSIDE_VILLAGE');
    expect(decide(head, 'read_files', null)).toBe('OUTSIDE_VILLAGE');
    expect(decide(head, 'act_step')).toBe('allow'); // no step named (it does not exist): the route answers 404
    expect(decide(head, 'report_case')).toBe('allow');
    // With a role of the whole plan too, every step.
    expect(decide(user(['village_head', 'thon_01'], ['finance_officer']), 'act_step', 'thon_02')).toBe('allow');
  });

  it("lets the commune's staff, not a village role, draft the child-friendly assessment", () => {
    for (const r of ['finance_officer', 'vice_chair_vhxh', 'chairman']) expect(decide(user([r]), 'draft_assessment')).toBe('allow');
    expect(decide(user(['village_head', 'thon_01']), 'draft_assessment')).toBe('VILLAGE_ROLE');
    expect(decide({ kind: 'role', roleKey: 'village_head' }, 'draft_assessment')).toBe('VILLAGE_ROLE');
    // Holding a commune role as well, the commune role drafts.
    expect(decideAccess(user(['village_head', 'thon_01'], ['finance_officer']), 'draft_assessment', { plan, date: D2023 })).toEqual({
      allow: true,
      roles: ['finance_officer'],
    });
    expect(decide(user(['district_monitor']), 'draft_assessment')).toBe('MONITOR_READ_ONLY');
    expect(decide(token('tinh'), 'draft_assessment')).toBe('TOKEN_READ_ONLY');
  });

  it('lets only an administrator named by the CLI administer in the web app; no role of a plan, header or token does', () => {
    const signedIn = user(['chairman']);
    expect(decideAdmin(signedIn, true)).toEqual({ allow: true, roles: [] });
    expect(decideAdmin(signedIn, false)).toMatchObject({ allow: false, reason: 'NOT_ADMIN', code: 'ACCESS_DENIED' });
    expect(decideAdmin({ kind: 'role', roleKey: 'chairman' }, true)).toMatchObject({ allow: false, reason: 'NOT_ADMIN' });
    expect(decideAdmin({ kind: 'token', tokenId: 't', unitId: 'tinh', planId: null }, true)).toMatchObject({
      allow: false,
      reason: 'NOT_ADMIN',
    });
  });

  it('lets only the plan managers start the run; nobody administers a plan over HTTP', () => {
    expect(planManagers(plan)).toEqual(['vice_chair_vhxh', 'chairman']);
    expect(decide(user(['chairman']), 'start_run')).toBe('allow');
    expect(decide(user(['vice_chair_vhxh']), 'start_run')).toBe('allow');
    expect(decide(user(['finance_officer']), 'start_run')).toBe('NOT_PLAN_MANAGER');
    expect(decide({ kind: 'role', roleKey: 'village_head' }, 'start_run')).toBe('NOT_PLAN_MANAGER');
    expect(decide(user(['chairman']), 'admin')).toBe('ADMIN_CLI_ONLY');
    expect(decide({ kind: 'role', roleKey: 'chairman' }, 'admin')).toBe('ADMIN_CLI_ONLY');
  });

  it('lets the monitoring body read, never write', () => {
    expect([...outsideRoles(plan)].sort()).toEqual(['district_monitor', 'province_monitor']);
    const district = user(['district_monitor']);
    for (const a of ['read_plan', 'read_step', 'read_files', 'export'] as const) expect(decide(district, a, 'thon_01')).toBe('allow');
    for (const a of WRITES.filter((x) => x !== 'admin')) expect(decide(district, a, null)).toBe('MONITOR_READ_ONLY');
  });

  it('reads validity on the date given: the district until 30/06/2025, the province from 01/07/2025', () => {
    const district = user(['district_monitor']);
    const province = user(['province_monitor']);
    expect(decide(district, 'read_plan', undefined, '2025-06-30')).toBe('allow');
    expect(decide(district, 'read_plan', undefined, '2025-07-01')).toBe('ROLE_NOT_VALID_ON_DATE');
    expect(decide(province, 'read_plan', undefined, '2025-06-30')).toBe('ROLE_NOT_VALID_ON_DATE');
    expect(decide(province, 'read_plan', undefined, '2025-07-01')).toBe('allow');
    // Someone holding both reaches the plan on either side of the date.
    expect(decide(user(['district_monitor'], ['province_monitor']), 'read_plan', undefined, '2025-07-01')).toBe('allow');
    expect(decide({ kind: 'role', roleKey: 'district_monitor' }, 'read_step', null, '2026-01-01')).toBe('ROLE_NOT_VALID_ON_DATE');
  });

  it('treats the dev header as that role of the plan in the whole plan', () => {
    const header: Principal = { kind: 'role', roleKey: 'village_head' };
    expect(decide(header, 'act_step', 'thon_02')).toBe('allow');
    expect(decide({ kind: 'role', roleKey: 'nobody' }, 'read_plan')).toBe('NO_ROLE_IN_PLAN');
  });
});

describe('decideAccess: API tokens', () => {
  it('reads the plans whose commune lies in its unit subtree: the commune, the district, the province', () => {
    for (const unit of ['xa_hg', 'huyen', 'tinh'])
      for (const a of ['read_plan', 'read_step', 'read_files', 'export'] as const) expect(decide(token(unit), a, 'thon_01')).toBe('allow');
    expect(decideAccess(token('tinh'), 'read_plan', { plan, date: D2023 })).toEqual({ allow: true, roles: [] });
  });

  it('refuses a unit whose subtree does not hold the commune: a village, an office beside it, another tree', () => {
    for (const unit of ['thon_01', 'phong', 'so_yte', 'xa_khac']) expect(decide(token(unit), 'read_plan')).toBe('TOKEN_OUTSIDE_SCOPE');
    expect(scopesPlan(plan, 'huyen')).toBe(true);
    expect(scopesPlan(plan, 'thon_01')).toBe(false);
    expect(scopesPlan(plan, 'nowhere')).toBe(false);
  });

  it('keeps to its plan when it names one', () => {
    expect(decide(token('tinh', 'HG'), 'read_plan')).toBe('allow');
    expect(decide(token('tinh', 'OTHER'), 'read_plan')).toBe('TOKEN_OUTSIDE_SCOPE');
  });

  it('never writes, whatever its scope', () => {
    for (const a of WRITES)
      expect(decideAccess(token('tinh'), a, { plan, stepUnitId: null, date: D2023 })).toEqual({
        allow: false,
        reason: 'TOKEN_READ_ONLY',
        code: 'ACCESS_DENIED',
      });
    expect(decide(token('xa_khac'), 'act_step')).toBe('TOKEN_READ_ONLY');
  });

  it('stops with its unit: a district token after 30/06/2025', () => {
    expect(decide(token('huyen'), 'read_plan', undefined, '2025-06-30')).toBe('allow');
    expect(decide(token('huyen'), 'read_plan', undefined, '2025-07-01')).toBe('TOKEN_UNIT_NOT_VALID_ON_DATE');
    expect(decide(token('tinh'), 'read_plan', undefined, '2025-07-01')).toBe('allow');
  });
});
