import type { AccessAction } from '#libs/domain/src/index.js';

/**
 * `list_plans`: any principal, who then sees only the plans they may read. `load_plans`: a signed-in person who is the
 * chairman or approving vice-chairman (at the commune) of some loaded plan — who may upload, import and start plans.
 */
export type RouteAccess = AccessAction | 'list_plans' | 'load_plans';

/**
 * Every route of the JSON API with the action the access policy decides on. A route of /api/v1 that is not listed
 * here is refused (403 ROUTE_NOT_CLASSIFIED) until it is: add a new route below, and to the authorization matrix
 * test, which also checks that this table names every route of the OpenAPI document.
 */
export const API_ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  'GET /api/v1/plans': 'list_plans',
  'GET /api/v1/me': 'list_plans',
  'GET /api/v1/my-work': 'list_plans',
  'GET /api/v1/approvals': 'list_plans',
  'GET /api/v1/plans/:planId/status': 'read_plan',
  'GET /api/v1/plans/:planId/steps': 'read_plan',
  'GET /api/v1/plans/:planId/roles': 'read_plan',
  'GET /api/v1/plans/:planId/dashboard': 'read_plan',
  'GET /api/v1/monitoring': 'list_plans',
  'GET /api/v1/monitoring.csv': 'list_plans',
  'GET /api/v1/admin/tokens': 'admin',
  'POST /api/v1/admin/tokens': 'admin',
  'DELETE /api/v1/admin/tokens/:id': 'admin',
  'GET /api/v1/admin/users': 'admin',
  'GET /api/v1/plans/:planId/cases': 'read_plan',
  'GET /api/v1/plans/:planId/cases/:caseId': 'read_plan',
  'GET /api/v1/plans/:planId/steps/:stepId': 'read_step',
  'GET /api/v1/plans/:planId/steps/:stepId/audit': 'read_step',
  'GET /api/v1/plans/:planId/steps/:stepId/files': 'read_files',
  'GET /api/v1/plans/:planId/steps/:stepId/files/:fileId': 'read_files',
  'GET /api/v1/plans/:planId/steps.csv': 'export',
  'GET /api/v1/plans/:planId/steps.xlsx': 'export',
  'GET /api/v1/plans/:planId/reports/ket-qua.docx': 'export',
  'POST /api/v1/plans/:planId/steps/:stepId/submission': 'act_step',
  'POST /api/v1/plans/:planId/steps/:stepId/approval': 'act_step',
  'POST /api/v1/plans/:planId/steps/:stepId/rejection': 'act_step',
  'POST /api/v1/plans/:planId/steps/:stepId/cancellation': 'act_step',
  'POST /api/v1/plans/:planId/steps/:stepId/reassignment': 'act_step',
  'POST /api/v1/plans/:planId/steps/:stepId/extension-request': 'act_step',
  'POST /api/v1/plans/:planId/steps/:stepId/extension-decision': 'act_step',
  'POST /api/v1/plans/:planId/steps/:stepId/files': 'act_step',
  'POST /api/v1/plans/:planId/cases': 'report_case',
  'POST /api/v1/plans/:planId/run': 'start_run',
  'GET /api/v1/assessments': 'list_plans',
  'GET /api/v1/plans/:planId/assessments': 'read_plan',
  'GET /api/v1/plans/:planId/assessments/:assessmentId': 'read_plan',
  'GET /api/v1/plans/:planId/assessments/:assessmentId/ho-so.docx': 'export',
  'POST /api/v1/plans/:planId/assessments': 'draft_assessment',
  'POST /api/v1/plans/:planId/assessments/:assessmentId/values': 'draft_assessment',
  'POST /api/v1/plans/:planId/assessments/:assessmentId/submission': 'draft_assessment',
  'POST /api/v1/plans/:planId/next-year-draft': 'start_run',
  'POST /api/v1/plan-drafts': 'load_plans',
  'GET /api/v1/plan-drafts': 'load_plans',
  'GET /api/v1/plan-drafts/:draftId': 'load_plans',
  'PUT /api/v1/plan-drafts/:draftId': 'load_plans',
  'DELETE /api/v1/plan-drafts/:draftId': 'load_plans',
  'POST /api/v1/plan-drafts/:draftId/validation': 'load_plans',
  'GET /api/v1/plan-drafts/:draftId/preview': 'load_plans',
  'GET /api/v1/plan-drafts/:draftId/plan.yaml': 'load_plans',
  'POST /api/v1/plan-drafts/:draftId/start': 'load_plans',
};

export const API_PREFIX = '/api/v1/';

/** `GET /api/v1/plans/:planId/status` from a controller's path and a handler's path ('/' or '' for the controller's own). */
export function routeKey(method: string, controllerPath: string, handlerPath: string): string {
  const path = `/${controllerPath}/${handlerPath}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  return `${method.toUpperCase()} ${path}`;
}
