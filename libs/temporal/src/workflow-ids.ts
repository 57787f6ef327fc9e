/** The only place workflow IDs are built: business IDs, so starting twice finds the same execution. */
export const stepWorkflowId = (planId: string, stepId: string, orgUnitId?: string): string =>
  orgUnitId ? `step-${planId}-${stepId}-${orgUnitId}` : `step-${planId}-${stepId}`;

export const planWorkflowId = (planId: string): string => `plan-${planId}`;

/** A plan-run workflow over a sub-range of the run's instances (a province plan's commune-level share). */
export const planRangeWorkflowId = (planId: string, from: number, to: number): string => `plan-${planId}-r${from}-${to}`;

/** The workflow of one reported child-abuse case. */
export const caseWorkflowId = (planId: string, caseId: string): string => `case-${planId}-${caseId}`;

/** The digest workflow of a plan run: the weekly digest to the monitoring body and the daily digests of roles that opted in. */
export const digestWorkflowId = (planId: string): string => `digest-${planId}`;
