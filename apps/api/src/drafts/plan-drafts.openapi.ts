import { planModelOpenApiSchema } from '#libs/domain/src/index.js';

/** The answers of the plan draft API as OpenAPI schemas, added to the document beside the others (common/openapi.ts). */
type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str = (description?: string, extra: Schema = {}): Schema => ({ type: 'string', ...(description ? { description } : {}), ...extra });
const nstr = (description?: string, extra: Schema = {}): Schema => ({ ...str(description, extra), nullable: true });
const int = (description?: string, extra: Schema = {}): Schema => ({ type: 'integer', ...(description ? { description } : {}), ...extra });
const arr = (items: Schema, description?: string): Schema => ({ type: 'array', items, ...(description ? { description } : {}) });
const obj = (properties: Record<string, Schema>, required: string[] = Object.keys(properties), description?: string): Schema => ({
  type: 'object',
  ...(description ? { description } : {}),
  properties,
  required,
});
const instant = (description?: string): Schema => str(description, { format: 'date-time' });
const date = (description?: string): Schema => str(description, { format: 'date' });

const person = obj({ id: str(undefined, { format: 'uuid' }), name: str('The display name') });
const roleName = obj({ key: str('Role key'), title: str("The role's title"), person: nstr('Who holds it (the plan file names them)') });

export const DRAFT_SCHEMAS: Record<string, Schema> = {
  PlanModel: planModelOpenApiSchema(),
  DraftSummary: obj(
    {
      id: str(undefined, { format: 'uuid' }),
      title: str("The plan's title (plan.title), or a placeholder while it has none"),
      source: obj({
        kind: str('document: an imported plan document; plan_file: an uploaded plan file; next_year: the clone of a loaded plan', {
          enum: ['document', 'plan_file', 'next_year'],
        }),
        name: str('The uploaded file name, or the cloned plan id'),
        planId: nstr('next_year: the plan it was cloned from'),
      }),
      version: int('Raised by every save; a save names the version it read', { minimum: 1 }),
      createdBy: person,
      updatedBy: person,
      createdAt: instant(),
      updatedAt: instant(),
      updatedAtVi: str('`updatedAt` dd/mm/yyyy hh:mm (Asia/Ho_Chi_Minh)'),
      startedPlanId: nstr('Once started: the plan it became (the draft is then read-only)'),
      startedAt: nullable(instant()),
    },
    undefined,
    'A plan draft without its content (the list)',
  ),
  DraftTodo: obj({
    path: str('The field path in the model: items.0.steps.2.due, roles.chairman.email …'),
    text: str('What the value should be'),
  }),
  DraftDiagnostic: obj(
    {
      path: str("The field path in the model it belongs to ('' for the plan as a whole)"),
      severity: str('error: the plan cannot start; warning: it can', { enum: ['error', 'warning'] }),
      message: str('What is wrong (Vietnamese)'),
      code: str('A stable English identifier (UNKNOWN_ROLE, PLAN_TODO, DUE_ON_REST_DAY …)'),
      line: int('In the plan file (plan.yaml)', { minimum: 1 }),
      col: int(undefined, { minimum: 1 }),
      file: str(),
      vars: { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } },
    },
    ['path', 'severity', 'message', 'line', 'col'],
  ),
  DraftCheck: obj(
    {
      valid: { type: 'boolean', description: 'true: no error, the plan can start' },
      todos: arr(ref('DraftTodo'), 'Every value still to be given, in document order'),
      diagnostics: arr(ref('DraftDiagnostic'), 'The checks of `plan validate`, errors and warnings, each at its field path'),
    },
    undefined,
    'The checks of a model (as `plan validate`)',
  ),
  PlanDraft: {
    allOf: [
      ref('DraftSummary'),
      ref('DraftCheck'),
      obj({
        model: ref('PlanModel'),
        rewrite: arr(
          str(),
          'next_year: what the clone changed or could not (titles rewritten for the new year, dates moved, text marked TODO)',
        ),
      }),
    ],
  },
  DraftConflict: {
    allOf: [
      ref('Error'),
      obj(
        {
          version: int('DRAFT_CHANGED: the version now', { minimum: 1 }),
          changedBy: { ...person, description: 'DRAFT_CHANGED: who saved it last' },
          changedAt: instant('DRAFT_CHANGED: when'),
          planId: str('DRAFT_STARTED: the plan it became'),
        },
        [],
      ),
    ],
    description:
      '409 DRAFT_CHANGED (with version, changedBy, changedAt): someone saved the draft after it was read; nothing was saved. 409 DRAFT_STARTED (with planId): the draft is a running plan now. 409 PLAN_EXISTS.',
  },
  DraftInvalid: {
    allOf: [
      ref('Error'),
      obj(
        {
          diagnostics: arr(ref('DraftDiagnostic'), 'DRAFT_INVALID: every error and warning at its field path'),
          todos: arr(ref('DraftTodo')),
        },
        [],
      ),
    ],
    description:
      '422 DRAFT_INVALID: the draft fails the checks of `plan validate`; nothing was started. Also 422 VALIDATION_FAILED and NOT_A_PLAN with `errors`.',
  },
  DraftPreview: obj({
    planId: str(),
    title: str(),
    page: int(undefined, { minimum: 1 }),
    pageSize: int(undefined, { minimum: 1, maximum: 500 }),
    total: int('Dated step instances in all pages', { minimum: 0 }),
    pages: int(undefined, { minimum: 1 }),
    triggered: arr(obj({ stepId: str(), title: str() }), 'Steps that start on an event (no fixed date)'),
    items: arr(
      obj({
        stepId: str('The step of the plan file'),
        title: str(),
        unitId: nstr('The village of a fan-out instance'),
        unitName: nstr(),
        period: nstr('YYYY-MM of a monthly instance'),
        assignee: roleName,
        due: date(),
        dueVi: str('dd/mm/yyyy'),
        events: arr(
          obj({
            kind: str('reminder, escalation, approval-escalation', { enum: ['reminder', 'escalation', 'approval-escalation'] }),
            kindLabel: str('The kind in Vietnamese'),
            date: date(),
            dateVi: str('dd/mm/yyyy'),
            to: roleName,
          }),
          'The reminders and escalations of the instance, in date order, as `plan preview` shows them',
        ),
      }),
    ),
  }),
  DraftDeleted: obj({ id: str(undefined, { format: 'uuid' }), deleted: { type: 'boolean', enum: [true] } }),
  DraftStarted: obj({
    planId: str('The plan started'),
    draftId: str(undefined, { format: 'uuid' }),
    mode: str(undefined, { enum: ['rehearsal', 'real'] }),
    alreadyLoaded: { type: 'boolean', description: 'The plan was loaded before with the same content' },
  }),
};

function nullable(s: Schema): Schema {
  return { ...s, nullable: true };
}
