import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer, type DevServer } from '#libs/temporal/src/dev-server.js';
import { readMailbox } from '#libs/mail/src/index.js';
import { planFactory, stepFactory } from '../factories/plan.factory.js';
import { freePort } from '../utils/ports.js';
import { startStack, type Stack } from '../utils/stack.js';

const PLAN = 'RESTART-1';

/**
 * The Temporal dev server of this test keeps its state in a file; it is stopped while reminder and escalation timers
 * are pending and started again on the same file. Nothing is lost and nothing is sent twice.
 */
describe('Temporal server restarted with timers pending', () => {
  let s: Stack;
  let server: DevServer;
  let port: number;
  let dbFile: string;
  const binary = process.env.TEMPORAL_CLI_PATH;

  beforeAll(async () => {
    if (!binary) throw new Error('this test runs its own dev server: set TEMPORAL_CLI_PATH (npm test does)');
    port = await freePort();
    dbFile = join(mkdtempSync(join(tmpdir(), 'dondoc-temporal-')), 'temporal.sqlite');
    server = await startDevServer({ binary, port, httpPort: await freePort(), dbFile });
    s = await startStack({ temporalAddress: server.address });
    await s.startWorker();
    await s.loadPlan(planFactory({ id: PLAN }, [stepFactory({ id: 'S1', title: 'Rà soát', start: '2023-04-03', due: '2023-04-07' })]));
    expect((await s.runPlan(PLAN, { speed: 43_200, planStart: '2023-04-03' })).status).toBe(200);
  });
  afterAll(async () => {
    await s?.close();
    await server?.stop();
  });

  it('delivers every reminder and escalation exactly once across the restart', async () => {
    await s.waitForMail((m) => m.subject.startsWith('[Nhắc việc] S1'), 20_000);
    await server.stop();
    await new Promise((r) => setTimeout(r, 3000)); // a plan day and a half passes with no server
    server = await startDevServer({ binary: binary!, port, httpPort: await freePort(), dbFile });
    await s.waitForMail((m) => m.subject.startsWith('[Đôn đốc] S1') && m.to[0] === 'chairman@test.example.org', 60_000);
    await new Promise((r) => setTimeout(r, 1500));
    const mails = await readMailbox(s.mailboxDir);
    // The plan's weekly digests (the run's digest workflow) went on across the restart too, each week's once.
    const digests = mails.filter((m) => m.subject.startsWith('[Tổng hợp tuần]')).map((m) => m.subject);
    expect(digests.length).toBeGreaterThanOrEqual(1);
    expect(new Set(digests).size).toBe(digests.length);
    const subjects = mails
      .filter((m) => !m.subject.startsWith('[Tổng hợp tuần]'))
      .map((m) => `${m.to[0]} ${m.subject.split(' – ')[0]}`)
      .sort();
    expect(subjects).toEqual([
      'chairman@test.example.org [Đôn đốc] S1',
      'officer-ldtbxh@test.example.org [Nhắc việc] S1',
      'officer-ldtbxh@test.example.org [Nhắc việc] S1',
      'officer-ldtbxh@test.example.org [Nhắc việc] S1',
      'officer-ldtbxh@test.example.org [Quá hạn] S1',
      'officer-ldtbxh@test.example.org [Quá hạn] S1',
      'officer-ldtbxh@test.example.org [Việc mới] S1',
      'vice-chair-vhxh@test.example.org [Đôn đốc] S1',
    ]);
    const kinds = (await s.ds.query(`SELECT kind FROM step_event WHERE plan_id = $1 ORDER BY seq`, [PLAN])).map(
      (e: { kind: string }) => e.kind,
    );
    expect(kinds).toEqual(['assigned', 'reminder', 'reminder', 'reminder', 'overdue', 'escalation', 'escalation']);
  });
});
