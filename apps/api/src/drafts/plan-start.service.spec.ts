import { describe, expect, it } from '@jest/globals';
import { PlanDraftRepository, PlanRepository, StaffRepository, type MembershipRow } from '../../../../libs/database/src/index.js';
import { planFactory } from '../../../../test/factories/plan.factory.js';
import { fake, planRowFactory, signedInUserFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { PlanRunsService } from '../plans/plan-runs.service.js';
import { choiceProblems, PlanStartService } from './plan-start.service.js';

const spec = planFactory({ id: 'TEST-START' });
const member = (roleKey: string, unitId: string | null = null): MembershipRow => ({ planId: spec.id, roleKey, unitId, source: 'plan' });
const starts = (held: MembershipRow[]) =>
  unitUnderTest(PlanStartService, [
    [PlanRunsService, fake<PlanRunsService>({})],
    [PlanRepository, fake<PlanRepository>({ find: async (id: string) => (id === spec.id ? planRowFactory(spec) : undefined) })],
    [StaffRepository, fake<StaffRepository>({ memberships: async () => held })],
    [PlanDraftRepository, fake<PlanDraftRepository>({})],
  ]);

describe('PlanStartService', () => {
  it('lets the approving vice-chairman or the chairman of a loaded plan upload plan files, nobody else', async () => {
    const user = signedInUserFactory();
    expect(await (await starts([member('vice_chair_vhxh')])).mayLoadPlans(user)).toBe(true);
    expect(await (await starts([member('chairman')])).mayLoadPlans(user)).toBe(true);
    expect(await (await starts([member('officer_ldtbxh')])).mayLoadPlans(user)).toBe(false);
    // The chairman's role held in a village only does not count.
    expect(await (await starts([member('chairman', 'thon_01')])).mayLoadPlans(user)).toBe(false);
  });

  it('checks the run options: a speed above 0 and at most 10 000 000, a plan date as an ISO date; a real run needs neither', () => {
    expect(choiceProblems({ real: true })).toEqual([]);
    expect(choiceProblems({ real: false, speed: 60, planStart: '2023-04-03' })).toEqual([]);
    expect(choiceProblems({ real: false, speed: 0, planStart: '03/04/2023' })).toEqual(['speedInvalid', 'planStartInvalid']);
    expect(choiceProblems({ real: false })).toEqual(['speedInvalid']);
  });
});
