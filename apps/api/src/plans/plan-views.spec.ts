import { describe, expect, it } from '@jest/globals';
import type { StepRow } from '../../../../libs/database/src/index.js';
import { toStepProgress } from './plan-views.js';

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
