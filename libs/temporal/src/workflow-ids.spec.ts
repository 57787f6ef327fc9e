import { describe, expect, it } from '@jest/globals';
import { digestWorkflowId, planRangeWorkflowId, planWorkflowId, stepWorkflowId } from './workflow-ids.js';

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

  it('names a plan-run workflow over a sub-range plan-<planId>-r<from>-<to>', () => {
    expect(planRangeWorkflowId('TH-2026', 170, 340)).toBe('plan-TH-2026-r170-340');
  });

  it('names the digest workflow of a plan run digest-<planId>', () => {
    expect(digestWorkflowId('HG-2023-BVCSTE')).toBe('digest-HG-2023-BVCSTE');
  });

  it('gives the same ID for the same business key, so starting twice finds one execution', () => {
    expect(stepWorkflowId('HG-2023-BVCSTE', 'I01.1')).toBe(stepWorkflowId('HG-2023-BVCSTE', 'I01.1'));
    expect(planWorkflowId('HG-2023-BVCSTE')).toBe(planWorkflowId('HG-2023-BVCSTE'));
  });

  it('gives different IDs to different steps, villages and plans', () => {
    const ids = [
      planWorkflowId('HG-2023-BVCSTE'),
      planWorkflowId('HG-2024-BVCSTE'),
      planRangeWorkflowId('HG-2023-BVCSTE', 0, 170),
      planRangeWorkflowId('HG-2023-BVCSTE', 170, 340),
      digestWorkflowId('HG-2023-BVCSTE'),
      stepWorkflowId('HG-2023-BVCSTE', 'I01.1'),
      stepWorkflowId('HG-2023-BVCSTE', 'I01.2'),
      stepWorkflowId('HG-2024-BVCSTE', 'I01.1'),
      stepWorkflowId('HG-2023-BVCSTE', 'I01.1', 'thon-1'),
      stepWorkflowId('HG-2023-BVCSTE', 'I01.1', 'thon-2'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });
});
