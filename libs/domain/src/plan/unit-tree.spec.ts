import { describe, expect, it } from '@jest/globals';
import type { OrgUnitSpec } from './plan.js';
import { rollupUnitKeys, unitSubtree } from './unit-tree.js';

const orgUnits: OrgUnitSpec[] = [
  { id: 'tinh', kind: 'province', name: 'Tỉnh' },
  { id: 'huyen', kind: 'district', name: 'Huyện', parent: 'tinh' },
  { id: 'xa', kind: 'commune', name: 'UBND xã', parent: 'huyen' },
  { id: 'thon_01', kind: 'village', name: 'Thôn Một', parent: 'xa' },
  { id: 'thon_02', kind: 'village', name: 'Thôn Hai', parent: 'xa' },
  { id: 'so', kind: 'province_dept', name: 'Sở', parent: 'tinh' },
];
const plan = { orgUnits, issuer: { id: 'xa', name: 'UBND xã' } };

describe('unitSubtree', () => {
  it('is the unit and everything below it, the unit first', () => {
    expect(unitSubtree(plan, 'xa')).toEqual(['xa', 'thon_01', 'thon_02']);
    expect(unitSubtree(plan, 'huyen')).toEqual(['huyen', 'xa', 'thon_01', 'thon_02']);
    expect(unitSubtree(plan, 'thon_02')).toEqual(['thon_02']);
    expect(unitSubtree(plan, 'tinh')).toHaveLength(6);
  });

  it('knows no unit the plan does not have, and stops on a cycle', () => {
    expect(unitSubtree(plan, 'thon_99')).toBeUndefined();
    const cyclic = [
      { id: 'a', kind: 'x', name: 'A', parent: 'b' },
      { id: 'b', kind: 'x', name: 'B', parent: 'a' },
    ];
    expect(unitSubtree({ orgUnits: cyclic }, 'a')).toEqual(['a', 'b']);
  });
});

describe('rollupUnitKeys', () => {
  it("counts the issuer's own steps (no unit, kept under '') in every subtree that holds the issuer", () => {
    expect(rollupUnitKeys(plan, 'huyen')).toEqual(['', 'huyen', 'xa', 'thon_01', 'thon_02']);
    expect(rollupUnitKeys(plan, 'thon_01')).toEqual(['thon_01']);
    expect(rollupUnitKeys(plan, 'so')).toEqual(['so']);
    expect(rollupUnitKeys(plan, 'nowhere')).toBeUndefined();
  });
});
