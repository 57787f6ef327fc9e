import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { COMMUNE_CLASSES, STATUS_BUCKETS, STEP_STATES } from '#libs/domain/src/index.js';
import { SESSION_COOKIE } from '../auth/session.js';
import { ACTOR_HEADER } from './actor.decorator.js';
import { DRAFT_SCHEMAS } from '../drafts/plan-drafts.openapi.js';

/**
 * What the API answers, as OpenAPI schemas (`#/components/schemas/…`): one error shape for every refusal, and the
 * bodies of /api/v1. The response decorators below name them; `finishDocument` adds them, the security schemes and
 * the request rules the validation pipe enforces (no unknown field) to the generated document.
 */
type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str = (description?: string, extra: Schema = {}): Schema => ({ type: 'string', ...(description ? { description } : {}), ...extra });
const nstr = (description?: string, extra: Schema = {}): Schema => ({ ...str(description, extra), nullable: true });
const int = (description?: string, extra: Schema = {}): Schema => ({ type: 'integer', ...(description ? { description } : {}), ...extra });
const num = (description?: string): Schema => ({ type: 'number', ...(description ? { description } : {}) });
const bool = (description?: string): Schema => ({ type: 'boolean', ...(description ? { description } : {}) });
const date = (description?: string): Schema => str(description, { format: 'date' });
const instant = (description?: string): Schema => str(description, { format: 'date-time' });
const arr = (items: Schema, description?: string): Schema => ({ type: 'array', items, ...(description ? { description } : {}) });
const obj = (properties: Record<string, Schema>, required: string[] = Object.keys(properties), description?: string): Schema => ({
  type: 'object',
  ...(description ? { description } : {}),
  properties,
  required,
});
const nullable = (s: Schema): Schema => ('$ref' in s ? { type: 'object', allOf: [s], nullable: true } : { ...s, nullable: true });
/** An indicator's value: a number, yes/no, or null (none yet). */
const indicatorValue: Schema = { oneOf: [{ type: 'number', nullable: true }, { type: 'boolean' }] };

const STEP_BUCKETS = [...STATUS_BUCKETS, 'cancelled'];
const bucketCounts = obj(
  Object.fromEntries(STEP_BUCKETS.map((b) => [b, int(undefined, { minimum: 0 })])),
  STEP_BUCKETS,
  'Step count per bucket (cancelled steps apart)',
);

