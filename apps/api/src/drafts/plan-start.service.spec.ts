import { describe, expect, it } from '@jest/globals';
import { choiceProblems } from './plan-start.service.js';

// Who may upload at all is the access guard's (auth/access.service.spec.ts, load_plans); checking and starting a file
// parse it in a worker, which a unit test does not start (test/e2e/plan-drafts.e2e-spec.ts, web-plan-editor.e2e-spec.ts).
describe('PlanStartService', () => {
  it('checks the run options: a speed above 0 and at most 10 000 000, a plan date as an ISO date; a real run needs neither', () => {
    expect(choiceProblems({ real: true })).toEqual([]);
    expect(choiceProblems({ real: false, speed: 60, planStart: '2023-04-03' })).toEqual([]);
    expect(choiceProblems({ real: false, speed: 0, planStart: '03/04/2023' })).toEqual(['speedInvalid', 'planStartInvalid']);
    expect(choiceProblems({ real: false })).toEqual(['speedInvalid']);
  });
});
