import { defineQuery } from '@temporalio/workflow';
import type { InstanceRange } from '../../domain/src/fan-out.js';
import type { StepWorkflowInput } from './step.contracts.js';

/**
 * What a plan-run workflow is started with. The root covers all of a run's step instances (in the fixed order the
 * worker reads them from PostgreSQL); a child covers a sub-range. Only IDs and numbers: the step inputs are read
 * by an activity, so a province plan's thousands of instances never travel in one payload.
 */
export interface PlanRunInput {
  planId: string;
  /** Absent on the root: the worker counts the run's instances. */
  range?: InstanceRange;
  /** At most this many children per workflow (MAX_CHILDREN_PER_WORKFLOW unless configured lower). */
  maxChildren: number;
}

/** What one plan-run workflow knows of its own children (the status API reads PostgreSQL for the whole picture). */
export interface PlanRunProgress {
  /** Step instances under this workflow. */
  instances: number;
  /** Child workflows it started: step workflows, or plan-run workflows over sub-ranges. */
  children: number;
  /** Step workflows that were already running when this run started them (a run started again). */
  alreadyRunning: number;
  /** Children that have finished; for sub-range children, their instances count once they all finish. */
  closedInstances: number;
  completed: number;
  cancelled: number;
}

export const getPlanRunProgress = defineQuery<PlanRunProgress>('getPlanRunProgress');

export interface PlanRunSliceInput {
  planId: string;
  range: InstanceRange;
}

/** The step workflows of one slice, ready to start. */
export type PlanRunSlice = (StepWorkflowInput & { workflowId: string })[];

export const PLAN_RUN_WORKFLOW_TYPE = 'planRunWorkflow';

/** A child-abuse case: its workflow starts the case's two step workflows (emergency intervention, support plan). */
export interface CaseWorkflowInput {
  planId: string;
  caseId: string;
}

export interface CaseOutcome {
  caseId: string;
  /** Final state of each case step, by instance key. */
  steps: Record<string, string>;
}

export const CASE_WORKFLOW_TYPE = 'caseWorkflow';
