import Handlebars from 'handlebars';
import ical, { ICalCalendarMethod, ICalEventTransparency } from 'ical-generator';
import { planReference } from '../../domain/src/index.js';
import type { MailVars } from './templates.js';
import { viLabels } from './templates.js';
import type { MailAttachment } from './transport.js';

/** What the .ics event of a step's due date says; the texts come from the `calendar` labels of templates/vi.json. */
export interface DueDateEvent {
  /** Stable for the step instance, so a later mail (a reminder, a new due date) updates the same calendar entry. */
  uid: string;
  /** Grows with every change of the step; a calendar keeps the entry with the highest. */
  sequence: number;
  /** The local due date (Asia/Ho_Chi_Minh), yyyy-mm-dd. */
  due: string;
  /** Names the file: han-{fileKey}.ics. */
  fileKey: string;
  vars: Pick<MailVars['step-reminder'], 'communeName' | 'planNumber' | 'stepId' | 'stepTitle' | 'stepUrl' | 'dueDate' | 'dueWeekday'>;
}

export const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8; method=PUBLISH';

const hbs = Handlebars.create();
let texts: { description: HandlebarsTemplateDelegate; filename: HandlebarsTemplateDelegate } | undefined;
const calendarTexts = () =>
  (texts ??= {
    description: hbs.compile(viLabels().calendar.description, { strict: true, noEscape: true }),
    filename: hbs.compile(viLabels().calendar.filename, { strict: true, noEscape: true }),
  });

/**
 * The due date as a calendar event: METHOD:PUBLISH (nothing to accept or decline), one all-day VEVENT on the local due
 * date (a deadline ends at 24:00 Vietnam time, so the whole day is the last day), transparent (it does not show the
 * assignee as busy), with the step's link.
 */
export function dueDateInvite(e: DueDateEvent): MailAttachment {
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(day(e.due).getTime())) throw new Error(`due date ${e.due} of ${e.uid} is not yyyy-mm-dd`);
  const cal = ical({ prodId: { company: 'dondoc', product: 'dondoc', language: 'VI' }, method: ICalCalendarMethod.PUBLISH });
  cal.createEvent({
    id: e.uid,
    sequence: e.sequence,
    // All-day dates are written from the UTC fields, which hold the local date as given.
    start: day(e.due),
    end: new Date(day(e.due).getTime() + 86_400_000),
    allDay: true,
    summary: `${e.vars.stepId} – ${e.vars.stepTitle}`,
    description: calendarTexts().description({ ...e.vars, planRef: planReference(e.vars.planNumber) }),
    url: e.vars.stepUrl,
    transparency: ICalEventTransparency.TRANSPARENT,
  });
  const fileKey = e.fileKey.replace(/[^A-Za-z0-9._-]+/g, '_');
  return { filename: calendarTexts().filename({ fileKey }), contentType: CALENDAR_CONTENT_TYPE, content: cal.toString() };
}
