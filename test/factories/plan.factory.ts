import type { PlanSpec, RoleSpec, StepSpec } from '#libs/domain/src/index.js';

let seq = 0;

export const roleFactory = (key: string, over: Partial<RoleSpec> = {}): RoleSpec => ({
  key,
  unit: 'ubnd_xa_test',
  title: `Chức danh ${key}`,
  person: `Người ${key}`,
  email: `${key.replace(/_/g, '-')}@test.example.org`,
  ...over,
});

export const stepFactory = (over: Partial<StepSpec> = {}): StepSpec & { due: string } => ({
  id: `I99.${++seq}`,
  itemId: 'I99',
  title: 'Bước thử nghiệm',
  assignee: 'officer_ldtbxh',
  helpers: [],
  approval: 'vice_chair_vhxh',
  due: '2023-09-05',
  kpis: [],
  ...over,
});

/** A small plan: one commune, two villages, an officer, an approver and a chairman, and the given steps. */
export const planFactory = (over: Partial<PlanSpec> = {}, steps: StepSpec[] = [stepFactory()]): PlanSpec => ({
  id: `TEST-${++seq}`,
  number: '01/KH-UBND',
  title: 'Kế hoạch thử nghiệm',
  year: 2023,
  issuer: { id: 'ubnd_xa_test', name: 'UBND xã Thử Nghiệm' },
  rehearsalStart: '2023-03-23',
  legalBases: [],
  programmes: [],
  recipients: [],
  orgUnits: [
    { id: 'ubnd_xa_test', kind: 'commune', name: 'UBND xã Thử Nghiệm' },
    { id: 'thon_01', kind: 'village', name: 'Thôn Một', parent: 'ubnd_xa_test' },
    { id: 'thon_02', kind: 'village', name: 'Thôn Hai', parent: 'ubnd_xa_test' },
  ],
  roles: {
    chairman: roleFactory('chairman'),
    officer_ldtbxh: roleFactory('officer_ldtbxh', { supervisor: 'vice_chair_vhxh' }),
    vice_chair_vhxh: roleFactory('vice_chair_vhxh', { supervisor: 'chairman' }),
  },
  policies: {
    remindersBeforeWd: [-3, -1, 0],
    sendOnNonWorkingDays: false,
    chains: {
      commune_officer: [
        { afterWd: 1, to: 'vice_chair_vhxh', mode: 'mail' },
        { afterWd: 3, to: 'chairman', mode: 'mail' },
      ],
    },
    approval: {
      approver: 'vice_chair_vhxh',
      slaWd: 2,
      onBreachTo: 'chairman',
      rejectionRequiresReason: true,
      resubmissionRestartsSla: true,
    },
    monitoringBodyByDate: [{ role: 'chairman' }],
  },
  calendar: { daysOff: [], makeupWorkingDays: [] },
  items: [{ id: 'I99', title: 'Nội dung thử nghiệm', kpis: [], steps }],
  ...over,
});
