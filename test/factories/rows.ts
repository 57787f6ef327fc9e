import type { Provider, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { PlanRow, SignedInUser, StepRow } from '#libs/database/src/index.js';
import { rehearsalClock, startOfLocalDay, type PlanClock, type PlanSpec } from '#libs/domain/src/index.js';

/** A plan row as PlanRepository returns it; `running` gives it a run clock (real start 2026-01-05, plan start 2023-04-03, speed 1). */
export const planRowFactory = (spec: PlanSpec, over: Partial<PlanRow> & { running?: boolean } = {}): PlanRow => {
  const { running, ...rest } = over;
  const clock: PlanClock | null = running ? rehearsalClock(startOfLocalDay('2023-04-03'), new Date('2026-01-05T01:00:00Z'), 1) : null;
  return {
    id: spec.id,
    number: spec.number,
    title: spec.title,
    year: spec.year,
    issuerName: spec.issuer.name,
    spec,
    clock,
    runStartedAt: clock ? new Date(clock.realEpoch) : null,
    loadedAt: new Date('2026-01-01T00:00:00Z'),
    ...rest,
  };
};

/** A step row as StepRepository returns it: assigned, on time, due 2023-09-05. */
export const stepRowFactory = (over: Partial<StepRow> = {}): StepRow => ({
  planId: 'TEST-PLAN',
  stepId: 'I99.1',
  specStepId: 'I99.1',
  unitId: null,
  period: null,
  itemId: 'I99',
  title: 'Bước thử nghiệm',
  assignee: 'officer_ldtbxh',
  approver: 'vice_chair_vhxh',
  startDate: null,
  dueDate: '2023-09-05',
  dueAtReal: new Date('2026-06-07T17:00:00Z'),
  workflowId: 'step-TEST-PLAN-I99.1',
  state: 'assigned',
  overdue: false,
  bucket: 'open_on_time',
  dueAtPlan: new Date('2023-09-05T17:00:00Z'),
  submittedAt: null,
  submittedAtPlan: null,
  completedAt: null,
  completedAtPlan: null,
  extendedDueDate: null,
  seq: 1,
  updatedAt: new Date('2026-01-05T01:00:00Z'),
  caseId: null,
  assessmentId: null,
  ...over,
});

export const signedInUserFactory = (over: Partial<SignedInUser> = {}): SignedInUser => ({
  id: 'u-1',
  email: 'officer-ldtbxh@test.example.org',
  displayName: 'Người officer_ldtbxh',
  active: true,
  sessionExpiresAt: new Date('2026-12-31T00:00:00Z'),
  ...over,
});

/** A stand-in for a repository or service in a unit test: only the methods the test gives exist. */
export const fake = <T>(methods: { [K in keyof T]?: unknown } = {}): T => methods as T;

/**
 * Builds `service` through Nest's testing module with every dependency replaced: `deps` are [token, value] pairs
 * (a repository class and its fake, APP_CONFIG and a config, …). Nothing is started.
 */
export async function unitUnderTest<S>(service: Type<S>, deps: [unknown, unknown][]): Promise<S> {
  const providers: Provider[] = [service, ...deps.map(([provide, useValue]) => ({ provide: provide as string, useValue }))];
  const ref = await Test.createTestingModule({ providers }).compile();
  return ref.get(service);
}

/** A DataSource stand-in whose transaction runs the callback with `manager` (the repositories are fakes). */
export const fakeDataSource = (manager: unknown = { fake: 'manager' }) =>
  fake<import('typeorm').DataSource>({ transaction: async (fn: (m: unknown) => unknown) => fn(manager), manager });

/** A Temporal client stand-in that records the workflows started (and refuses ids in `running` as already started). */
export function fakeTemporal(running: string[] = []) {
  const started: { type: string; workflowId: string; args: unknown[] }[] = [];
  const client = {
    workflow: {
      start: async (type: string, o: { workflowId: string; args: unknown[] }) => {
        if (running.includes(o.workflowId)) {
          const { WorkflowExecutionAlreadyStartedError } = await import('@temporalio/client');
          throw new WorkflowExecutionAlreadyStartedError('already started', o.workflowId, type);
        }
        started.push({ type, workflowId: o.workflowId, args: o.args });
      },
    },
  };
  return { client: client as unknown as import('@temporalio/client').Client, started };
}
