import { createWorkerServices } from '../../apps/worker/src/worker-services.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource, OutboxRepository } from '#libs/database/src/index.js';
import { MailTransport, readMailbox, SmtpCatcher } from '#libs/mail/src/index.js';
import { createTestDatabase, type TestDatabase } from '../utils/database.js';
import { freePort } from '../utils/ports.js';

describe('mail delivery through SMTP (real PostgreSQL, real SMTP catcher)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let catcher: SmtpCatcher;
  let dir: string;
  let port: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url).initialize();
    dir = mkdtempSync(join(tmpdir(), 'dondoc-mail-'));
    catcher = new SmtpCatcher(dir);
    port = await catcher.start(0);
    await ds.transaction((m) =>
      new OutboxRepository(ds).enqueue(m, {
        idempotencyKey: 'k1',
        messageId: '<k1@dondoc.local>',
        template: 'step-assigned',
        toAddress: 'a@test.example.org',
        subject: 'Thư thử: tiếng Việt có dấu ắ ẫ ự',
        html: '<p>Nội dung</p>',
        text: 'Nội dung',
      }),
    );
  });
  afterAll(async () => {
    await catcher?.stop();
    await ds?.destroy();
    await db?.drop();
  });

  it('a failed attempt is recorded and thrown (so the activity retries), nothing is marked sent', async () => {
    const closed = await freePort();
    const down = createWorkerServices(ds, {
      baseUrl: 'http://dondoc.test',
      transport: new MailTransport(`smtp://127.0.0.1:${closed}`, 'x@test.example.org'),
    }).mail;
    await expect(down.deliver(['k1'])).rejects.toThrow();
    const [row] = await ds.query(`SELECT status, attempts, last_error FROM mail_outbox WHERE idempotency_key = 'k1'`);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
  });

  it('sends a key once however often delivery is asked for, with its Message-ID and intact diacritics', async () => {
    const svc = createWorkerServices(ds, {
      baseUrl: 'http://dondoc.test',
      transport: new MailTransport(`smtp://127.0.0.1:${port}`, 'UBND xã <x@test.example.org>'),
    }).mail;
    await svc.deliver(['k1']);
    await svc.deliver(['k1']);
    await Promise.all([svc.deliver(['k1']), svc.deliver(['k1'])]);
    const mails = await readMailbox(dir);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      subject: 'Thư thử: tiếng Việt có dấu ắ ẫ ự',
      messageId: '<k1@dondoc.local>',
      to: ['a@test.example.org'],
    });
    const [row] = await ds.query(`SELECT status, attempts, last_error FROM mail_outbox WHERE idempotency_key = 'k1'`);
    expect(row).toEqual({ status: 'sent', attempts: 2, last_error: null });
  });
});
