import { COMMUNE_CLASSES } from '../assessment/criteria-set.js';
import { ROLE_DIGESTS } from './plan.js';
import { date, DATE_PATTERN, ID_PATTERN, KEY_PATTERN, list, obj, req, str, type Field } from './schema-dsl.js';

/** The plan file format this engine reads. A new incompatible shape gets a new version. */
export const PLAN_FORMAT = 'dondoc/plan@1';

const key = (desc?: string) => str({ pattern: KEY_PATTERN, desc });
const id = (desc?: string) => str({ pattern: ID_PATTERN, desc });
const provenance = str({
  desc: 'Where a fact comes from: S (public source), SEED (the plan text), C (computed), A (assumption), with detail',
});

const kpi = obj({
  key: req(key('KPI key')),
  target: req({ t: 'number' }),
  unit: str(),
  op: str({ enum: ['>=', '<=', '='] as const, desc: 'How the value compares with the target (default >=)' }),
  note: str(),
  src: provenance,
});

const recurrence = obj(
  {
    freq: req(str({ enum: ['monthly'] as const })),
    from: req({ t: 'month', desc: 'First month, YYYY-MM' }),
    to: req({ t: 'month', desc: 'Last month, YYYY-MM' }),
    due: req({
      t: 'oneOf',
      options: [str({ enum: ['last_working_day_of_month', 'first_working_day_of_month'] as const }), { t: 'int', min: 1, max: 31 }],
      desc: 'The due day in each month: a rule, or a day of the month (rolled to a working day)',
    }),
  },
  'A step repeated every month: one instance per month',
);

/** Events a step's date can be tied to, year after year (see plan-anchors.ts). */
export const ANCHOR_EVENTS = [
  'children_day',
  'action_month_start',
  'action_month_end',
  'family_day',
  'drowning_day',
  'school_year_start',
  'mid_autumn',
  'tet_break_start',
] as const;

const dueAnchor = obj(
  {
    event: str({
      enum: ANCHOR_EVENTS,
      desc: 'A national event of the plan year: 1/6, the Action Month (1–30/6), 28/6, 25/7, 5/9, 15/8 lunar, the first day of the Tết break that ends the plan year',
    }),
    step: id("Another step of the plan: the date follows that step's due date"),
    day: str({
      pattern: '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$',
      desc: 'A fixed calendar day of the plan year, MM-DD',
      example: '11-30',
    }),
    rule: str({
      enum: ['as_is', 'last_working_day'] as const,
      desc: 'last_working_day: the last working day on or before the day or event (default as_is: a rest day rolls forward)',
    }),
    offset_wd: { t: 'int', min: -120, max: 120, desc: 'Working days after (or before, negative) the anchor' },
    src: provenance,
  },
  'What the due date depends on: exactly one of event, step or day; `plan clone` re-dates the step by it',
);

export const STEP_FIELDS = {
  id: req(id('Step id, unique in the plan, e.g. I01.5')),
  title: req(str()),
  assignee: req(key('Role that must do the step')),
  helpers: list(key(), 'Roles that help'),
  reviewer: key('Role that reviews (e.g. village sub-plans) without formal approval'),
  approval: key('Role that approves a submission (the vice-chairman)'),
  start: date('First day of work'),
  due: date('Due date (a deadline ends at 24:00 local; on a rest day it rolls to the next working day)'),
  due_by: date('No later than this date (trước ngày / chậm nhất ngày): due on the last working day on or before it, never rolled past it'),
  due_anchor: dueAnchor,
  due_lunar: { t: 'lunar', desc: 'Due date on the Vietnamese lunar calendar of the plan year, MM-DD (L prefix: leap month)' } as Field,
  event_date: date('Date of the event the step organises'),
  recurrence,
  trigger: str({ enum: ['case_reported'] as const, desc: 'The step starts on an event instead of a date' }),
  fan_out: key('Unit group the step is repeated for, one instance per unit (e.g. villages_all)'),
  escalation: key('Escalation chain of the policies (default commune_officer)'),
  reminders_wd: list({ t: 'int', min: -60, max: 0 }, 'Reminder offsets in working days relative to the due date (overrides the default)'),
  evidence: str({ desc: 'Evidence expected (minh chứng)' }),
  recipient: key('Role or monitoring_body the result goes to'),
  kpis: list(kpi),
  source: str({ desc: 'Section of the plan document the step implements, e.g. II.4' }),
  indicators: list(
    str({ desc: 'An indicator id such as "6.1", or a criterion number such as "6" for all its indicators', example: '6.1' }),
    'Indicators of the child-friendly commune assessment (QĐ 06/QĐ-TTg) the step supplies evidence for',
  ),
  src: provenance,
} satisfies Record<string, Field & { required?: boolean }>;

