import { describe, expect, it } from '@jest/globals';
import { holdsRole, roleForDuty, roleHolders, seatProblem, stepManagers, type Membership, type StepSeat } from './role-holders.js';
import type { PlanSpec } from './plan/plan.js';

const spec: Pick<PlanSpec, 'id' | 'roles' | 'orgUnits'> = {
  id: 'P',
  orgUnits: [
    { id: 'xa', kind: 'commune', name: 'UBND xã' },
    { id: 'thon_01', kind: 'village', name: 'Thôn Một', parent: 'xa' },
    { id: 'thon_02', kind: 'village', name: 'Thôn Hai', parent: 'xa' },
  ],
  roles: {
    vice_chair_vhxh: { key: 'vice_chair_vhxh', unit: 'xa', title: 'Phó Chủ tịch', person: 'Trần Thị B', email: 'PCT@xa.example.org' },
    village_head: {
      key: 'village_head',
      unit: 'thon_*',
      title: 'Trưởng thôn',
      person: 'Trưởng thôn',
      email: 'truongthon-{nn}@xa.example.org',
      fanOut: 'villages_all',
    },
  },
};

describe('roleHolders', () => {
  it('gives one holder per role, and a village role one per village with its own address', () => {
    expect(roleHolders(spec)).toEqual([
      { roleKey: 'vice_chair_vhxh', unitId: null, email: 'pct@xa.example.org', displayName: 'Trần Thị B' },
      { roleKey: 'village_head', unitId: 'thon_01', email: 'truongthon-01@xa.example.org', displayName: 'Trưởng thôn Thôn Một' },
      { roleKey: 'village_head', unitId: 'thon_02', email: 'truongthon-02@xa.example.org', displayName: 'Trưởng thôn Thôn Hai' },
    ]);
  });
});

describe('roleForDuty', () => {
  const step: StepSeat = {
    assignee: 'village_head',
    approver: 'vice_chair_vhxh',
    unitId: 'thon_02',
    managers: stepManagers({ approver: 'vice_chair_vhxh', onBreachTo: 'chairman' }, 'vice_chair_vhxh'),
  };
  const head02: Membership[] = [{ roleKey: 'village_head', unitId: 'thon_02' }];
  const both: Membership[] = [
    { roleKey: 'finance_officer', unitId: null },
    { roleKey: 'vice_chair_vhxh', unitId: null },
  ];

  it('picks the role the action asks for among those held', () => {
    expect(roleForDuty(head02, step, 'assignee')).toEqual({ role: 'village_head' });
    expect(roleForDuty(both, step, 'approver')).toEqual({ role: 'vice_chair_vhxh' });
    expect(roleForDuty(both, step, 'manager')).toEqual({ role: 'vice_chair_vhxh' });
  });

  it('counts a village role only in its own village', () => {
    expect(roleForDuty([{ roleKey: 'village_head', unitId: 'thon_01' }], step, 'assignee')).toMatchObject({ code: 'ACTOR_NOT_ASSIGNEE' });
    expect(holdsRole(head02, 'village_head', 'thon_01')).toBe(false);
    expect(holdsRole(head02, 'village_head', 'thon_02')).toBe(true);
  });

  it('refuses with the code of the duty, or ACTOR_UNKNOWN without any role in the plan', () => {
    expect(roleForDuty(head02, step, 'approver')).toMatchObject({ code: 'ACTOR_NOT_APPROVER' });
    expect(roleForDuty(head02, step, 'manager')).toMatchObject({ code: 'ACTOR_NOT_MANAGER' });
    expect(roleForDuty([], step, 'assignee')).toMatchObject({ code: 'ACTOR_UNKNOWN' });
  });
});

describe('stepManagers', () => {
  it("is the step's approver, the plan's approver and the one above, once each", () => {
    expect(stepManagers({ approver: 'vice_chair_vhxh', onBreachTo: 'chairman' }, 'chairman')).toEqual(['chairman', 'vice_chair_vhxh']);
    expect(stepManagers({ approver: 'vice_chair_vhxh', onBreachTo: 'chairman' }, null)).toEqual(['vice_chair_vhxh', 'chairman']);
  });
});

describe('seatProblem', () => {
  it('accepts a plan role without a village and a village role with one of its villages', () => {
    expect(seatProblem(spec, 'vice_chair_vhxh', null)).toBeNull();
    expect(seatProblem(spec, 'village_head', 'thon_01')).toBeNull();
  });

  it('says what is wrong otherwise', () => {
    expect(seatProblem(spec, 'nobody', null)).toMatch(/không phải vai trò của kế hoạch P/);
    expect(seatProblem(spec, 'vice_chair_vhxh', 'thon_01')).toMatch(/không kèm --unit/);
    expect(seatProblem(spec, 'village_head', null)).toMatch(/thon_01, thon_02/);
    expect(seatProblem(spec, 'village_head', 'xa')).toMatch(/cần --unit/);
  });
});
