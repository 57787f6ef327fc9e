import Handlebars from 'handlebars';
import { planReference } from '#libs/domain/src/index.js';
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

/** A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, a line break as "\n". */
const icsText = (s: string): string => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');

/** A content line folded at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character; a continuation starts with a space. */
export function foldIcsLine(line: string): string {
  if (Buffer.byteLength(line) <= 75) return line;
  const out: string[] = [];
  let start = 0;
  let octets = 0;
  let limit = 75;
  for (let i = 0; i < line.length;) {
    const cp = line.codePointAt(i)!;
    const width = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    const units = cp < 0x10000 ? 1 : 2;
    if (octets + width > limit) {
      out.push(line.slice(start, i));
      start = i;
      octets = 0;
      limit = 74; // the leading space of a continuation line counts
    }
    octets += width;
    i += units;
  }
  out.push(line.slice(start));
  return out.join('\r\n ');
}

const icsDate = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '');
const icsStamp = (d: Date) => `${d.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;

/**
 * The due date as a calendar event: METHOD:PUBLISH (nothing to accept or decline), one all-day VEVENT on the local due
 * date (a deadline ends at 24:00 Vietnam time, so the whole day is the last day), transparent (it does not show the
 * assignee as busy), with the step's link. Written line by line from the fixed shape (through ical-generator the
 * transition's node CPU was 0.3–0.9 ms higher, docs/benchmarks.md); calendar.spec.ts checks it against ical-generator.
 */
export function dueDateInvite(e: DueDateEvent, now: Date = new Date()): MailAttachment {
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  const start = day(e.due);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(e.due) || Number.isNaN(start.getTime()))
    throw new Error(`due date ${e.due} of ${e.uid} is not yyyy-mm-dd`);
  // All-day dates are written from the UTC fields, which hold the local date as given.
  const end = new Date(start.getTime() + 86_400_000);
  const description = calendarTexts().description({ ...e.vars, planRef: planReference(e.vars.planNumber) });
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//dondoc//dondoc//VI',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${icsText(e.uid)}`,
    `SEQUENCE:${Math.trunc(e.sequence)}`,
    `DTSTAMP:${icsStamp(now)}`,
    `DTSTART;VALUE=DATE:${icsDate(start)}`,
    `DTEND;VALUE=DATE:${icsDate(end)}`,
    'X-MICROSOFT-CDO-ALLDAYEVENT:TRUE',
    'X-MICROSOFT-MSNCALENDAR-ALLDAYEVENT:TRUE',
    `SUMMARY:${icsText(`${e.vars.stepId} – ${e.vars.stepTitle}`)}`,
    'TRANSP:TRANSPARENT',
    `DESCRIPTION:${icsText(description)}`,
    `URL;VALUE=URI:${e.vars.stepUrl.replace(/[\r\n]/g, '')}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  const fileKey = e.fileKey.replace(/[^A-Za-z0-9._-]+/g, '_');
  return {
    filename: calendarTexts().filename({ fileKey }),
    contentType: CALENDAR_CONTENT_TYPE,
    content: lines.map(foldIcsLine).join('\r\n'),
  };
}