const step = obj(STEP_FIELDS, 'One piece of work with an assignee and a due date');

const item = obj({
  id: req(id('Item id, e.g. I07')),
  title: req(str()),
  source: str({ desc: 'Section of the plan document, e.g. II.4' }),
  src: provenance,
  note: str(),
  window: obj({ from: req(date()), to: req(date()), src: provenance }, 'The period of an event such as the Action Month'),
  theme: str(),
  theme_note: str(),
  kpis: list(kpi),
  steps: req(list(step, 'Steps of the item', 1)),
});

const role = obj({
  unit: str({ desc: 'Org unit id, or "<prefix>_*" for a role held in each unit of a fan-out group (or give `units`)' }),
  units: list(
    obj({ unit: req(key('Org unit id')), from: date('First day in this unit'), to: date('Last day in this unit') }),
    'The units the role belongs to over time, in order, with no gap: a role moving to a successor unit on a date (e.g. the district Phòng LĐTB&XH until 28/02/2025, then its successor)',
    1,
  ),
  title: req(str()),
  person: req(str()),
  email: req(str({ desc: 'E-mail address; "{nn}" is replaced by the unit number for fan-out roles' })),
  supervisor: key('Role this one reports to (escalation)'),
  deputy_for: key('Role this one stands in for'),
  lead: { t: 'bool' },
  external: { t: 'bool', desc: 'Outside the People’s Committee (health station, youth union)' },
  fan_out: key('Unit group the role exists in (one holder per unit)'),
  valid_from: date(),
  valid_to: date(),
  successor: key('Role that takes over after valid_to'),
  digest: str({
    enum: ROLE_DIGESTS,
    desc: 'daily: the holder gets one mail per working day at 08:00 listing the reminders of the day and the overdue steps, instead of one reminder mail each',
  }),
  src: provenance,
});

const orgUnit = obj({
  id: req(key()),
  kind: req(
    str({
      enum: [
        'province',
        'province_dept',
        'district',
        'district_dept',
        'commune',
        'party_committee',
        'council',
        'office',
        'village',
      ] as const,
    }),
  ),
  parent: key(),
  name: req(str()),
  valid_from: date(),
  valid_to: date(),
  successor: key('Unit that takes over after valid_to'),
  placeholder: { t: 'bool', desc: 'The name is a stand-in until the real one is known' },
  src: provenance,
});

const rung = obj({
  after_wd: req({ t: 'int', min: 0, max: 120, desc: 'Working days after the due date' }),
  to: req(key('Role, or monitoring_body (resolved by date)')),
  mode: str({ enum: ['mail', 'digest'] as const }),
});

