import { describe, expect, it } from '@jest/globals';
import { simpleParser, type ParsedMail } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { bareAddress, composeMime, encodeAddress, encodeWords, quotedPrintable, type MimeMail } from './mime.js';

const vi = 'Kế hoạch bảo vệ trẻ em năm 2023 – Tháng hành động vì trẻ em, phòng chống đuối nước. ';
const reminder: MimeMail = {
  from: 'UBND xã Hà Giang <no-reply@hagiang.example.org>',
  to: 'vhxh@hagiang.example.org',
  subject: `Nhắc việc: ${vi}`,
  text: `${vi}\nHạn: 15/06/2023\n.\nDòng có dấu cách cuối  \n${'x'.repeat(200)}\n${'đ'.repeat(90)}`,
  html: `<p>${vi}</p><table>${'<tr><td style="padding:4px">Thôn 1</td></tr>'.repeat(30)}</table>`,
  messageId: '<B.2-assigned-1@hagiang.example.org>',
  date: new Date('2023-06-01T01:30:00Z'),
  headers: { 'Auto-Submitted': 'auto-generated' },
  attachments: [
    {
      filename: 'han-B.2.ics',
      contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
      content: `BEGIN:VCALENDAR\r\nSUMMARY:${vi}\r\nEND:VCALENDAR\r\n`,
    },
  ],
};

/** What a mail client reads of a message: the parsed fields compared between two composers. */
const read = (p: ParsedMail) => ({
  subject: p.subject,
  from: p.from?.value,
  to: (Array.isArray(p.to) ? p.to : [p.to]).flatMap((a) => a?.value ?? []),
  text: p.text,
  html: p.html,
  messageId: p.messageId,
  date: p.date?.toISOString(),
  autoSubmitted: p.headers.get('auto-submitted'),
  attachments: p.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content.toString() })),
});

describe('composeMime', () => {
  it('is read by a mail parser exactly as the same mail composed by nodemailer', async () => {
    const ours = await simpleParser(composeMime(reminder));
    const theirs = await simpleParser(await new MailComposer({ ...reminder }).compile().build());
    expect(read(ours)).toEqual(read(theirs));
    expect(ours.subject).toBe(reminder.subject);
    expect(ours.text).toBe(reminder.text);
    expect(ours.attachments[0].content.toString()).toBe(reminder.attachments![0].content);
  });

  it('keeps every line within 78 characters and ends lines with CRLF only', () => {
    const raw = composeMime(reminder);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
  });

  it('lets no header value add a header of its own', async () => {
    const raw = composeMime({
      ...reminder,
      subject: 'Báo cáo\r\nBcc: attacker@example.com',
      to: 'a@example.org\r\nBcc: attacker@example.com',
      attachments: [],
    });
    const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
    expect(head).not.toMatch(/^Bcc:/im);
    const p = await simpleParser(raw);
    expect(p.headers.has('bcc')).toBe(false);
    expect(p.subject).toBe('Báo cáo Bcc: attacker@example.com');
    expect(p.attachments).toHaveLength(0);
    expect(p.text).toBe(reminder.text);
  });

  it('names an attachment with a Vietnamese file name by RFC 2231', async () => {
    const p = await simpleParser(
      composeMime({ ...reminder, attachments: [{ filename: 'hạn nộp.ics', contentType: 'text/calendar', content: 'BEGIN:VCALENDAR' }] }),
    );
    expect(p.attachments[0].filename).toBe('hạn nộp.ics');
    expect(p.attachments[0].content.toString()).toBe('BEGIN:VCALENDAR');
  });
});

describe('the header and body encodings', () => {
  it('encodes a Vietnamese phrase in words of at most 75 characters, none splitting a character', () => {
    const words = encodeWords(vi).split('\r\n ');
    expect(words.length).toBeGreaterThan(1);
    for (const w of words) {
      expect(w.length).toBeLessThanOrEqual(75);
      const bytes = Buffer.from(/^=\?UTF-8\?B\?(.*)\?=$/.exec(w)![1], 'base64');
      expect(Buffer.from(bytes.toString('utf8'))).toEqual(bytes); // whole characters only
    }
    expect(encodeWords('Plain ASCII')).toBe('Plain ASCII');
  });

  it('writes addresses with the name encoded, quoted or bare as it needs', () => {
    expect(encodeAddress('a@example.org')).toBe('a@example.org');
    expect(encodeAddress('Bench <a@example.org>')).toBe('Bench <a@example.org>');
    expect(encodeAddress('UBND, xã <a@example.org>')).toBe(`${encodeWords('UBND, xã')} <a@example.org>`);
    expect(encodeAddress('Văn phòng (UBND) <a@example.org>')).toMatch(/^=\?UTF-8\?B\?.*\?= <a@example.org>$/);
    expect(encodeAddress('Office, Ha Giang <a@example.org>')).toBe('"Office, Ha Giang" <a@example.org>');
    expect(bareAddress('UBND xã Hà Giang <no-reply@hagiang.example.org>')).toBe('no-reply@hagiang.example.org');
    expect(bareAddress(' a@example.org ')).toBe('a@example.org');
  });

  it('quotes a trailing space, an equals sign, a leading dot and long lines, and keeps a character on one line', () => {
    expect(quotedPrintable('a = b \nc')).toBe('a =3D b=20\r\nc');
    expect(quotedPrintable('.\n..')).toBe('=2E\r\n=2E.');
    const long = quotedPrintable('đ'.repeat(40));
    const lines = long.split('\r\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines.slice(0, -1)) expect(l).toMatch(/^(=C4=91)+=$/);
  });
});
