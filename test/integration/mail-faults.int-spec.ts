import { createWorkerServices } from '../../apps/worker/src/worker-services.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createActivities } from '../../apps/worker/src/activities/index.js';
import { MailDeliveryService } from '../../apps/worker/src/mail/mail-delivery.service.js';
import { undeliverableNoticeKey } from '../../apps/worker/src/mail/undeliverable-notice.js';
import { createDataSource, OutboxRepository, PlanRepository } from '#libs/database/src/index.js';
import { MailTransport, messageIdFor, SEND_DEADLINE_MS, SMTP_TIMEOUTS } from '#libs/mail/src/index.js';
import { planFactory, roleFactory } from '../factories/plan.factory.js';
import { createTestDatabase, type TestDatabase } from '../utils/database.js';
import { FaultySmtpServer } from '../utils/faulty-smtp.js';
import { freePort } from '../utils/ports.js';

const here = dirname(fileURLToPath(import.meta.url));
const FROM = 'UBND xã Thử Nghiệm <no-reply@test.example.org>';
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  for (const deadline = Date.now() + timeoutMs; !(await check()); await delay(100)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

/**
 * SMTP faults against the real outbox (PostgreSQL), a real SMTP server in process (smtp-server, misbehaving on
 * request), and the real delivery activity run by a Temporal worker on the dev server with the step workflow's own
 * activity options, so retries follow the real backoff. Measurements are printed as one JSON line per scenario.
 */
describe('mail delivery under SMTP faults (real PostgreSQL, real SMTP server, real Temporal retries)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let outbox: OutboxRepository;
  let client: Client;
  let connection: NativeConnection;
  let bundle: WorkflowBundleWithSourceMap;
  const base = planFactory();
  const office = roleFactory('office_officer', { title: 'Công chức Văn phòng - thống kê', person: 'Đỗ Văn H' });
  const plan = planFactory({ id: 'TEST-MAIL-FAULTS', roles: { ...base.roles, office_officer: office } });
  const planWithoutOffice = planFactory({ id: 'TEST-MAIL-NO-OFFICE' });
  const chairman = base.roles.chairman;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url).initialize();
    outbox = new OutboxRepository(ds);
    await new PlanRepository(ds).insertIfAbsent(plan);
    await new PlanRepository(ds).insertIfAbsent(planWithoutOffice);
    const address = process.env.TEMPORAL_ADDRESS!;
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    connection = await NativeConnection.connect({ address });
    client = new Client({ connection: await Connection.connect({ address }) });
    bundle = await bundleWorkflowCode({
      workflowsPath: join(here, '..', 'utils', 'deliver-mail.workflow.ts'),
      logger: new DefaultLogger('WARN'),
    });
  });
  afterAll(async () => {
    await client?.connection.close();
    await connection?.close();
    await ds?.destroy();
    await db?.drop();
  });

  /** One mail per address, as a step transition writes it: its key, its Message-ID derived from the key, its plan. */
  async function enqueue(tag: string, addresses: string[], planId = plan.id): Promise<string[]> {
    const keys = addresses.map((a, i) => `${planId}:FAULT-${tag}-${i}:1:step-assigned:${a}`);
    await ds.transaction(async (m) => {
      for (const [i, key] of keys.entries()) {
        await outbox.enqueue(m, {
          idempotencyKey: key,
          messageId: messageIdFor(key),
          template: 'step-assigned',
          toAddress: addresses[i],
          planId,
          subject: `[Việc mới] I99.${i} – Thư thử nghiệm ${tag} số ${i}`,
          html: `<p>Nội dung thư ${tag} ${i}</p>`,
          text: `Nội dung thư ${tag} ${i}`,
        });
      }
    });
    return keys;
  }

  const rows = async (keys: string[]) =>
    new Map(
      (
        (await ds.query(
          `SELECT idempotency_key AS key, status, attempts, last_error AS "lastError", to_address AS "to", template FROM mail_outbox WHERE idempotency_key = ANY($1)`,
          [keys],
        )) as {
          key: string;
          status: string;
          attempts: number;
          lastError: string | null;
          to: string;
          template: string;
        }[]
      ).map((r) => [r.key, r]),
    );

  /** Runs a worker with the real deliverMail activity over `svc` while `work` runs; one workflow per key, as step workflows do. */
  async function deliverThroughTemporal(svc: MailDeliveryService, keys: string[], during: () => Promise<void> = async () => undefined) {
    const taskQueue = `mail-faults-${randomBytes(4).toString('hex')}`;
    const { deliverMail } = createActivities({ mail: svc } as unknown as Parameters<typeof createActivities>[0]);
    const worker = await Worker.create({ connection, taskQueue, workflowBundle: bundle, activities: { deliverMail } });
    return worker.runUntil(async () => {
      const results = Promise.all(
        keys.map((k) =>
          client.workflow.execute<(keys: string[]) => Promise<{ sent: string[]; failed: string[] }>>('deliverMailWorkflow', {
            taskQueue,
            workflowId: `deliver-${randomBytes(6).toString('hex')}`,
            args: [[k]],
          }),
        ),
      );
      await during();
      return results;
    });
  }

  it('refused connections, 421 replies and connections dropped after DATA: every mail arrives, a drop at most once more, with the same Message-ID', async () => {
    const addresses = Array.from({ length: 10 }, (_, i) => `nguoi-nhan-${i}@test.example.org`);
    const busy = addresses.slice(0, 3); // 421 to the first two attempts
    const dropped = addresses.slice(3, 5); // the first message taken in whole, then the connection cut before 250
    const smtp = new FaultySmtpServer({
      tempFail: Object.fromEntries(busy.map((a) => [a, 2])),
      dropAfterData: Object.fromEntries(dropped.map((a) => [a, 1])),
    });
    const port = await freePort();
    const keys = await enqueue('transient', addresses);
    const svc = createWorkerServices(ds, {
      baseUrl: 'http://dondoc.test',
      transport: new MailTransport(`smtp://127.0.0.1:${port}`, FROM),
    }).mail;
    const started = Date.now();

    const results = await deliverThroughTemporal(svc, keys, async () => {
      // The relay refuses connections until every mail has been refused at least once, and a second longer.
      await until(async () => [...(await rows(keys)).values()].every((r) => r.attempts >= 1), 'a first, refused attempt of every mail');
      await delay(1000);
      await smtp.listen(port);
    });
    await smtp.close();

    const after = await rows(keys);
    const byId = smtp.byMessageId();
    const due = keys.length;
    const sent = keys.filter((k) => byId.has(messageIdFor(k))).length;
    const duplicates = smtp.received.length - byId.size;
    console.log(
      JSON.stringify({
        scenario: 'transient',
        due,
        sent,
        ratio: (sent / due).toFixed(3),
        duplicates,
        injectedDrops: dropped.length,
        injected421: busy.length * 2,
        connections: smtp.connections,
        attempts: [...after.values()].map((r) => r.attempts),
        seconds: (Date.now() - started) / 1000,
      }),
    );

    expect(results.map((r) => r.sent)).toEqual(keys.map((k) => [k]));
    expect((sent / due).toFixed(3)).toBe('1.000');
    expect([...after.values()].every((r) => r.status === 'sent' && r.lastError === null)).toBe(true);
    // Every mail was first refused (port closed), then retried with backoff.
    expect(Math.min(...[...after.values()].map((r) => r.attempts))).toBeGreaterThanOrEqual(2);
    for (const [i, key] of keys.entries()) {
      const copies = byId.get(messageIdFor(key))!;
      expect(copies.every((c) => c.to.join() === addresses[i])).toBe(true);
      // A dropped connection after DATA may deliver the message once more, never a third time; others arrive once.
      expect(copies).toHaveLength(dropped.includes(addresses[i]) ? 2 : 1);
      expect(copies.filter((c) => c.acknowledged)).toHaveLength(1);
    }
    expect(duplicates).toBe(dropped.length);
    // No retry storm: one recipient given per attempt that reached the relay, and no attempt after a recorded success;
    // the attempts share the transport's kept connections, never more connections than attempts.
    expect(smtp.recipientsGiven()).toBe(due + busy.length * 2 + dropped.length);
    expect(smtp.connections).toBeLessThanOrEqual(smtp.recipientsGiven());
    for (const a of busy) expect(smtp.rcpt.get(a)).toBe(3);
  });

  it('550: the mail is marked failed at once and never retried, the office is told exactly once, the workflow goes on', async () => {
    const bad = 'khong-ton-tai@test.example.org';
    const smtp = new FaultySmtpServer({ reject: [bad] });
    const port = await smtp.listen();
    const [badKey, goodKey] = await enqueue('permanent', [bad, 'nguoi-nhan-tot@test.example.org']);
    const svc = createWorkerServices(ds, {
      baseUrl: 'http://dondoc.test',
      transport: new MailTransport(`smtp://127.0.0.1:${port}`, FROM),
    }).mail;

    const [badResult, goodResult] = await deliverThroughTemporal(svc, [badKey, goodKey]);
    expect(badResult).toEqual({ sent: [undeliverableNoticeKey(badKey)], failed: [badKey] });
    expect(goodResult).toEqual({ sent: [goodKey], failed: [] });
    const givenAfterFirstRun = smtp.recipientsGiven();

    // Delivery asked for again (an activity retried, a workflow replayed) sends nothing, and nothing goes on in the background.
    await deliverThroughTemporal(svc, [badKey, badKey]);
    await delay(3000);
    await smtp.close();

    const r = await rows([badKey, undeliverableNoticeKey(badKey)]);
    expect(r.get(badKey)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(r.get(badKey)!.lastError).toMatch(/^550 5\.1\.1 <khong-ton-tai@test\.example\.org>: Recipient address rejected/);
    expect(r.get(undeliverableNoticeKey(badKey))).toMatchObject({ status: 'sent', template: 'mail-undeliverable', to: office.email });
    const notices = smtp.received.filter((m) => m.to.includes(office.email));
    console.log(
      JSON.stringify({
        scenario: 'permanent-550',
        rcptToRejected: smtp.rcpt.get(bad),
        notices: notices.length,
        connections: smtp.connections,
        recipientsGiven: smtp.recipientsGiven(),
      }),
    );
    expect(smtp.rcpt.get(bad)).toBe(1);
    expect(notices).toHaveLength(1);
    expect(notices[0].subject).toBe(`[Không gửi được thư] ${bad}: [Việc mới] I99.0 – Thư thử nghiệm permanent số 0`);
    expect(notices[0].parsed.text).toContain('Kính gửi Đỗ Văn H (Công chức Văn phòng - thống kê)');
    expect(notices[0].parsed.text).toContain('550 5.1.1');
    expect(notices[0].messageId).toBe(messageIdFor(undeliverableNoticeKey(badKey)));
    // The bad mail, its notice and the good mail: three sends, none more however often delivery is asked for.
    expect(givenAfterFirstRun).toBe(3);
    expect(smtp.recipientsGiven()).toBe(3);
  });

  it('tells the chairman when the plan has no office role, or when the office address is the one refused; a notice that fails gets none', async () => {
    const smtp = new FaultySmtpServer({ reject: ['mat-dia-chi@test.example.org', office.email] });
    const port = await smtp.listen();
    const svc = createWorkerServices(ds, {
      baseUrl: 'http://dondoc.test',
      transport: new MailTransport(`smtp://127.0.0.1:${port}`, FROM),
    }).mail;
    const [noOffice] = await enqueue('no-office', ['mat-dia-chi@test.example.org'], planWithoutOffice.id);
    const [toOffice] = await enqueue('to-office', [office.email]);
    expect(await svc.deliver([noOffice])).toEqual({ sent: [undeliverableNoticeKey(noOffice)], failed: [noOffice] });
    expect(await svc.deliver([toOffice])).toEqual({ sent: [undeliverableNoticeKey(toOffice)], failed: [toOffice] });
    const r = await rows([undeliverableNoticeKey(noOffice), undeliverableNoticeKey(toOffice)]);
    expect(r.get(undeliverableNoticeKey(noOffice))!.to).toBe(chairman.email);
    expect(r.get(undeliverableNoticeKey(toOffice))!.to).toBe(chairman.email);

    // The office's own notice refused: it is marked failed too, and no notice of a notice is written.
    const [mail] = await enqueue('notice-fails', ['mat-dia-chi@test.example.org']);
    expect(await svc.deliver([mail])).toEqual({ sent: [], failed: [mail, undeliverableNoticeKey(mail)] });
    expect((await rows([undeliverableNoticeKey(mail)])).get(undeliverableNoticeKey(mail))!.status).toBe('failed');
    expect(await outbox.has(undeliverableNoticeKey(undeliverableNoticeKey(mail)))).toBe(false);
    await smtp.close();
  });

  it('a relay that takes the message and never answers: the attempt ends within its budget, the retry sends it, one duplicate at most', async () => {
    // One attempt always ends before the activity's start-to-close timeout (1 minute), so two never overlap.
    expect(SMTP_TIMEOUTS.connectionTimeout + SMTP_TIMEOUTS.greetingTimeout).toBeLessThan(SEND_DEADLINE_MS);
    expect(SEND_DEADLINE_MS).toBeLessThan((60_000 * 2) / 3);

    const slow = 'may-cham@test.example.org';
    const smtp = new FaultySmtpServer({ stallAfterData: { [slow]: 1 } });
    const port = await smtp.listen();
    const [stalled, waiting] = await enqueue('stall', [slow, 'nguoi-sau@test.example.org']);
    const svc = createWorkerServices(ds, {
      baseUrl: 'http://dondoc.test',
      transport: new MailTransport(`smtp://127.0.0.1:${port}`, FROM),
    }).mail;

    const t0 = Date.now();
    await expect(svc.deliver([stalled, waiting], 3000)).rejects.toMatchObject({ code: 'EABORT' });
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeLessThan(4000);
    // The budget was spent on the first mail: the second was not begun (it waits for the retry).
    expect(smtp.rcpt.get('nguoi-sau@test.example.org')).toBeUndefined();
    expect((await rows([stalled])).get(stalled)).toMatchObject({ status: 'pending', attempts: 1 });

    expect(await svc.deliver([stalled, waiting], 3000)).toEqual({ sent: [stalled, waiting], failed: [] });
    const copies = smtp.byMessageId().get(messageIdFor(stalled))!;
    console.log(
      JSON.stringify({
        scenario: 'stall-after-data',
        firstAttemptMs: elapsed,
        copies: copies.length,
        acknowledged: copies.filter((c) => c.acknowledged).length,
      }),
    );
    expect(copies).toHaveLength(2);
    expect(copies.map((c) => c.acknowledged)).toEqual([false, true]);
    expect(await svc.deliver([stalled, waiting])).toEqual({ sent: [], failed: [] });
    expect(smtp.received).toHaveLength(3);
    await smtp.close();
  });
});