export const API_SCHEMAS: Record<string, Schema> = {
  Error: obj(
    {
      code: str('What went wrong, for programs (English, UPPER_SNAKE): VALIDATION_FAILED, PLAN_NOT_FOUND, ACCESS_DENIED, RATE_LIMITED …', {
        example: 'VALIDATION_FAILED',
      }),
      message: str('What went wrong, for people (Vietnamese)', { example: 'Dữ liệu gửi lên chưa hợp lệ.' }),
      detail: str('The same in English, with the technical detail'),
      errors: {
        type: 'object',
        description: 'The field, parameter or header at fault → its Vietnamese message (`values.6.1`, `body`, `content-type` …)',
        additionalProperties: { type: 'string' },
      },
      reason: str(
        'Why access was refused (401/403): NO_ROLE_IN_PLAN, ROLE_NOT_VALID_ON_DATE, MONITOR_READ_ONLY, OUTSIDE_VILLAGE, NOT_PLAN_MANAGER, VILLAGE_ROLE, NOT_ADMIN, TOKEN_READ_ONLY, TOKEN_OUTSIDE_SCOPE, TOKEN_UNIT_NOT_VALID_ON_DATE, ROUTE_NOT_CLASSIFIED …',
      ),
      retryAfterSeconds: int('429, 503: seconds to wait (also in Retry-After)', { minimum: 0 }),
      errorId: str('500: the id of the error in the server log'),
    },
    ['code', 'message'],
    'Every refusal of the API: a code for programs, a Vietnamese message for people, the fields at fault in `errors`. Nothing was changed.',
  ),
  Lateness: obj({
    workingDays: int('Working days late (0 when on time)', { minimum: 0 }),
    calendarDays: int('Calendar days late', { minimum: 0 }),
  }),
  PlanClock: obj(
    {
      planEpoch: instant('Plan time at realEpoch'),
      realEpoch: instant('Real time at planEpoch'),
      speed: { type: 'number', exclusiveMinimum: true, minimum: 0, description: 'Plan seconds per real second' },
    },
    undefined,
    "The plan's clock: plan time = planEpoch + (now − realEpoch) × speed",
  ),
  BucketCount: obj({ count: int(undefined, { minimum: 0 }), label: str('The bucket in Vietnamese') }),
  Buckets: obj(
    Object.fromEntries(STATUS_BUCKETS.map((b) => [b, ref('BucketCount')])),
    [...STATUS_BUCKETS],
    'The four official buckets (cancelled steps are not counted)',
  ),
  BucketCounts: bucketCounts,
  StepView: obj(
    {
      stepId: str('The step instance: I01.5, I01.4-thon_03 (a village), I03.1-2023-04 (a month)'),
      specStepId: str('The step of the plan file'),
      unitId: nstr('The village of a fan-out instance'),
      period: nstr('YYYY-MM of a monthly instance'),
      caseId: nstr('The child-abuse case this step belongs to'),
      itemId: str(),
      title: str(),
      assignee: str('Role key of the assignee'),
      approver: nstr('Role key of the approver (none: done when submitted)'),
      startDate: nullable(date()),
      dueDate: date('Due date (local)'),
      dueDateVi: str('The due date dd/mm/yyyy'),
      extendedDueDate: nullable(date('The date granted by an extension; the statistic keeps dueDate')),
      state: str(undefined, { enum: [...STEP_STATES] }),
      stateLabel: str('The state in Vietnamese'),
      overdue: bool(),
      bucket: str(undefined, { enum: STEP_BUCKETS }),
      bucketLabel: str('The bucket in Vietnamese'),
      submittedAt: nullable(instant()),
      completedAt: nullable(instant()),
      completedAtPlan: nullable(instant('Completion in plan time')),
      workflowId: str(),
      updatedAt: instant(),
      late: ref('Lateness'),
      assigneeRole: ref('RoleRef'),
      approverRole: nullable(ref('RoleRef')),
      village: nullable(ref('UnitRef')),
      itemTitle: str('The title of the plan item the step belongs to'),
    },
    [
      'stepId',
      'specStepId',
      'unitId',
      'period',
      'caseId',
      'itemId',
      'title',
      'assignee',
      'approver',
      'startDate',
      'dueDate',
      'dueDateVi',
      'extendedDueDate',
      'state',
      'stateLabel',
      'overdue',
      'bucket',
      'bucketLabel',
      'submittedAt',
      'completedAt',
      'completedAtPlan',
      'workflowId',
      'updatedAt',
    ],
    'A step instance with its status; `late` (in the status and steps answers) counts to today in plan time while it is open. The status, steps and step answers also name its codes: `assigneeRole`, `approverRole`, `village`, `itemTitle`',
  ),
  RoleRef: obj(
    {
      roleKey: str('The role key (for programs)'),
      title: str("The role's title in the plan"),
      holders: arr(str(), "Who holds it now (for a village role, in the step's village); empty when nobody is recorded"),
    },
    undefined,
    'A role as people read it',
  ),
  UnitRef: obj({ id: str(), name: str('The unit (village, commune) by its name') }),
  PlanRef: obj({ id: str(), number: str('The plan document number'), title: str() }),
  Submission: obj(
    {
      version: int('1 for the first submission, 2 after a return …', { minimum: 1 }),
      note: nstr('The note sent with the evidence'),
      by: nstr('Who submitted, in words'),
      at: instant(),
      atVi: str(),
      atPlan: instant(),
      atPlanVi: str(),
      links: arr(str(undefined, { format: 'uri' })),
      files: arr(
        obj({
          id: str(undefined, { format: 'uuid' }),
          name: str(),
          sha256: str(),
          size: int('Bytes', { minimum: 0 }),
          href: str('The API path that downloads it'),
        }),
      ),
    },
    undefined,
    'The evidence of the latest submission',
  ),
  SubmissionEvidence: obj({
    version: int('1 for the first submission, 2 after a return …', { minimum: 1 }),
    links: arr(str(undefined, { format: 'uri' })),
    files: arr(obj({ id: str(undefined, { format: 'uuid' }), name: str(), sha256: str(), size: int(undefined, { minimum: 0 }) })),
  }),
  StepEvent: obj(
    {
      seq: int(),
      kind: str('assigned, submitted, approved, returned, overdue, reminder, escalation, reassigned, cancelled, extension_requested …'),
      actor: nstr('Role key of who acted'),
      note: nstr(),
      at: instant(),
      atPlan: instant('In plan time'),
      evidence: nullable(ref('SubmissionEvidence')),
      atVi: str('`at` dd/mm/yyyy hh:mm (Asia/Ho_Chi_Minh)'),
      atPlanVi: str('`atPlan` dd/mm/yyyy hh:mm'),
    },
    ['seq', 'kind', 'actor', 'note', 'at', 'atPlan', 'atVi', 'atPlanVi'],
  ),
  StepDetail: {
    allOf: [
      ref('StepView'),
      obj({
        plan: ref('PlanRef'),
        assigneeRole: ref('RoleRef'),
        village: nullable(ref('UnitRef')),
        itemTitle: str(),
        submission: nullable(ref('Submission')),
        events: arr(ref('StepEvent'), 'The history, oldest first'),
      }),
    ],
  },
  AuditVerdict: obj(
    {
      valid: bool(),
      events: int(undefined, { minimum: 0 }),
      brokenAtSeq: int('The first altered event'),
      reason: str('What does not match'),
    },
    ['valid', 'events'],
    "The step's audit hash chain, recomputed",
  ),
  PlanSummary: obj({
    id: str(),
    number: str('The plan document number'),
    title: str(),
    year: int(),
    issuer: str("The issuing People's Committee"),
    runStartedAt: nullable(instant()),
    clock: nullable(ref('PlanClock')),
    planNow: nullable(instant('Now in plan time (a rehearsal runs in its own year)')),
    stepCount: int('Steps in the official statistic', { minimum: 0 }),
    cancelledCount: int(undefined, { minimum: 0 }),
    buckets: ref('Buckets'),
  }),
  ItemUnitCounts: obj({ itemId: str(), unitId: str("The village, '' for the commune itself"), counts: ref('BucketCounts') }),
  AssigneeCounts: obj({
    assignee: str('Role key'),
    title: str("The role's title"),
    person: nstr('Who holds it'),
    total: int(undefined, { minimum: 0 }),
    buckets: ref('Buckets'),
  }),
  StepProgress: obj({
    stepId: str('The step of the plan file'),
    instances: int(undefined, { minimum: 1 }),
    completed: int(undefined, { minimum: 0 }),
    completedOnTime: int(undefined, { minimum: 0 }),
    percentComplete: num(),
    onTimeRatio: str('e.g. 9/10'),
  }),
  CaseKpis: obj({
    reported: int(undefined, { minimum: 0 }),
    emergencyInTime: int(undefined, { minimum: 0 }),
    supportPlansApprovedInTime: int(undefined, { minimum: 0 }),
    pctSupportPlansApprovedInTime: { type: 'number', nullable: true },
  }),
  PageInfo: obj({
    page: int(undefined, { minimum: 1 }),
    pageSize: int(undefined, { minimum: 1, maximum: 500 }),
    total: int('Steps in all pages', { minimum: 0 }),
    pages: int(undefined, { minimum: 0 }),
  }),
  PlanStatus: {
    allOf: [
      ref('PlanSummary'),
      obj(
        {
          byState: { type: 'object', description: 'Step count per state', additionalProperties: { type: 'integer', minimum: 0 } },
          byItemUnit: arr(ref('ItemUnitCounts')),
          byAssignee: arr(ref('AssigneeCounts')),
          progress: arr(ref('StepProgress')),
          cases: ref('CaseKpis'),
          stepsTotal: int('How many steps the plan has (cancelled ones included)', { minimum: 0 }),
          stepsPage: ref('PageInfo'),
          steps: arr(ref('StepView'), 'Every step in item order; with `page` or `pageSize`, one page of them (`stepsPage` says which)'),
        },
        ['byState', 'byItemUnit', 'byAssignee', 'progress', 'cases', 'stepsTotal', 'steps'],
      ),
    ],
  },
  UnitStatus: {
    allOf: [
      ref('PlanSummary'),
      obj({
        unit: obj({ id: str(), name: str(), units: arr(str(), 'The units counted: the unit and every unit below it') }),
        byItemUnit: arr(ref('ItemUnitCounts')),
        byAssignee: arr(ref('AssigneeCounts')),
      }),
    ],
  },
  StepsPage: { allOf: [ref('PageInfo'), obj({ items: arr(ref('StepView')) })] },
  Role: obj(
    {
      key: str(),
      unit: str(),
      title: str(),
      person: str(),
      email: str(undefined, { format: 'email' }),
      supervisor: str(),
      deputyFor: str(),
      lead: bool(),
      external: bool(),
      fanOut: str('The group of villages it is held in, one holder each'),
      validFrom: date(),
      validTo: date(),
      successor: str(),
      digest: str(undefined, { enum: ['daily'] }),
    },
    ['key', 'unit', 'title', 'person', 'email'],
  ),
  RunStarted: obj({
    clock: ref('PlanClock'),
    stepsCreated: int('Step rows written by this call (0 when the run had started)', { minimum: 0 }),
    runWorkflowId: str(),
    runStarted: bool('false: the run was already started (the call is idempotent)'),
  }),
  EvidenceFile: obj({
    id: str('What a submission names in fileIds', { format: 'uuid' }),
    planId: str(),
    stepId: str(),
    name: str(),
    contentType: str(),
    size: int('Bytes', { minimum: 1 }),
    sha256: str(undefined, { pattern: '^[0-9a-f]{64}$' }),
    uploadedBy: str('Role key'),
    uploadedAt: instant(),
  }),
  Case: obj({
    planId: str(),
    caseId: str(),
    unitId: nstr(),
    summary: str(),
    reportedBy: str('Role key'),
    reportedAtPlan: instant(),
    reportedAt: instant(),
    workflowId: str(),
    steps: arr(ref('StepView'), "The case's steps: the 12-hour emergency intervention and the support plan"),
  }),
  AssessmentScore: obj({
    setId: str(),
    communeClass: str(undefined, { enum: [...COMMUNE_CLASSES] }),
    passMark: num(),
    total: num(),
    maxTotal: num(),
    passed: bool(),
    criteria: arr(
      obj({
        no: int(),
        title: str(),
        points: num(),
        maxPoints: num(),
        zero: bool('A criterion at 0 fails the assessment'),
        indicators: arr(obj({ id: str(), title: str(), value: indicatorValue, points: num(), maxPoints: num(), missing: bool() })),
      }),
    ),
    zeroCriteria: arr(int()),
    missingIndicators: arr(str()),
    reasons: arr(str(), 'Why it fails (Vietnamese); empty when it passes'),
  }),
  AssessmentEvidenceItem: {
    oneOf: [
      obj({ kind: str(undefined, { enum: ['file'] }), fileId: str(undefined, { format: 'uuid' }), name: str() }),
      obj({ kind: str(undefined, { enum: ['link'] }), url: str(undefined, { format: 'uri' }), label: nstr() }),
    ],
  },
  FeedingStep: obj({
    stepId: str(),
    specStepId: str(),
    title: str(),
    assignee: str(),
    unitId: nstr(),
    state: str(undefined, { enum: [...STEP_STATES] }),
    bucket: str(undefined, { enum: STEP_BUCKETS }),
    dueDate: date(),
    files: int(undefined, { minimum: 0 }),
  }),
  IndicatorEvidence: obj({
    indicatorId: str(),
    completed: arr(ref('FeedingStep')),
    open: arr(ref('FeedingStep')),
    attached: arr(ref('AssessmentEvidenceItem')),
    missing: bool(),
  }),
  Assessment: obj({
    planId: str(),
    assessmentId: str(undefined, { pattern: '^DG\\d{4}$' }),
    unitId: str(),
    unitName: str(),
    year: int(),
    criteriaSet: obj({ id: str(), decision: obj({ ref: str(), date: date(), title: str() }) }),
    communeClass: str(undefined, { enum: [...COMMUNE_CLASSES] }),
    values: { type: 'object', description: 'Indicator id → value', additionalProperties: indicatorValue },
    version: int(),
    score: ref('AssessmentScore'),
    unverified: arr(str(), 'Indicators whose encoding of the decision is still to be checked against its text'),
    units: { type: 'object', description: 'Indicator id → its unit (%, per_1000, yes_no …)', additionalProperties: { type: 'string' } },
    submittedScore: nullable(ref('AssessmentScore')),
    evidence: arr(ref('IndicatorEvidence')),
    previous: nullable(
      obj({
        planId: str(),
        assessmentId: str(),
        year: int(),
        comparison: obj({
          total: obj({ before: num(), after: num(), delta: num() }),
          criteria: arr(
            obj({
              no: int(),
              before: { type: 'number', nullable: true },
              after: { type: 'number', nullable: true },
              delta: { type: 'number', nullable: true },
            }),
          ),
          newlyZero: arr(int()),
          recovered: arr(int()),
          passedBefore: bool(),
          passedAfter: bool(),
        }),
      }),
    ),
    step: nullable(ref('StepView')),
  }),
  AssessmentCreated: { allOf: [obj({ created: bool("false: the year's assessment was already open; this is it") }), ref('Assessment')] },
  AssessmentOverview: obj({
    planId: str(),
    assessmentId: str(),
    unitId: str(),
    unitName: str(),
    year: int(),
    communeClass: str(undefined, { enum: [...COMMUNE_CLASSES] }),
    total: num(),
    maxTotal: num(),
    passMark: num(),
    passed: bool(),
    zeroCriteria: arr(int()),
    missingIndicators: int(undefined, { minimum: 0 }),
    state: nstr(undefined, { enum: [...STEP_STATES, null] }),
    bucket: nstr(undefined, { enum: [...STEP_BUCKETS, null] }),
  }),
  WorkItem: obj({
    planId: str(),
    planNumber: str('The plan document number'),
    planTitle: str(),
    itemId: str(),
    itemTitle: str(),
    stepId: str(),
    title: str('The step title'),
    unitId: nstr('The village of a fan-out step'),
    unitName: nstr('The village by name'),
    state: str(undefined, { enum: [...STEP_STATES] }),
    bucket: str('The bucket as a person sees it: the official one, or awaiting (submitted) / returned', {
      enum: [...STATUS_BUCKETS, 'awaiting', 'returned', 'cancelled'],
    }),
    assignee: ref('RoleRef'),
    approver: nullable(ref('RoleRef')),
    dueDate: date('Due date (local; the extended one when an extension was granted)'),
    workingDaysLeft: {
      type: 'integer',
      nullable: true,
      description: 'Working days left (0 on the day), negative when late; null while waiting for approval',
    },
    rehearsal: bool('The plan runs in plan time (a rehearsal): dates are plan dates'),
    planDate: date("Today in the plan's time"),
    returnReason: nstr('Why it was returned, when it was'),
    submission: nullable(
      obj({
        note: nstr(),
        links: arr(str(undefined, { format: 'uri' })),
        files: arr(obj({ id: str(undefined, { format: 'uuid' }), name: str(), size: int(undefined, { minimum: 0 }) })),
        at: instant('When it was submitted, in plan time'),
      }),
    ),
    actions: arr(
      str(undefined, { enum: ['submit', 'extend', 'approve', 'reject', 'reassign', 'cancel'] }),
      'What this person may do to the step now, by the roles they hold',
    ),
  }),
  WorkPage: obj({
    items: arr(ref('WorkItem')),
    page: int(undefined, { minimum: 1 }),
    pageSize: int(undefined, { minimum: 1, maximum: 200 }),
    total: int(undefined, { minimum: 0 }),
    pages: int(undefined, { minimum: 0 }),
    options: obj(
      { plans: arr(ref('Choice')), items: arr(ref('Choice')), villages: arr(ref('Choice')) },
      undefined,
      'What the filters can choose from (the whole list, not only this page)',
    ),
  }),
  Choice: obj({ id: str(), label: str() }),
  Me: obj({
    user: nullable(obj({ id: str(), name: str(), email: str(undefined, { format: 'email' }) })),
    principal: nstr('How the request was authenticated', { enum: ['user', 'token', 'role', null] }),
    commune: nstr("The commune (People's Committee) of the person's plans"),
    roles: arr(
      obj({
        planId: str(),
        planNumber: str(),
        planTitle: str(),
        role: str('Role key'),
        title: str("The role's title"),
        unitId: nstr('The village of a village role'),
        unitName: nstr(),
        monitor: bool('A role of the monitoring body (reads only)'),
      }),
    ),
    menu: arr(
      obj({
        key: str(undefined, { enum: ['my-work', 'approvals', 'plans', 'monitoring', 'assessments', 'import', 'admin'] }),
        path: str(),
        label: str(),
      }),
    ),
    counters: obj({
      myWork: int('Open steps to do', { minimum: 0 }),
      approvals: int('Submitted steps waiting for this person', { minimum: 0 }),
    }),
    csrfToken: nstr('Send as X-CSRF-Token with every state-changing /api/v1 request made with the session cookie'),
    dev: obj({
      mailbox: bool('The development mailbox answers this client'),
      apiDocs: bool('List the API docs (development, this machine)'),
    }),
  }),
  SignInRequest: obj({ email: str(undefined, { maxLength: 320 }), next: str('A path of this site to land on', { maxLength: 500 }) }, [
    'email',
  ]),
  SignInAccepted: obj({ message: str('What to do next (Vietnamese)') }),
  TimeBase: obj(
    {
      kind: str('plan: plan time of a rehearsal (another date or speed); real: real time', { enum: ['plan', 'real'] }),
      now: instant('Now in that time base'),
      today: date('Today (Vietnam) in that time base'),
      todayVi: str('today dd/mm/yyyy'),
      label: str('Which time base, in Vietnamese, to show on the page'),
    },
    undefined,
    'The one time base of a page',
  ),
  StatusCounts: obj(
    Object.fromEntries(STATUS_BUCKETS.map((b) => [b, int(undefined, { minimum: 0 })])),
    [...STATUS_BUCKETS],
    'Step count per official bucket',
  ),
  GroupFigures: obj(
    {
      total: int('Steps in the statistic', { minimum: 0 }),
      counts: ref('StatusCounts'),
      percentComplete: { type: 'number', nullable: true, description: 'Completed over all steps (%); null without steps' },
      onTimePercent: {
        type: 'number',
        nullable: true,
        description: 'Completed on time over completed or overdue (%); null before anything is due',
      },
      overdue: int('Open and past due', { minimum: 0 }),
    },
    undefined,
    'The figures of a group of steps (a plan, an item, a village, a commune)',
  ),
  GanttStep: obj({
    stepId: str(),
    title: str(),
    startDate: nullable(date()),
    dueDate: date(),
    dueDateVi: str(),
    extendedDueDate: nullable(date()),
    state: str(undefined, { enum: [...STEP_STATES] }),
    stateLabel: str(),
    bucket: str(undefined, { enum: STEP_BUCKETS }),
    display: str('The bucket a person sees: the four, or awaiting (submitted), returned, cancelled', {
      enum: [...STATUS_BUCKETS, 'awaiting', 'returned', 'cancelled'],
    }),
    displayLabel: str('`display` in Vietnamese'),
    assignee: ref('RoleRef'),
    village: nullable(ref('UnitRef')),
  }),
  PlanDashboard: obj({
    plan: obj({ id: str(), number: str(), title: str(), issuer: str(), year: int() }),
    runStartedAt: nullable(instant()),
    timeBase: ref('TimeBase'),
    totals: { allOf: [ref('GroupFigures'), obj({ cancelled: int(undefined, { minimum: 0 }), buckets: ref('Buckets') })] },
    byItem: arr({ allOf: [obj({ itemId: str(), title: str() }), ref('GroupFigures')] }),
    byVillage: arr(
      { allOf: [obj({ unitId: str(), name: str() }), ref('GroupFigures')] },
      'Per village (steps of the commune itself are not in any)',
    ),
    byMonth: arr(
      obj({
        month: str('YYYY-MM', { pattern: '^\\d{4}-\\d{2}$' }),
        label: str(),
        due: int(undefined, { minimum: 0 }),
        completedOnTime: int(undefined, { minimum: 0 }),
        completedLate: int(undefined, { minimum: 0 }),
      }),
      'Steps due and completed per month, without gaps',
    ),
    byWeek: arr(
      obj({ week: date('The Monday'), label: str(), onTime: int(undefined, { minimum: 0 }), late: int(undefined, { minimum: 0 }) }),
      'Completions per week, without gaps',
    ),
    gantt: arr(obj({ itemId: str(), title: str(), steps: arr(ref('GanttStep')) }), 'Per item, its steps in order'),
  }),
  OverdueStep: obj(
    {
      planId: str(),
      planNumber: str(),
      planTitle: str(),
      commune: ref('UnitRef'),
      stepId: str(),
      title: str(),
      itemId: str(),
      itemTitle: str(),
      village: nullable(ref('UnitRef')),
      assignee: ref('RoleRef'),
      dueDate: date(),
      dueDateVi: str(),
      extendedDueDate: nullable(date()),
      late: ref('Lateness'),
    },
    undefined,
    "An open step past its due date, by name; `late` counts to today in the plan's time base",
  ),
  MonitoredPlan: {
    allOf: [
      obj({
        id: str(),
        number: str(),
        title: str(),
        year: int(),
        commune: ref('UnitRef'),
        runStartedAt: nullable(instant()),
        timeBase: ref('TimeBase'),
        overdueTotal: int(undefined, { minimum: 0 }),
      }),
      ref('GroupFigures'),
    ],
  },
  Monitoring: obj({
    plans: arr(ref('MonitoredPlan')),
    overdueTotal: int('Overdue steps in all the plans', { minimum: 0 }),
    overdue: arr(ref('OverdueStep'), 'Most overdue first, at most 2000'),
    byCommune: arr({ allOf: [obj({ communeId: str(), name: str(), plans: int(undefined, { minimum: 0 }) }), ref('GroupFigures')] }),
    byVillage: arr({ allOf: [obj({ commune: ref('UnitRef'), planId: str(), unitId: str(), name: str() }), ref('GroupFigures')] }),
  }),
  ApiToken: obj(
    {
      id: str(undefined, { format: 'uuid' }),
      name: str('Who uses it'),
      unit: ref('UnitRef'),
      plan: nullable(ref('PlanRef')),
      state: str(undefined, { enum: ['active', 'revoked', 'expired'] }),
      stateLabel: str('The state in Vietnamese'),
      createdAt: instant(),
      expiresAt: nullable(instant()),
      revokedAt: nullable(instant()),
      lastUsedAt: nullable(instant()),
    },
    undefined,
    'An API token as administrators see it: never the token itself (only its SHA-256 is kept)',
  ),
  ApiTokenCreated: {
    allOf: [
      ref('ApiToken'),
      obj({
        token: str('The token, `ddt_` and 43 characters: shown this once; send it as Authorization: Bearer', {
          pattern: '^ddt_[A-Za-z0-9_-]{43}$',
        }),
        reads: arr(ref('PlanRef'), 'The loaded plans it reads now'),
      }),
    ],
  },
  ApiTokenRevoked: { allOf: [ref('ApiToken'), obj({ revokedNow: bool('false: it was revoked already') })] },
  AdminUsers: obj({
    total: int('People in all', { minimum: 0 }),
    users: arr(
      obj({
        id: str(undefined, { format: 'uuid' }),
        email: str(undefined, { format: 'email' }),
        name: str(),
        active: bool(),
        admin: bool('An administrator of the web app'),
        roles: arr(
          obj({
            plan: ref('PlanRef'),
            roleKey: str(),
            title: str(),
            village: nullable(ref('UnitRef')),
            source: str('plan (from the plan file) or admin (given with the CLI)'),
          }),
        ),
        delegations: arr(
          obj({
            id: str(undefined, { format: 'uuid' }),
            plan: ref('PlanRef'),
            roleKey: str(),
            title: str(),
            village: nullable(ref('UnitRef')),
            direction: str('given by this person, or received', { enum: ['given', 'received'] }),
            from: obj({ name: str(), email: str() }),
            to: obj({ name: str(), email: str() }),
            validFrom: date(),
            validTo: date(),
            validFromVi: str(),
            validToVi: str(),
            reason: str(),
            revoked: bool(),
          }),
          'Delegations (ủy quyền) given or received',
        ),
      }),
    ),
  }),
  ServiceCheck: obj({ ok: bool(), error: str() }, ['ok']),
  Health: obj({
    status: str(undefined, { enum: ['ok', 'degraded'] }),
    postgres: ref('ServiceCheck'),
    temporal: ref('ServiceCheck'),
    smtp: ref('ServiceCheck'),
    outbox: nullable(
      obj(
        { pending: int(undefined, { minimum: 0 }), failed: int(undefined, { minimum: 0 }), oldestPendingSince: nullable(instant()) },
        undefined,
        'Mails waiting or refused for good (null when the database cannot be read)',
      ),
    ),
  }),
};

