import { describe, expect, it } from '@jest/globals';
import Handlebars from 'handlebars';
import ical, { ICalCalendarMethod, ICalEventTransparency } from 'ical-generator';
import ICAL from 'ical.js';
import { planReference } from '#libs/domain/src/index.js';
import { CALENDAR_CONTENT_TYPE, dueDateInvite, foldIcsLine, type DueDateEvent } from './calendar.js';
import { renderMail, viDueParts, viLabels, type MailVars } from './templates.js';

const event: DueDateEvent = {
  uid: 'HG-2023-BVCSTE/I01.5@dondoc.local',
  sequence: 1,
  due: '2023-04-07',
  fileKey: 'I01.5',
  vars: {
    communeName: 'UBND xã Hà Giang',
    planNumber: '12/KH-UBND',
    stepId: 'I01.5',
    stepTitle: 'Dự toán kinh phí thực hiện kế hoạch',
    stepUrl: 'http://127.0.0.1:3000/plans/HG-2023-BVCSTE/steps/I01.5',
    ...viDueParts('2023-04-07'),
  },
};

const parse = (ics: string) => {
  const cal = new ICAL.Component(ICAL.parse(ics));
  return { cal, events: cal.getAllSubcomponents('vevent') };
};

describe('dueDateInvite', () => {
  it('is a PUBLISH calendar with one all-day event on the due date', () => {
    const a = dueDateInvite(event);
    expect(a.filename).toBe('han-I01.5.ics');
    expect(a.contentType).toBe(CALENDAR_CONTENT_TYPE);
    expect(a.contentType).toMatch(/^text\/calendar;.*method=PUBLISH/);
    const { cal, events } = parse(a.content);
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(events).toHaveLength(1);
    const e = new ICAL.Event(events[0]);
    expect(e.startDate.isDate).toBe(true);
    expect(e.startDate.toString()).toBe('2023-04-07');
    expect(e.endDate.toString()).toBe('2023-04-08'); // DTEND of an all-day event is exclusive: one day
    expect(e.uid).toBe('HG-2023-BVCSTE/I01.5@dondoc.local');
    expect(e.sequence).toBe(1);
    expect(events[0].getFirstPropertyValue('transp')).toBe('TRANSPARENT');
  });

  it('names the step, in Vietnamese, with its link and the local due date', () => {
    const e = new ICAL.Event(parse(dueDateInvite(event).content).events[0]);
    expect(e.summary).toBe('I01.5 – Dự toán kinh phí thực hiện kế hoạch');
    expect(e.description).toContain('Thứ Sáu, 07/04/2023');
    expect(e.description).toContain('24:00 giờ Việt Nam');
    expect(e.description).toContain(event.vars.stepUrl);
    expect(e.description).toContain('UBND xã Hà Giang · Kế hoạch số 12/KH-UBND');
    expect(e.component.getFirstPropertyValue('url')).toBe(event.vars.stepUrl);
  });

  it('writes the local due date as given, on the last day of a year and on a leap day', () => {
    // The UTC fields of midnight UTC are written, so the time zone of the process never shifts the date.
    for (const due of ['2023-12-31', '2024-02-29']) {
      const e = new ICAL.Event(parse(dueDateInvite({ ...event, due, vars: { ...event.vars, ...viDueParts(due) } }).content).events[0]);
      expect(e.startDate.toString()).toBe(due);
    }
  });

  it('gives the same UID to every mail of a step instance, a higher SEQUENCE to a later one', () => {
    const later = dueDateInvite({ ...event, sequence: 4, due: '2023-04-14', vars: { ...event.vars, ...viDueParts('2023-04-14') } });
    const e = new ICAL.Event(parse(later.content).events[0]);
    expect(e.uid).toBe('HG-2023-BVCSTE/I01.5@dondoc.local');
    expect(e.sequence).toBe(4);
    expect(e.startDate.toString()).toBe('2023-04-14');
  });

  it('makes a safe file name of any step key, and refuses a due date that is not yyyy-mm-dd', () => {
    expect(dueDateInvite({ ...event, fileKey: 'I04.2-VV01/khẩn cấp' }).filename).toBe('han-I04.2-VV01_kh_n_c_p.ics');
    expect(() => dueDateInvite({ ...event, due: '07/04/2023' })).toThrow(/yyyy-mm-dd/);
  });
});

