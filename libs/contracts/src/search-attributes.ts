import {
  defineSearchAttributeKey,
  SearchAttributeType,
  type SearchAttributePair,
  type SearchAttributeUpdatePair,
} from '@temporalio/common';
import { INITIAL_STEP_STATE, STEP_WORKFLOW_REVISION, type StepLiveState, type StepWorkflowInput } from './step.contracts.js';

/**
 * The custom search attributes of dondoc's workflows, so an operator can ask the Temporal UI or CLI
 * `DondocPlanId = "…" AND DondocState = "overdue"`. Registered on the dev server (`--search-attribute`), on the cluster
 * and by each worker at its start (libs/temporal/src/search-attributes.ts); set by the workflows themselves.
 */
export const DONDOC_PLAN_ID = defineSearchAttributeKey('DondocPlanId', SearchAttributeType.KEYWORD);
export const DONDOC_STEP_ID = defineSearchAttributeKey('DondocStepId', SearchAttributeType.KEYWORD);
/** The village a step was fanned out to, or `commune` for the commune's own step. */
export const DONDOC_UNIT = defineSearchAttributeKey('DondocUnit', SearchAttributeType.KEYWORD);
/** assigned, submitted, returned, completed, cancelled, or overdue (past due while the assignee still owes the result). */
export const DONDOC_STATE = defineSearchAttributeKey('DondocState', SearchAttributeType.KEYWORD);
/** The effective due date (an extension granted moves it), as 00:00 of that day in Asia/Ho_Chi_Minh. */
export const DONDOC_DUE_DATE = defineSearchAttributeKey('DondocDueDate', SearchAttributeType.DATETIME);
/** The role that must do the step now (a reassignment changes it). */
export const DONDOC_ASSIGNEE = defineSearchAttributeKey('DondocAssignee', SearchAttributeType.KEYWORD);

export const DONDOC_SEARCH_ATTRIBUTES = [
  DONDOC_PLAN_ID,
  DONDOC_STEP_ID,
  DONDOC_UNIT,
  DONDOC_STATE,
  DONDOC_DUE_DATE,
  DONDOC_ASSIGNEE,
] as const;

/** The patch marker of the workflows that set these attributes (histories recorded before it replay without them). */
export const SEARCH_ATTRIBUTES_PATCH = 'dondoc-search-attributes';

/** The unit word for a step with no village. */
export const COMMUNE_UNIT = 'commune';

/** What a step's search attributes say for its live state: overdue wins while the assignee still owes the result. */
export function stepStateAttribute(live: Pick<StepLiveState, 'state' | 'overdue'>): string {
  return live.overdue && (live.state === 'assigned' || live.state === 'returned') ? 'overdue' : live.state;
}

/** 00:00 of a local date (YYYY-MM-DD) in Asia/Ho_Chi_Minh (UTC+7, no daylight saving), or undefined. */
export function localDayStart(date: string | undefined): Date | undefined {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const at = new Date(`${date}T00:00:00+07:00`);
  // A day that does not exist (30/02) would roll over: refuse it.
  return !Number.isNaN(at.getTime()) && new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10) === date ? at : undefined;
}

/** The search attributes of a step workflow in a given live state. */
export function stepSearchAttributes(input: StepWorkflowInput, live: StepLiveState): SearchAttributeUpdatePair[] {
  const due = localDayStart(live.extendedDue ?? input.dueDate);
  return [
    { key: DONDOC_PLAN_ID, value: input.planId },
    { key: DONDOC_STEP_ID, value: input.stepId },
    { key: DONDOC_UNIT, value: input.unit ?? COMMUNE_UNIT },
    { key: DONDOC_STATE, value: stepStateAttribute(live) },
    { key: DONDOC_ASSIGNEE, value: live.assignee ?? input.assignee },
    ...(due ? [{ key: DONDOC_DUE_DATE, value: due }] : []),
  ];
}

/** The patch marker of the workflows that start their steps with taggedStepStart (plan run, case). */
export const STEPS_TAGGED_AT_START_PATCH = 'dondoc-steps-tagged-at-start';

/**
 * What a starter (the plan-run and case workflows, the api for an assessment) passes to start a step workflow at the
 * current revision, with its search attributes and memo set in the start itself: the server writes them with the
 * start, and the workflow's first upserts (the memo, every attribute) and its patch markers are saved.
 */
export function taggedStepStart(input: StepWorkflowInput): {
  args: [StepWorkflowInput];
  typedSearchAttributes: SearchAttributePair[];
  memo?: { title: string };
} {
  return {
    args: [{ ...input, revision: STEP_WORKFLOW_REVISION }],
    typedSearchAttributes: stepSearchAttributes(input, input.resume ?? INITIAL_STEP_STATE) as SearchAttributePair[],
    ...(input.title ? { memo: { title: input.title } } : {}),
  };
}

/** The pairs of `next` that differ from `prev` (what an upsert has to send). */
export function changedAttributes(prev: SearchAttributeUpdatePair[], next: SearchAttributeUpdatePair[]): SearchAttributeUpdatePair[] {
  const key = (v: unknown) => (v instanceof Date ? `d${v.getTime()}` : `v${String(v)}`);
  const before = new Map(prev.map((p) => [p.key.name, key(p.value)]));
  return next.filter((p) => before.get(p.key.name) !== key(p.value));
}
