// What bench/workflows.bench.ts needs to run dondoc's step workflow in a bench process: the worker's activities
// built as apps/worker/src/worker.module.ts builds them (same services, same database role, same SMTP transport), a
// plan of steps seeded as a run, and the step workflows' inputs read as the plan-run workflow reads them.
import { createActivities } from '../../apps/worker/src/activities/index.js';
import { createWorkerServices } from '../../apps/worker/src/worker-services.js';
import type { PlanRunSlicesService } from '../../apps/worker/src/steps/plan-run-slices.service.js';
import type { StepWorkflowInput } from '#libs/contracts/src/index.js';
import { APP_DB_ROLE, createDataSource } from '#libs/database/src/index.js';
import { MailTransport } from '#libs/mail/src/index.js';
import { planFactory, stepFactory } from '../../test/factories/plan.factory.js';
import { seedRunningSteps } from '../../test/factories/running-step.js';

const BASE_URL = 'http://dondoc.bench';

/** The worker's activities on their own data source (pool of 10, role dondoc_app, as the worker's). */
export async function realActivities(databaseUrl: string, smtpUrl: string) {
  const ds = await createDataSource(databaseUrl, { applicationName: 'dondoc-bench-worker', role: APP_DB_ROLE }).initialize();
  const transport = new MailTransport(smtpUrl, 'UBND xã Bench <no-reply@bench.example.org>');
  const services = createWorkerServices(ds, { baseUrl: BASE_URL, transport });
  const activities = createActivities(services);
  return {
    activities,
    slices: services.slices,
    close: async () => {
      transport.close();
      await ds.destroy();
    },
  };
}

export interface StepStart {
  workflowId: string;
  input: StepWorkflowInput;
}

/**
 * A plan of `n` steps (assignee officer_ldtbxh, approver vice_chair_vhxh, due 05/09/2023) whose run began now at
 * plan date 03/04/2023 at real pace: every step's timer (its first reminder, months ahead) is pending, none fires.
 * Returns the step workflows' inputs in run order, as the plan-run workflow starts them.
 */
export async function seedStepRun(databaseUrl: string, slices: PlanRunSlicesService, planId: string, n: number): Promise<StepStart[]> {
  const ds = await createDataSource(databaseUrl, { applicationName: 'dondoc-bench-seed', poolSize: 2 }).initialize();
  try {
    const steps = Array.from({ length: n }, (_, i) => stepFactory({ id: `W${String(i).padStart(4, '0')}`, due: '2023-09-05' }));
    await seedRunningSteps(ds, planFactory({ id: planId }, steps), steps, new Date());
  } finally {
    await ds.destroy();
  }
  const slice = await slices.slice({ planId, range: { from: 0, to: n } });
  if (slice.length !== n) throw new Error(`plan ${planId}: ${slice.length} step inputs for ${n} steps`);
  return slice.map(({ workflowId, ...input }) => ({ workflowId, input }));
}
