import { describe, expect, it } from '@jest/globals';
import { planWorkflowId, stepWorkflowId } from './workflow-ids.js';

// STYLE.md §4: workflow IDs are business IDs: plan-${planId}, step-${planId}-${stepId}, step-${planId}-${stepId}-${orgUnitId}.
describe('workflow IDs', () => {
  it('names the plan workflow plan-<planId>', () => {
    expect(planWorkflowId('HG-2023-BVCSTE')).toBe('plan-HG-2023-BVCSTE');
  });

  it('names a step workflow step-<planId>-<stepId>', () => {
    expect(stepWorkflowId('HG-2023-BVCSTE', 'I01.5')).toBe('step-HG-2023-BVCSTE-I01.5');
  });

  it('names a step fanned out to a village step-<planId>-<stepId>-<orgUnitId>', () => {
    expect(stepWorkflowId('HG-2023-BVCSTE', 'I03.2', 'thon-3')).toBe('step-HG-2023-BVCSTE-I03.2-thon-3');
  });

  it('gives the same ID for the same business key, so starting twice finds one execution', () => {
    expect(stepWorkflowId('HG-2023-BVCSTE', 'I01.1')).toBe(stepWorkflowId('HG-2023-BVCSTE', 'I01.1'));
    expect(planWorkflowId('HG-2023-BVCSTE')).toBe(planWorkflowId('HG-2023-BVCSTE'));
  });

  it('gives different IDs to different steps, villages and plans', () => {
    const ids = [
      planWorkflowId('HG-2023-BVCSTE'),
      planWorkflowId('HG-2024-BVCSTE'),
      stepWorkflowId('HG-2023-BVCSTE', 'I01.1'),
      stepWorkflowId('HG-2023-BVCSTE', 'I01.2'),
      stepWorkflowId('HG-2024-BVCSTE', 'I01.1'),
      stepWorkflowId('HG-2023-BVCSTE', 'I01.1', 'thon-1'),
      stepWorkflowId('HG-2023-BVCSTE', 'I01.1', 'thon-2'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });
});