const policies = obj({
  reminders_default: req(
    obj({
      before_wd: req(list({ t: 'int', min: -60, max: 0 }, 'Offsets in working days relative to the due date, e.g. [-3, -1, 0]')),
      channel: str({ enum: ['email'] as const }),
      send_on_non_working_days: { t: 'bool' },
    }),
  ),
  escalation: req({
    t: 'map',
    keyPattern: KEY_PATTERN,
    desc: 'Escalation chains by name, plus the approval and child-abuse-case policies',
    of: {
      t: 'oneOf',
      options: [
        list(rung, 'A chain: rungs in order'),
        obj({
          approver: req(key()),
          sla_wd: req({ t: 'int', min: 0, max: 60 }),
          on_breach: req(obj({ to: req(key()) })),
          rejection_requires_reason: { t: 'bool' },
          resubmission_restarts_sla: { t: 'bool' },
        }),
        obj({
          clock: req(str({ enum: ['calendar_hours'] as const })),
          emergency_intervention_h: req({ t: 'int', min: 1, max: 240 }),
          to: req(key()),
          plan_drafting_wd: req({ t: 'int', min: 1, max: 60 }),
          plan_approver: req(key()),
          src: provenance,
        }),
      ],
    },
  }),
  monitoring_body_by_date: req(list(obj({ from: date(), until: date(), role: req(key()) }), 'Who monitors, by date', 1)),
  child_friendly_assessment: obj(
    {
      step: req(
        id('The plan step the assessment is drafted in: its assignee drafts, its approver approves, its reminders and escalation apply'),
      ),
      criteria: str({ desc: 'Criteria set the assessment is scored by (default qd-06-2019, QĐ 06/QĐ-TTg)' }),
      commune_class: req(
        str({
          enum: COMMUNE_CLASSES,
          desc: 'ordinary (pass ≥ 850), difficult: mountainous, island, especially difficult (≥ 800), urban_ward of a centrally-run city (≥ 900)',
        }),
      ),
      src: provenance,
    },
    'The child-friendly commune self-assessment (xã phù hợp với trẻ em), drafted in November of assessment years',
  ),
});

const calendar = obj({
  working_week: list(str({ enum: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const })),
  lunar_calendar: str({ enum: ['vietnamese_utc_plus_7'] as const }),
  deadline_roll: str({ enum: ['next_working_day'] as const }),
  deadline_instant: str({ enum: ['end_of_day_local'] as const }),
  days_off: list(obj({ from: req(date()), to: req(date()), name: req(str()), src: provenance }), 'Days off added to the shipped calendar'),
  makeup_working_days: list(obj({ date: req(date()), replaces: date(), src: provenance })),
});

export const PLAN_SCHEMA: Field = obj(
  {
    format: req(str({ enum: [PLAN_FORMAT] as const })),
    timezone: str({ enum: ['Asia/Ho_Chi_Minh'] as const }),
    calendar,
    plan: req(
      obj({
        id: req(id('Plan id, e.g. HG-2023-BVCSTE')),
        number: req(str({ desc: 'Document number, e.g. "12/KH-UBND" ("__/KH-UBND" while unknown)' })),
        issued_on: date(),
        title: req(str()),
        issuer: req(key('Org unit that issues the plan')),
        signer: obj({ role: req(key()), formula: req(str()), src: provenance }),
        year: req({ t: 'int', min: 1990, max: 2100 }),
        rehearsal_start: req(date('Plan date a rehearsal of this plan starts at')),
        legal_bases: list(
          obj({
            ref: req(str()),
            date: date(),
            cited: { t: 'bool', desc: 'false: background the plan rests on, not cited by the document itself (default true)' },
            src: provenance,
          }),
        ),
        programmes: list(obj({ key: req(key()), name: req(str()), src: provenance })),
        recipients: list(
          obj({ unit: req(key()), purpose: req(str({ enum: ['bao_cao', 'de_biet', 'giam_sat', 'thuc_hien', 'luu'] as const })) }),
        ),
      }),
    ),
    org_units: req(list(orgUnit, 'Units with their validity; a unit replaced by a reform names its successor', 1)),
    roles: req({ t: 'map', of: role, keyPattern: KEY_PATTERN, desc: 'Roles by key' }),
    policies: req(policies),
    items: req(list(item, 'Numbered contents of the plan', 1)),
  },
  'A commune plan (Kế hoạch) as data',
);

export { DATE_PATTERN };
