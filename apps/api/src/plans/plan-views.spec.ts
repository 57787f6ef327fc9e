import { describe, expect, it } from '@jest/globals';
import type { StepRow } from '#libs/database/src/index.js';
import type { PlanSpec } from '#libs/domain/src/index.js';
import { planNames, toStepProgress } from './plan-views.js';

const row = (stepId: string, specStepId: string, bucket: StepRow['bucket'], state: StepRow['state']) => ({ stepId, specStepId, bucket, state }) as StepRow;

describe('toStepProgress', () => {
  it('reports a fan-out step as instances done and on time, e.g. village sub-plans 9/10', () => {
    const villages = Array.from({ length: 10 }, (_, i) => row(`I01.4-thon_${String(i + 1).padStart(2, '0')}`, 'I01.4', i === 6 ? 'open_overdue' : 'completed_on_time', i === 6 ? 'assigned' : 'completed'));
    const progress = toStepProgress([...villages, row('I01.5', 'I01.5', 'completed_late', 'completed')]);
    expect(progress).toEqual([
      { stepId: 'I01.4', instances: 10, completed: 9, completedOnTime: 9, percentComplete: 90, onTimeRatio: '9/10' },
      { stepId: 'I01.5', instances: 1, completed: 1, completedOnTime: 0, percentComplete: 100, onTimeRatio: '0/1' },
    ]);
  });
});

describe('planNames', () => {
  const spec = {
    orgUnits: [{ id: 'thon_03', kind: 'village', name: 'Thôn Tây' }],
    items: [{ id: 'I01', title: 'Ban hành kế hoạch' }],
    roles: {
      chairman: { key: 'chairman', unit: 'xa', title: 'Chủ tịch UBND xã', person: 'Nguyễn Văn A', email: 'a@x.org' },
      finance_officer: { key: 'finance_officer', unit: 'xa', title: 'Công chức Tài chính - kế toán', person: 'Vũ Thị G', email: 'g@x.org' },
      village_head: { key: 'village_head', unit: 'thon_*', title: 'Trưởng thôn', person: 'Trưởng thôn', email: 'th-{nn}@x.org', fanOut: 'villages_all' },
    },
  } as unknown as PlanSpec;
  const names = planNames(spec, [
    { roleKey: 'chairman', unitId: '', displayName: 'Lê Văn Mới' },
    { roleKey: 'village_head', unitId: 'thon_03', displayName: 'Lò Văn Tây' },
  ]);

  it('names a role by its title and the people holding it now, a village role in its village', () => {
    expect(names.role('chairman', null)).toEqual({ roleKey: 'chairman', title: 'Chủ tịch UBND xã', holders: ['Lê Văn Mới'] });
    expect(names.role('village_head', 'thon_03')).toEqual({ roleKey: 'village_head', title: 'Trưởng thôn', holders: ['Lò Văn Tây'] });
    expect(names.role('village_head', 'thon_04')).toEqual({ roleKey: 'village_head', title: 'Trưởng thôn', holders: [] });
  });

  it("falls back to the plan file's person, and to the code for what the plan does not name", () => {
    expect(names.role('finance_officer', null).holders).toEqual(['Vũ Thị G']);
    expect(names.role('ghost', null)).toEqual({ roleKey: 'ghost', title: 'ghost', holders: [] });
    expect(names.unit('thon_03')).toEqual({ id: 'thon_03', name: 'Thôn Tây' });
    expect(names.unit(null)).toBeNull();
    expect(names.itemTitle('I01')).toBe('Ban hành kế hoạch');
    expect(names.itemTitle('I99')).toBe('I99');
  });
});