/** The same event written by a general iCalendar library (what dueDateInvite used before it wrote the lines itself). */
function byLibrary(e: DueDateEvent, now: Date): string {
  const day = new Date(`${e.due}T00:00:00Z`);
  const cal = ical({ prodId: { company: 'dondoc', product: 'dondoc', language: 'VI' }, method: ICalCalendarMethod.PUBLISH });
  cal.createEvent({
    id: e.uid,
    sequence: e.sequence,
    stamp: now,
    start: day,
    end: new Date(day.getTime() + 86_400_000),
    allDay: true,
    summary: `${e.vars.stepId} – ${e.vars.stepTitle}`,
    description: Handlebars.compile(viLabels().calendar.description, { strict: true, noEscape: true })({
      ...e.vars,
      planRef: planReference(e.vars.planNumber),
    }),
    url: e.vars.stepUrl,
    transparency: ICalEventTransparency.TRANSPARENT,
  });
  return cal.toString();
}

/** Every property of a parsed calendar and its events, by name, with its parameters and values. */
const properties = (ics: string) => {
  const walk = (c: ICAL.Component): unknown[] => [
    c.name,
    c
      .getAllProperties()
      .map((p) => [p.name, JSON.stringify(p.toJSON())])
      .sort(),
    c.getAllSubcomponents().map(walk),
  ];
  return walk(new ICAL.Component(ICAL.parse(ics)));
};

describe('dueDateInvite against ical-generator', () => {
  const now = new Date('2023-04-03T01:02:03.456Z');
  const long =
    'Tổ chức truyền thông, giáo dục; nâng cao nhận thức, kỹ năng \\ bảo vệ trẻ em\ntrên địa bàn xã, thôn và các tổ dân phố (giai đoạn 2023–2025) 🚸';
  const cases: DueDateEvent[] = [
    event,
    { ...event, sequence: 7, vars: { ...event.vars, stepTitle: long } },
    {
      ...event,
      uid: 'KH;1,2/I04.2-VV01@dondoc.local',
      fileKey: 'I04.2-VV01',
      vars: { ...event.vars, communeName: 'UBND xã Tân, Lập; "Mới"', planNumber: '__/KH-UBND' },
    },
    {
      ...event,
      due: '2024-02-29',
      vars: { ...event.vars, ...viDueParts('2024-02-29'), stepUrl: `http://127.0.0.1:3000/plans/${'X'.repeat(90)}/steps/I01.5` },
    },
  ];

  it('writes the same properties, parameters and values as the library (a calendar sees the same event)', () => {
    for (const e of cases) expect(properties(dueDateInvite(e, now).content)).toEqual(properties(byLibrary(e, now)));
  });

  it('folds every line at 75 octets without splitting a character, and unfolds to the line it was', () => {
    for (const e of cases) {
      const ics = dueDateInvite(e, now).content;
      for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      expect(ics).not.toContain('\uFFFD');
    }
    const line = `DESCRIPTION:${'ệ'.repeat(40)}🚸${'a'.repeat(80)}`;
    const folded = foldIcsLine(line);
    expect(folded.split('\r\n').length).toBeGreaterThan(2);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(foldIcsLine('SUMMARY:ngắn')).toBe('SUMMARY:ngắn');
  });
});

describe('mail-undeliverable', () => {
  const vars: MailVars['mail-undeliverable'] = {
    communeName: 'UBND xã Hà Giang',
    planNumber: '12/KH-UBND',
    planTitle: 'Kế hoạch thực hiện Chương trình công tác bảo vệ, chăm sóc trẻ em năm 2023',
    recipientName: 'Đỗ Văn H (Công chức Văn phòng - thống kê)',
    failedTo: 'taichinh@hagiang.example.org',
    failedSubject: '[Việc mới] I01.5 – Dự toán kinh phí thực hiện kế hoạch (hạn 07/04/2023)',
    reason: '550 5.1.1 <taichinh@hagiang.example.org>: Recipient address rejected',
    failedAt: '05/04/2023 08:00',
    attempts: 1,
  };

  it('tells the office who did not get which mail, and why, in Vietnamese', () => {
    const m = renderMail('mail-undeliverable', vars);
    expect(m.subject).toBe(
      '[Không gửi được thư] taichinh@hagiang.example.org: [Việc mới] I01.5 – Dự toán kinh phí thực hiện kế hoạch (hạn 07/04/2023)',
    );
    for (const part of [m.html, m.text]) {
      expect(part).toContain('Kính gửi Đỗ Văn H (Công chức Văn phòng - thống kê)');
      expect(part).toContain('từ chối hẳn');
    }
    expect(m.text).toContain('- Lý do (trả lời của máy chủ thư): 550 5.1.1 <taichinh@hagiang.example.org>: Recipient address rejected');
    expect(m.text).toContain('sau 1 lần gửi');
    expect(m.text.trimEnd().split('\n').at(-1)).toBe('UBND xã Hà Giang · Kế hoạch số 12/KH-UBND');
  });

  it('fails to render without a variable it uses (strict)', () => {
    const { reason: _r, ...withoutReason } = vars;
    expect(() => renderMail('mail-undeliverable', withoutReason as never)).toThrow(/reason/);
  });
});
