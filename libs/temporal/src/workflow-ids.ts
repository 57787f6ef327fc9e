/** The only place workflow IDs are built: business IDs, so starting twice finds the same execution. */
export const stepWorkflowId = (planId: string, stepId: string, orgUnitId?: string): string =>
  orgUnitId ? `step-${planId}-${stepId}-${orgUnitId}` : `step-${planId}-${stepId}`;

export const planWorkflowId = (planId: string): string => `plan-${planId}`;
