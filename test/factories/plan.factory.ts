import type { PlanSpec, RoleSpec, StepSpec } from '../../libs/domain/src/index.js';

let seq = 0;

export const roleFactory = (key: string, over: Partial<RoleSpec> = {}): RoleSpec => ({
  key,
  title: `Chức danh ${key}`,
  person: `Người ${key}`,
  email: `${key.replace(/_/g, '-')}@test.example.org`,
  ...over,
});

export const stepFactory = (over: Partial<StepSpec> = {}): StepSpec => ({
  id: `I99.${++seq}`,
  itemId: 'I99',
  title: 'Bước thử nghiệm',
  assignee: 'officer_ldtbxh',
  approval: 'vice_chair_vhxh',
  due: '2023-09-05',
  ...over,
});

/** A small plan with an officer, an approver and the given steps. */
export const planFactory = (over: Partial<PlanSpec> = {}, steps: StepSpec[] = [stepFactory()]): PlanSpec => ({
  id: `TEST-${++seq}`,
  number: '01/KH-UBND',
  title: 'Kế hoạch thử nghiệm',
  year: 2023,
  issuer: { id: 'ubnd_xa_test', name: 'UBND xã Thử Nghiệm' },
  rehearsalStart: '2023-03-23',
  roles: {
    officer_ldtbxh: roleFactory('officer_ldtbxh'),
    vice_chair_vhxh: roleFactory('vice_chair_vhxh'),
  },
  items: [{ id: 'I99', title: 'Nội dung thử nghiệm', steps }],
  ...over,
});
