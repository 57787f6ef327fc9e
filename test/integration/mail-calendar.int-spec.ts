import { createWorkerServices } from '../../apps/worker/src/worker-services.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import ICAL from 'ical.js';
import type { DataSource } from 'typeorm';
import { MailboxController } from '../../apps/api/src/mailbox/mailbox.controller.js';
import { MailDeliveryService } from '../../apps/worker/src/mail/mail-delivery.service.js';
import { StepTransitionsService } from '../../apps/worker/src/steps/step-transitions.service.js';
import { APP_CONFIG } from '#libs/config/src/index.js';
import { createDataSource } from '#libs/database/src/index.js';
import { MailTransport, readCaughtAttachment, readMailbox, SmtpCatcher, type CaughtMail } from '#libs/mail/src/index.js';
import { planFactory, stepFactory } from '../factories/plan.factory.js';
import { seedRunningSteps } from '../factories/running-step.js';
import { createTestDatabase, type TestDatabase } from '../utils/database.js';

const event = (ics: string) => new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!);

/**
 * The due date travels as an .ics attachment from the step transition to the recipient: written with the outbox row,
 * sent by SMTP, caught, parsed; and the development mailbox shows each message as its recipient would see it.
 */
describe('calendar invites and the development mailbox (real PostgreSQL, real SMTP catcher, real HTTP)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let catcher: SmtpCatcher;
  let dir: string;
  let transitions: StepTransitionsService;
  let delivery: MailDeliveryService;
  let app: INestApplication;
  let baseUrl: string;
  const step = stepFactory({ id: 'I99.7', due: '2023-04-07', title: 'Dự toán kinh phí thực hiện kế hoạch' });
  const plan = planFactory({ id: 'TEST-MAIL-ICS' }, [step]);
  const key = { planId: plan.id, stepId: step.id };
  const realStart = new Date('2026-01-05T01:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url).initialize();
    await seedRunningSteps(ds, plan, [step], realStart);
    transitions = createWorkerServices(ds, { baseUrl: 'http://dondoc.test', now: () => realStart }).transitions;
    dir = mkdtempSync(join(tmpdir(), 'dondoc-mail-'));
    catcher = new SmtpCatcher(dir);
    const port = await catcher.start(0);
    delivery = createWorkerServices(ds, {
      baseUrl: 'http://dondoc.test',
      transport: new MailTransport(`smtp://127.0.0.1:${port}`, 'UBND xã Thử Nghiệm <no-reply@test.example.org>'),
    }).mail;
    const moduleRef = await Test.createTestingModule({
      controllers: [MailboxController],
      providers: [{ provide: APP_CONFIG, useValue: { mailboxDir: dir } }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await catcher?.stop();
    await ds?.destroy();
    await db?.drop();
  });

  const caught = async (subjectStart: string): Promise<CaughtMail> => {
    const m = (await readMailbox(dir)).find((x) => x.subject.startsWith(subjectStart));
    if (!m) throw new Error(`no mail "${subjectStart}…" in the catcher`);
    return m;
  };

  it('the "new task" mail carries the due date as an all-day PUBLISH event that parses', async () => {
    const r = await transitions.record({ ...key, seq: 1, transition: { kind: 'assigned' } });
    const [row] = await ds.query(`SELECT attachments, plan_id FROM mail_outbox WHERE idempotency_key = $1`, [r.mailKeys[0]]);
    expect(row.plan_id).toBe(plan.id);
    expect(row.attachments).toHaveLength(1);
    expect(row.attachments[0]).toMatchObject({ filename: 'han-I99.7.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH' });

    await delivery.deliver(r.mailKeys);
    const mail = await caught('[Việc mới] I99.7');
    expect(mail.attachments).toEqual([expect.objectContaining({ index: 0, filename: 'han-I99.7.ics', contentType: 'text/calendar' })]);
    const file = (await readCaughtAttachment(dir, mail.id, 0))!;
    const ics = file.content.toString('utf8');
    expect(ics).toMatch(/^METHOD:PUBLISH\r?$/m);
    const e = event(ics);
    expect(e.startDate.isDate).toBe(true);
    expect(e.startDate.toString()).toBe('2023-04-07');
    expect(e.endDate.toString()).toBe('2023-04-08');
    expect(e.summary).toBe('I99.7 – Dự toán kinh phí thực hiện kế hoạch');
    expect(e.uid).toBe('TEST-MAIL-ICS/I99.7@dondoc.local');
    expect(e.description).toContain('http://dondoc.test/app/ke-hoach/TEST-MAIL-ICS/buoc/I99.7');
    expect(e.description).toContain('Thứ Sáu, 07/04/2023');
  });

  it('a reminder updates the same calendar entry (same UID, higher SEQUENCE); an approval request carries none', async () => {
    const reminder = await transitions.record({
      ...key,
      seq: 2,
      transition: { kind: 'reminder', to: step.assignee, offsetWd: -1, date: '2023-04-06' },
    });
    const submitted = await transitions.record({
      ...key,
      seq: 3,
      transition: { kind: 'submitted', actor: step.assignee, note: 'Đã lập dự toán' },
    });
    await delivery.deliver([...reminder.mailKeys, ...submitted.mailKeys]);
    const e = event((await readCaughtAttachment(dir, (await caught('[Nhắc việc] I99.7')).id, 0))!.content.toString('utf8'));
    expect(e.uid).toBe('TEST-MAIL-ICS/I99.7@dondoc.local');
    expect(e.sequence).toBe(2);
    expect(e.startDate.toString()).toBe('2023-04-07');
    expect((await caught('[Chờ duyệt] I99.7')).attachments).toEqual([]);
  });

  it('the mailbox shows a message as its recipient sees it: headers, HTML in a sandbox without scripts, text, attachments', async () => {
    const mail = await caught('[Việc mới] I99.7');
    const res = await fetch(`${baseUrl}/mailbox/${mail.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'none'");
    const page = await res.text();
    for (const label of ['Người gửi', 'Người nhận', 'Tiêu đề', 'Ngày gửi', 'Message-ID', 'Tệp đính kèm']) expect(page).toContain(label);
    expect(page).toContain('&quot;UBND xã Thử Nghiệm&quot; &lt;no-reply@test.example.org&gt;');
    expect(page).toContain('officer-ldtbxh@test.example.org');
    expect(page).toContain(mail.messageId.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    const iframe = page.match(/<iframe [^>]*>/)![0];
    expect(iframe).toMatch(/ sandbox /);
    expect(iframe).not.toMatch(/allow-scripts|allow-same-origin/);
    expect(iframe).toContain('srcdoc="&lt;!doctype html&gt;');
    expect(page).toContain('Kính gửi'); // the plain-text part, escaped into the page
    expect(page).toContain(`<a href="/mailbox/${mail.id}/attachments/0" download="han-I99.7.ics">han-I99.7.ics</a>`);

    const file = await fetch(`${baseUrl}/mailbox/${mail.id}/attachments/0`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="han-I99.7.ics"; filename*=UTF-8''han-I99.7.ics`);
    expect(file.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(event(await file.text()).startDate.toString()).toBe('2023-04-07');
    expect((await fetch(`${baseUrl}/mailbox/${mail.id}/attachments/5`)).status).toBe(404);
    expect((await fetch(`${baseUrl}/mailbox/..%2Fetc/attachments/0`)).status).toBe(404);
  });
});
