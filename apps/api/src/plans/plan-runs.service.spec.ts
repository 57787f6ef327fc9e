import { describe, expect, it } from '@jest/globals';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '#libs/config/src/index.js';
import { PlanRepository, StepRepository, type NewStepRow } from '#libs/database/src/index.js';
import { planFactory, stepFactory } from '../../../../test/factories/plan.factory.js';
import { fake, fakeDataSource, fakeTemporal, planRowFactory, unitUnderTest } from '../../../../test/factories/rows.js';
import { PlanRunsService } from './plan-runs.service.js';

const spec = planFactory({ id: 'TEST-RUNS', rehearsalStart: '2023-04-03' }, [stepFactory({ id: 'I99.1', due: '2023-04-07' }), stepFactory({ id: 'I99.2', due: '2023-03-01' })]);

async function runs(o: { running?: boolean; started?: string[]; maxChildren?: number } = {}) {
  const inserted: NewStepRow[] = [];
  const marked: unknown[] = [];
  const temporal = fakeTemporal(o.started ?? []);
  const service = await unitUnderTest(PlanRunsService, [
    [DataSource, fakeDataSource()],
    [Client, temporal.client],
    [APP_CONFIG, { temporal: { taskQueue: 'q', maxChildren: o.maxChildren } }],
    [PlanRepository, fake<PlanRepository>({ lock: async (_m: unknown, id: string) => (id === spec.id ? planRowFactory(spec, { running: o.running }) : undefined), markRunStarted: async (_m: unknown, _id: string, c: unknown) => void marked.push(c) })],
    [StepRepository, fake<StepRepository>({ insertMissing: async (_m: unknown, r: NewStepRow[]) => (inserted.push(...r), r.length) })],
  ]);
  return { service, inserted, marked, started: temporal.started };
}

describe('PlanRunsService', () => {
  it('starts a rehearsal at the given speed from the rehearsal start: a row per step, the run and the digest workflows', async () => {
    const now = new Date('2026-01-05T01:00:00Z');
    const { service, inserted, marked, started } = await runs({ maxChildren: 50 });
    const r = await service.start(spec.id, { speed: 60 }, now);
    expect(r).toMatchObject({ clock: { speed: 60, realEpoch: now.toISOString() }, stepsCreated: 2, runWorkflowId: 'plan-TEST-RUNS', runStarted: true });
    expect(marked).toEqual([r.clock]);
    // Due before the run's start in plan time: overdue from the start.
    expect(inserted.map((s) => [s.stepId, s.bucket, s.workflowId])).toEqual([
      ['I99.1', 'open_on_time', 'step-TEST-RUNS-I99.1'],
      ['I99.2', 'open_overdue', 'step-TEST-RUNS-I99.2'],
    ]);
    expect(started.map((s) => [s.type, s.workflowId, s.args[0]])).toEqual([
      ['planRunWorkflow', 'plan-TEST-RUNS', { planId: spec.id, maxChildren: 50 }],
      ['digestWorkflow', 'digest-TEST-RUNS', { planId: spec.id, since: now.toISOString() }],
    ]);
  });

  it('keeps the clock of a run already started and says the run workflow was not started again', async () => {
    const { service, marked } = await runs({ running: true, started: ['plan-TEST-RUNS', 'digest-TEST-RUNS'] });
    const r = await service.start(spec.id, { speed: 1000 });
    expect(r.runStarted).toBe(false);
    expect(r.clock.speed).toBe(1);
    expect(marked).toEqual([]);
  });

  it('answers an unknown plan with PLAN_NOT_FOUND', async () => {
    await expect((await runs()).service.start('NOPE', { speed: 1 })).rejects.toMatchObject({ code: 'PLAN_NOT_FOUND' });
  });
});