/** A JSON body of `#/components/schemas/<name>` (or an array of them). */
export const schemaRef = (name: string): Schema => ref(name);
export const arrayOf = (name: string): Schema => arr(ref(name));

const ERROR_TEXT: Record<number, string> = {
  400: 'BODY_INVALID (unreadable JSON or form), PATH_INVALID (bad percent-encoding) …',
  401: 'ACTOR_REQUIRED (no token, session or actor header), TOKEN_INVALID, ACTOR_HEADER_DISABLED',
  403: 'ACCESS_DENIED or ACTOR_UNKNOWN with `reason`; ACTOR_NOT_ASSIGNEE, ACTOR_NOT_APPROVER, ACTOR_NOT_MANAGER',
  404: 'PLAN_NOT_FOUND, STEP_NOT_FOUND, FILE_NOT_FOUND, CASE_NOT_FOUND, ASSESSMENT_NOT_FOUND, TOKEN_NOT_FOUND, DRAFT_NOT_FOUND, ROUTE_NOT_FOUND',
  409: 'The state does not allow it: STEP_NOT_OPEN, STEP_NOT_SUBMITTED, STEP_BUSY, STEP_NOT_STARTED, EXTENSION_NOT_REQUESTED, PLAN_NOT_RUNNING, ASSESSMENT_LOCKED',
  410: 'Gone',
  413: 'BODY_TOO_LARGE, or UPLOAD_INVALID (a file over its limit)',
  415: 'UNSUPPORTED_MEDIA_TYPE: a body that is not JSON (or multipart for an upload)',
  422: 'VALIDATION_FAILED and the other refusals of what was sent, each field at fault in `errors`',
  429: 'RATE_LIMITED: too many requests from this client; Retry-After says when to try again',
  500: 'INTERNAL: unexpected; `errorId` names it in the log',
  503: 'UPDATE_TIMED_OUT: Temporal did not answer within TEMPORAL_UPDATE_TIMEOUT_MS; the change may still be made — read the step, then try again (Retry-After)',
};

