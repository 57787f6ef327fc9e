import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';
import { randomBytes } from 'node:crypto';
import { StaffRepository } from '#libs/database/src/index.js';
import { planFactory, stepFactory } from '../factories/plan.factory.js';
import { csrfHeader, sessionCookie } from '../utils/sessions.js';
import { startStack, type Stack } from '../utils/stack.js';

const PLAN = `PEOPLE-${randomBytes(3).toString('hex')}`;
const API = `/api/v1/plans/${PLAN}`;
const DELEGATE = 'le-van-c@test.example.org';
const SUCCESSOR = 'tong-van-truong@test.example.org';

/** The text of a DOCX, one line per paragraph, read back from word/document.xml. */
async function docxParagraphs(bytes: ArrayBuffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const unescape = (t: string) =>
    t
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    unescape([...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')),
  );
}

type EventView = { kind: string; actor: string | null; by: string; actedBy: Record<string, unknown> | null };

/**
 * People in the audit, through the real api, Temporal and the worker: who signed in and acted is recorded beside
 * the role (a delegate as "ủy quyền của" the holder), the development header as the role's holder, timers as the
 * system; the keyed chain verifies through the api; a role handed over mid-year signs the report with its new holder.
 */
describe('people in the audit', () => {
  let s: Stack;
  let ids: Record<string, string> = {};
  const act = async (path: string, body: unknown, cookie: string) => {
    const r = await fetch(`${s.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, ...csrfHeader(cookie) },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as { state?: string; code?: string } };
  };
  const events = async (step: string): Promise<EventView[]> =>
    ((await s.http('GET', `${API}/steps/${step}`)).body as { events: EventView[] }).events;

  beforeAll(async () => {
    s = await startStack();
    await s.startWorker();
    await s.loadPlan(
      planFactory({ id: PLAN }, [
        stepFactory({ id: 'S1', start: '2023-04-03', due: '2023-04-28' }),
        stepFactory({ id: 'S2', start: '2023-04-03', due: '2023-04-28' }),
      ]),
    );
    // Plan time at real pace from 03/04/2023: no reminder falls due while the test runs.
    expect(await s.runPlan(PLAN, { speed: 1, planStart: '2023-04-03' })).toMatchObject({ status: 200 });
    const staff = new StaffRepository(s.ds);
    const delegate = await staff.upsertUser(s.ds.manager, DELEGATE, 'Lê Văn C');
    const holder = (await staff.findByEmail('vice-chair-vhxh@test.example.org'))!;
    const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
    const later = new Date(Date.now() + 7 * 3600e3 + 5 * 86400e3).toISOString().slice(0, 10);
    ids = {
      delegate: delegate.id,
      holder: holder.id,
      delegation: await staff.addDelegation({
        planId: PLAN,
        roleKey: 'vice_chair_vhxh',
        unitId: null,
        fromUserId: holder.id,
        toUserId: delegate.id,
        validFrom: today,
        validTo: later,
        reason: 'Nghỉ phép',
        createdBy: 'cli',
      }),
    };
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a signed-in person and a delegate are recorded by name beside the role; the timers as the system', async () => {
    const officer = await sessionCookie(s.ds, 'officer-ldtbxh@test.example.org');
    expect(await act(`${API}/steps/S1/submission`, { note: 'Đã rà soát' }, officer)).toMatchObject({
      status: 200,
      body: { state: 'submitted' },
    });
    const delegate = await sessionCookie(s.ds, DELEGATE);
    // The delegate's approval queue (the web app's Phê duyệt) lists the role's submitted step.
    const toApprove = (await (await fetch(`${s.baseUrl}/api/v1/approvals`, { headers: { cookie: delegate } })).json()) as {
      items: { planId: string; stepId: string; title: string }[];
    };
    expect(toApprove.items.map(({ planId, stepId, title }) => ({ planId, stepId, title }))).toContainEqual({
      planId: PLAN,
      stepId: 'S1',
      title: 'Bước thử nghiệm',
    });
    expect(await act(`${API}/steps/S1/approval`, {}, delegate)).toMatchObject({ status: 200, body: { state: 'completed' } });
    const officerId = (await new StaffRepository(s.ds).findByEmail('officer-ldtbxh@test.example.org'))!.id;
    expect((await events('S1')).map(({ kind, actor, by, actedBy }) => ({ kind, actor, by, actedBy }))).toEqual([
      { kind: 'assigned', actor: null, by: 'Hệ thống', actedBy: { kind: 'system' } },
      {
        kind: 'submitted',
        actor: 'officer_ldtbxh',
        by: 'Người officer_ldtbxh (Chức danh officer_ldtbxh)',
        actedBy: { kind: 'user', userId: officerId, name: 'Người officer_ldtbxh', email: 'officer-ldtbxh@test.example.org' },
      },
      {
        kind: 'approved',
        actor: 'vice_chair_vhxh',
        by: 'Lê Văn C (Chức danh vice_chair_vhxh, ủy quyền của Người vice_chair_vhxh)',
        actedBy: {
          kind: 'user',
          userId: ids.delegate,
          name: 'Lê Văn C',
          email: DELEGATE,
          delegation: {
            id: ids.delegation,
            fromUserId: ids.holder,
            fromName: 'Người vice_chair_vhxh',
            fromEmail: 'vice-chair-vhxh@test.example.org',
          },
        },
      },
    ]);
    // The step as the web app's drawer reads it, with the officer's session: its history by name.
    const step = (await (await fetch(`${s.baseUrl}${API}/steps/S1`, { headers: { cookie: officer } })).json()) as {
      events: { kind: string; by: string }[];
    };
    expect(step.events.find((e) => e.kind === 'approved')?.by).toBe(
      'Lê Văn C (Chức danh vice_chair_vhxh, ủy quyền của Người vice_chair_vhxh)',
    );
  });

  it("the development header stands for the role's holder, marked as the header", async () => {
    expect(await s.http('POST', `${API}/steps/S2/submission`, { note: 'Qua tiêu đề' }, 'officer_ldtbxh')).toMatchObject({ status: 200 });
    const submitted = (await events('S2')).find((e) => e.kind === 'submitted')!;
    expect(submitted).toMatchObject({
      by: 'Người officer_ldtbxh (Chức danh officer_ldtbxh; qua tiêu đề X-Dondoc-Actor)',
      actedBy: { kind: 'header', name: 'Người officer_ldtbxh', email: 'officer-ldtbxh@test.example.org' },
    });
  });

  it('the audit route verifies the keyed chain the worker wrote (the api and the worker share the key)', async () => {
    for (const step of ['S1', 'S2'])
      expect((await s.http('GET', `${API}/steps/${step}/audit`)).body).toMatchObject({ valid: true, v1Events: 0 });
  });

  it('a role handed to a new holder mid-year: open steps stay with the role, the report is signed by the new holder, the delegation of the former one ends', async () => {
    const staff = new StaffRepository(s.ds);
    const successor = await staff.upsertUser(s.ds.manager, SUCCESSOR, 'Tổng Văn Trưởng');
    expect(await staff.revoke(ids.holder, PLAN, 'vice_chair_vhxh', null)).toBe(true);
    await staff.grant(s.ds.manager, successor.id, PLAN, 'vice_chair_vhxh', null, 'admin');
    expect((await staff.memberships(ids.delegate, PLAN)).some((m) => m.delegation)).toBe(false);
    expect(await act(`${API}/steps/S2/approval`, {}, await sessionCookie(s.ds, 'vice-chair-vhxh@test.example.org'))).toMatchObject({
      status: 403,
    });
    expect(await act(`${API}/steps/S2/approval`, {}, await sessionCookie(s.ds, SUCCESSOR))).toMatchObject({
      status: 200,
      body: { state: 'completed' },
    });
    expect((await events('S2')).find((e) => e.kind === 'approved')!.by).toBe('Tổng Văn Trưởng (Chức danh vice_chair_vhxh)');
    // Who acted when stays: S1 was approved by the delegate of the former holder.
    expect((await events('S1')).find((e) => e.kind === 'approved')!.by).toContain('ủy quyền của Người vice_chair_vhxh');
    const r = await fetch(`${s.baseUrl}${API}/reports/ket-qua.docx`, { headers: { 'x-dondoc-actor': 'chairman' } });
    expect(r.status).toBe(200);
    const paragraphs = await docxParagraphs(await r.arrayBuffer());
    expect(paragraphs).toContain('Tổng Văn Trưởng');
    expect(paragraphs).not.toContain('Người vice_chair_vhxh');
  });
});
