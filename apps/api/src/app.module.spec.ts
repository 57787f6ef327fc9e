import { describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { APP_CONFIG, loadAppConfig } from '#libs/config/src/index.js';
import { PlanRepository, RunningPlans, StepRepository } from '#libs/database/src/index.js';
import { MailTransport } from '#libs/mail/src/index.js';
import { AppModule } from './app.module.js';
import { AccessService } from './auth/access.service.js';
import { PlansService } from './plans/plans.service.js';
import { StepsService } from './steps/steps.service.js';
import { WorkerModule } from '../../worker/src/worker.module.js';
import { StepTransitionsService } from '../../worker/src/steps/step-transitions.service.js';

const config = loadAppConfig({
  DATABASE_URL: 'postgresql://u@127.0.0.1:1/d',
  TEMPORAL_ADDRESS: '127.0.0.1:1',
  SMTP_URL: 'smtp://127.0.0.1:1',
});
/** A DataSource that is never opened: building the modules touches no database. */
const unopened = { isInitialized: false, manager: {} } as unknown as DataSource;

describe('the api and worker modules', () => {
  it('build every provider of the api from the shared modules, one repository of each kind for the process', async () => {
    const ref = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(APP_CONFIG)
      .useValue(config)
      .overrideProvider(DataSource)
      .useValue(unopened)
      .compile();
    const steps = ref.get(StepRepository);
    expect(steps).toBeInstanceOf(StepRepository);
    // Services get their repositories from DatabaseModule; none builds its own.
    expect((ref.get(StepsService) as unknown as { steps: unknown }).steps).toBe(steps);
    expect((ref.get(AccessService) as unknown as { steps: unknown }).steps).toBe(steps);
    expect((ref.get(PlansService) as unknown as { plans: unknown }).plans).toBe(ref.get(PlanRepository));
    expect(ref.get(RunningPlans)).toBeInstanceOf(RunningPlans);
    ref.get(MailTransport).close();
  });

  it('build the worker from the same database, config and mail modules', async () => {
    const ref = await Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(APP_CONFIG)
      .useValue(config)
      .overrideProvider(DataSource)
      .useValue(unopened)
      .compile();
    const transitions = ref.get(StepTransitionsService) as unknown as { steps: unknown; runningPlans: unknown };
    expect(transitions.steps).toBe(ref.get(StepRepository));
    expect(transitions.runningPlans).toBe(ref.get(RunningPlans));
    ref.get(MailTransport).close();
  });
});