/** Error answers (the shared `Error` body) for the given statuses, with what each means on this route. */
export const ApiErrors = (errors: Record<number, string | undefined> | number[]) =>
  applyDecorators(
    ...Object.entries(Array.isArray(errors) ? Object.fromEntries(errors.map((s) => [s, undefined])) : errors).map(([status, text]) =>
      ApiResponse({ status: Number(status), description: text ?? ERROR_TEXT[Number(status)] ?? 'Refused', schema: ref('Error') }),
    ),
  );

/** What every route of /api/v1 may answer whatever it does: a bad path (400), no principal (401), refused (403), too many requests (429), the unexpected (500). */
export const ApiV1Errors = () => ApiErrors([400, 401, 403, 429, 500]);

/** A POST with a JSON body: too large (413), not JSON (415); unreadable is 400, bad fields 422 (named per route). */
export const ApiJsonBodyErrors = () => ApiErrors([413, 415]);

const SECURITY_SCHEMES = {
  apiToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'opaque ddt_ token',
    description:
      'A read-only API token for an outside system: `Authorization: Bearer ddt_…`, an opaque random token (not a JWT) made by an administrator with `npm run -s cli -- token create`; only its SHA-256 is kept. Any write is 403 TOKEN_READ_ONLY; a revoked, expired or unknown one 401 TOKEN_INVALID.',
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'The staff session cookie (HttpOnly, SameSite=Lax; Secure over https), set by the e-mailed sign-in link (/dang-nhap) for 12 hours. A state-changing request with it must come from this site (Sec-Fetch-Site or Origin).',
  },
  actorHeader: {
    type: 'apiKey',
    in: 'header',
    name: ACTOR_HEADER,
    description:
      'Development and try-out only: names the acting role (e.g. `chairman`, `finance_officer`, `village_head@thon_03`) in the plan the URL names. Off by default: answered only with APP_ACTOR_HEADER=on and on the loopback interface; otherwise 401 ACTOR_HEADER_DISABLED.',
  },
};

/** The JSON request bodies of the API: the validation pipe refuses a field it does not know (422). */
const closeRequestBodies = (doc: OpenAPIObject) => {
  const closed = new Set<string>();
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item) as { requestBody?: { content?: Record<string, { schema?: Schema }> } }[]) {
      const schema = op?.requestBody?.content?.['application/json']?.schema;
      const name = typeof schema?.$ref === 'string' ? schema.$ref.split('/').pop()! : undefined;
      if (name) closed.add(name);
    }
  }
  for (const name of closed) {
    const s = doc.components?.schemas?.[name] as Schema | undefined;
    if (s) {
      s.additionalProperties = false;
      s.description ??= 'Any field not listed here is refused (422 VALIDATION_FAILED).';
    }
  }
};

/**
 * Completes the generated document: the response schemas, the three security schemes as they really are (an
 * opaque bearer token, the session cookie, the development-only actor header), the request bodies closed to unknown
 * fields, and the actor header moved from each operation's parameters to its security scheme.
 */
export function finishDocument(doc: OpenAPIObject): OpenAPIObject {
  doc.components ??= {};
  doc.components.schemas = { ...API_SCHEMAS, ...DRAFT_SCHEMAS, ...(doc.components.schemas ?? {}) };
  doc.components.securitySchemes = SECURITY_SCHEMES as never;
  closeRequestBodies(doc);
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const op of Object.values(item) as {
      parameters?: { name: string; in: string; description?: string }[];
      description?: string;
      security?: unknown;
      responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
    }[]) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      // A refusal is JSON even on a route that produces a file (@ApiProduces sets every answer's media type).
      for (const r of Object.values(op.responses)) {
        const error = Object.values(r.content ?? {}).find((m) => m.schema?.$ref === '#/components/schemas/Error');
        if (error) r.content = { 'application/json': { schema: error.schema } };
      }
      const actor = op.parameters?.find((p) => p.in === 'header' && p.name.toLowerCase() === ACTOR_HEADER.toLowerCase());
      if (actor) {
        op.parameters = op.parameters!.filter((p) => p !== actor);
        op.description = [op.description, `Acting role: ${actor.description ?? 'any role of the plan'}.`].filter(Boolean).join('\n\n');
      }
      // Health and the docs need no principal; every route of /api/v1 takes any one of the three.
      op.security = path.startsWith('/api/v1/') || path === '/api/v1' ? [{ apiToken: [] }, { session: [] }, { actorHeader: [] }] : [];
    }
  }
  delete (doc as { security?: unknown }).security;
  return doc;
}
