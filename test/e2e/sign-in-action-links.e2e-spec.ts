import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { ApiTokenRepository, formToken, hashToken, newApiToken, StaffRepository } from '#libs/database/src/index.js';
import { readMailbox, type CaughtMail } from '#libs/mail/src/index.js';
import { eventually, seedPlanI01, startStack, type Stack } from '../utils/stack.js';
import { csrfHeader } from '../utils/sessions.js';

// Test files share one Temporal server and workflow ids are business ids: the seed plan under ids of this file's own.
const PLAN = `HG-2023-AUTH-${randomBytes(3).toString('hex')}`;
const OTHER_PLAN = `HG-2023-OTHER-${randomBytes(3).toString('hex')}`;
const STEP = `/api/v1/plans/${PLAN}/steps/I01.5`;
const FINANCE = 'taichinh@hagiang.example.org';
const VICE_CHAIR = 'pct-vhxh@hagiang.example.org';
const OTHER_COMMUNE = 'pct@xa-khac.example.org';

interface Answer {
  status: number;
  body: string;
  headers: Headers;
}

/**
 * Staff sign-in by mail and the action links of mails, through the real stack with APP_ACTOR_HEADER=off: the
 * X-Dondoc-Actor header is refused, people act as who they are signed in as, and a link in a mail acts only on a
 * POST by the signed-in holder of the role it was sent to, once. Opening a link — a mail scanner does — changes nothing.
 */
describe('sign-in and action links (APP_ACTOR_HEADER=off)', () => {
  let s: Stack;
  const seen = new Set<string>();
  const cookies: Record<string, string> = {};

  /** A browser-like request: a form body, a session cookie, redirects not followed. */
  const web = async (
    method: string,
    path: string,
    o: { cookie?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const r = await fetch(`${s.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(o.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...(o.cookie ? { cookie: o.cookie } : {}),
        ...o.headers,
      },
      body: o.form ? new URLSearchParams(o.form).toString() : undefined,
    });
    return { status: r.status, body: await r.text(), headers: r.headers };
  };
  const api = async (method: string, path: string, body: unknown, o: { cookie?: string; actor?: string } = {}) => {
    const r = await fetch(`${s.baseUrl}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(o.cookie ? { cookie: o.cookie, ...csrfHeader(o.cookie) } : {}),
        ...(o.actor ? { 'x-dondoc-actor': o.actor } : {}),
      },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as any };
  };
  /** The next mail to `to` whose subject starts with `prefix` that this test has not read yet. */
  const nextMail = async (to: string, prefix: string): Promise<CaughtMail> => {
    const m = await s.waitForMail((x) => x.to.includes(to) && x.subject.startsWith(prefix) && !seen.has(x.messageId));
    seen.add(m.messageId);
    return m;
  };
  const linkIn = (m: CaughtMail, pattern: RegExp): string => {
    const url = m.text.match(pattern)?.[1];
    if (!url) throw new Error(`no link ${pattern} in mail "${m.subject}":\n${m.text}`);
    expect(url.startsWith(`${s.baseUrl}/`)).toBe(true);
    return url.slice(s.baseUrl.length);
  };
  /** A hidden field of the page's form that posts to `action` (the page also has the sign-out form). */
  const formValue = (page: string, name: string, action?: string): string => {
    const form = action ? (page.match(new RegExp(`<form method="post" action="${action}"[^>]*>[\\s\\S]*?</form>`))?.[0] ?? '') : page;
    const v = form.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1];
    if (v === undefined) throw new Error(`no field ${name} in the page:\n${page}`);
    return v;
  };
  /** Reads go through a read-only API token of the commune: the X-Dondoc-Actor header is off, and a session would count below. */
  const reader = newApiToken();
  const stepNow = async () => {
    const body = (await (await fetch(`${s.baseUrl}${STEP}`, { headers: { authorization: `Bearer ${reader}` } })).json()) as {
      state: string;
      events: { kind: string; actor: string | null }[];
    };
    return { state: body.state, events: body.events.map((e) => `${e.kind}:${e.actor ?? ''}`) };
  };
  const sessions = async () => Number((await s.ds.query(`SELECT count(*) AS n FROM staff_session`))[0].n);
  const refusals = async () =>
    (await s.ds.query(`SELECT kind, reason FROM action_refusal ORDER BY id`)) as { kind: string; reason: string }[];

  /** Asks for a link, reads it in the mailbox, confirms it; returns the session cookie and where the answer sent us. */
  const signIn = async (email: string, next?: string) => {
    const asked = await web('POST', '/dang-nhap', { form: { email, ...(next ? { next } : {}) } });
    expect(asked.status).toBe(200);
    const confirm = linkIn(await nextMail(email, '[Đăng nhập]'), /(http\S+\/dang-nhap\/xac-nhan\?t=[A-Za-z0-9_-]{43})/);
    const page = await web('GET', confirm);
    const done = await web('POST', '/dang-nhap/xac-nhan', { form: { t: formValue(page.body, 't') } });
    expect(done.status).toBe(303);
    const cookie = done.headers.get('set-cookie')!.split(';')[0];
    return { cookie, location: done.headers.get('location') };
  };

  beforeAll(async () => {
    s = await startStack({ actorHeader: false });
    await s.startWorker();
    await s.loadPlan(seedPlanI01(PLAN));
    await s.loadPlan(seedPlanI01(OTHER_PLAN));
    // The vice-chairman of another commune: the same role, but in the other plan only.
    const staff = new StaffRepository(s.ds);
    await s.ds.transaction(async (m) =>
      staff.grant(m, (await staff.upsertUser(m, OTHER_COMMUNE, 'Phó Chủ tịch xã khác')).id, OTHER_PLAN, 'vice_chair_vhxh', null, 'admin'),
    );
    await new ApiTokenRepository(s.ds).create({
      name: 'Đọc trạng thái (thử nghiệm)',
      tokenHash: hashToken(reader),
      unitId: 'ubnd_xa_ha_giang',
      planId: PLAN,
      expiresAt: null,
    });
    expect((await s.runPlan(PLAN, { speed: 1 })).status).toBe(200);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('made every holder of the plan roles a user, a village head once per village with its own address', async () => {
    const rows = await s.ds.query(
      `SELECT u.email, m.role_key, m.unit_id FROM staff_membership m JOIN staff_user u ON u.id = m.user_id WHERE m.plan_id = $1 AND m.role_key IN ('finance_officer', 'village_head') ORDER BY 1`,
      [PLAN],
    );
    expect(rows[0]).toEqual({ email: FINANCE, role_key: 'finance_officer', unit_id: '' });
    expect(rows.slice(1).map((r: { email: string }) => r.email)).toEqual(
      expect.arrayContaining(['truongthon-01@hagiang.example.org', 'truongthon-10@hagiang.example.org']),
    );
    expect(
      rows
        .filter((r: { role_key: string }) => r.role_key === 'village_head')
        .every((r: { email: string; unit_id: string }) => r.email === `truongthon-${r.unit_id.slice(-2)}@hagiang.example.org`),
    ).toBe(true);
  });

  it('refuses the X-Dondoc-Actor header when APP_ACTOR_HEADER=off, and an anonymous change; nothing changes', async () => {
    const header = await api('POST', `${STEP}/submission`, { note: 'xong' }, { actor: 'finance_officer' });
    expect(header).toMatchObject({ status: 401, body: { code: 'ACTOR_HEADER_DISABLED' } });
    const anonymous = await api('POST', `${STEP}/submission`, { note: 'xong' });
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'ACTOR_REQUIRED' } });
    expect(await stepNow()).toEqual({ state: 'assigned', events: ['assigned:'] });
  });

  it('answers every sign-in request with the same page and mails only a known, active address', async () => {
    const unknown = await web('POST', '/dang-nhap', { form: { email: 'ai-do@example.org' } });
    await new StaffRepository(s.ds).setActive('tuphap@hagiang.example.org', false);
    const disabled = await web('POST', '/dang-nhap', { form: { email: 'tuphap@hagiang.example.org' } });
    const known = await web('POST', '/dang-nhap', { form: { email: FINANCE.toUpperCase() } });
    for (const r of [unknown, disabled, known]) {
      expect(r.status).toBe(200);
      expect(r.body).toBe(known.body);
      expect(r.body).toContain('Nếu địa chỉ này đã được đăng ký, một liên kết đăng nhập vừa được gửi đến');
    }
    expect(known.headers.get('cache-control')).toBe('no-store');
    const bad = await web('POST', '/dang-nhap', { form: { email: 'khong-phai-thu' } });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('data-field="email"');

    const mail = await nextMail(FINANCE, '[Đăng nhập]');
    expect(mail.text).toContain('Kính gửi Vũ Thị G');
    expect(mail.text).toContain('trong 15 phút');
    const confirm = linkIn(mail, /(http\S+\/dang-nhap\/xac-nhan\?t=[A-Za-z0-9_-]{43})/);
    const token = new URL(confirm, s.baseUrl).searchParams.get('t')!;
    // Only the hash is stored; nothing went to the unknown or the disabled address.
    expect(await s.ds.query(`SELECT count(*)::int AS n FROM sign_in_token WHERE token_hash = $1`, [token])).toEqual([{ n: 0 }]);
    expect(await s.ds.query(`SELECT count(*)::int AS n FROM sign_in_token WHERE token_hash = $1`, [hashToken(token)])).toEqual([{ n: 1 }]);
    expect((await readMailbox(s.mailboxDir)).filter((m) => m.subject.startsWith('[Đăng nhập]')).map((m) => m.to)).toEqual([[FINANCE]]);

    // The link opens a page with a button; opening it (twice, as a scanner might) signs nobody in.
    for (let i = 0; i < 2; i++) {
      const page = await web('GET', confirm);
      expect(page.status).toBe(200);
      expect(page.headers.get('set-cookie')).toBeNull();
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.body).toContain('<form method="post" action="/dang-nhap/xac-nhan">');
    }
    expect(await sessions()).toBe(0);

    // Another site's page cannot post the link (and so sign this browser in as someone else).
    const crossSite = await web('POST', '/dang-nhap/xac-nhan', { form: { t: token }, headers: { origin: 'https://evil.example.org' } });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('set-cookie')).toBeNull();
    const first = await web('POST', '/dang-nhap/xac-nhan', { form: { t: token } });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/app/'); // the web app, when the link names no page
    const setCookie = first.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^dondoc_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/); // no Secure over http
    expect(await sessions()).toBe(1);
    cookies.finance = setCookie.split(';')[0];

    const again = await web('POST', '/dang-nhap/xac-nhan', { form: { t: token } });
    expect(again.status).toBe(410);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(again.body).toContain('đã được dùng');
    expect(await sessions()).toBe(1);
    expect(await refusals()).toContainEqual({ kind: 'sign-in', reason: 'used' });

    // Signed in: the web app (where `/` leads) knows her.
    const home = await web('GET', '/', { cookie: cookies.finance });
    expect({ status: home.status, location: home.headers.get('location') }).toEqual({ status: 302, location: '/app/' });
    const me = await web('GET', '/api/v1/me', { cookie: cookies.finance });
    expect((JSON.parse(me.body) as { user: { name: string } }).user.name).toBe('Vũ Thị G');
  });

  it('the assignee reports through the "Báo cáo kết quả" link of the new-task mail, acting as her own role', async () => {
    const path = linkIn(await nextMail(FINANCE, '[Việc mới] I01.5'), /Báo cáo kết quả:\n(http\S+\/hanh-dong\/[A-Za-z0-9_-]{43})\n/);
    const page = await web('GET', path, { cookie: cookies.finance });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Báo cáo kết quả thực hiện nội dung này');
    expect(await stepNow()).toEqual({ state: 'assigned', events: ['assigned:'] });
    const empty = await web('POST', path, { cookie: cookies.finance, form: { csrf: formValue(page.body, 'csrf', path), note: ' ' } });
    expect(empty.status).toBe(422);
    expect(empty.body).toContain('data-field="note"');
    const done = await web('POST', path, {
      cookie: cookies.finance,
      form: { csrf: formValue(page.body, 'csrf', path), note: 'Đã lập dự toán 45.000.000 đồng' },
    });
    expect(done.status).toBe(200);
    expect(done.body).toContain('data-outcome="done"');
    expect(await stepNow()).toEqual({ state: 'submitted', events: ['assigned:', 'submitted:finance_officer'] });
  });

  it('writes the approval request with "Phê duyệt" and "Trả lại" links whose references are stored only hashed', async () => {
    const mail = await nextMail(VICE_CHAIR, '[Chờ duyệt] I01.5');
    const approve = linkIn(mail, /Phê duyệt:\n(http\S+\/hanh-dong\/[A-Za-z0-9_-]{43})\n/);
    const reject = linkIn(mail, /Trả lại:\n(http\S+\/hanh-dong\/[A-Za-z0-9_-]{43})\n/);
    const ref = approve.slice('/hanh-dong/'.length);
    const rows = await s.ds.query(`SELECT action, role_key, unit_id, plan_id, step_id, used_at FROM action_link WHERE ref_hash = $1`, [
      hashToken(ref),
    ]);
    expect(rows).toEqual([
      { action: 'approve', role_key: 'vice_chair_vhxh', unit_id: null, plan_id: PLAN, step_id: 'I01.5', used_at: null },
    ]);
    expect(await s.ds.query(`SELECT count(*)::int AS n FROM action_link WHERE ref_hash = $1`, [ref])).toEqual([{ n: 0 }]);
    cookies.approve = approve;
    cookies.reject = reject;
  });

  it('opening the approval link changes nothing: as a scanner (no cookie), as someone else, as the approver', async () => {
    const before = await stepNow();
    const scanner = await web('GET', cookies.approve);
    expect(scanner.status).toBe(401);
    expect(scanner.body).toContain('data-outcome="sign-in"');
    expect(scanner.headers.get('referrer-policy')).toBe('no-referrer');
    expect(scanner.headers.get('cache-control')).toBe('no-store');
    await web('HEAD', cookies.approve);
    const finance = await web('GET', cookies.approve, { cookie: cookies.finance });
    expect(finance.status).toBe(403);
    expect(finance.body).toContain('data-outcome="not-yours"');

    // The vice-chairman signs in from the link's page and comes back to it.
    const signInLink = scanner.body.match(/href="(\/dang-nhap\?next=[^"]+)"/)![1];
    const next = new URL(signInLink, s.baseUrl).searchParams.get('next')!;
    expect(next).toBe(cookies.approve);
    const { cookie, location } = await signIn(VICE_CHAIR, next);
    expect(location).toBe(cookies.approve);
    cookies.vice = cookie;
    const page = await web('GET', cookies.approve, { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Xác nhận phê duyệt');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');

    // The web app's step drawer offers what the API lists for the session (no X-Dondoc-Actor): the approver approves or
    // returns, the assignee has nothing left to do, nobody signed in reads nothing. The old step page leads there.
    const actionsOf = async (list: string, who: string) => {
      const r = await web('GET', `/api/v1/${list}?plan=${PLAN}`, { cookie: who });
      expect(r.status).toBe(200);
      return (
        (JSON.parse(r.body) as { items: { stepId: string; actions: string[] }[] }).items.find((i) => i.stepId === 'I01.5')?.actions ?? []
      );
    };
    expect(await actionsOf('approvals', cookie)).toEqual(expect.arrayContaining(['approve', 'reject']));
    expect(await actionsOf('my-work', cookies.finance)).not.toContain('approve');
    expect(await actionsOf('approvals', cookies.finance)).toEqual([]);
    expect((await web('GET', `/api/v1/plans/${PLAN}/steps/I01.5`)).status).toBe(401);
    const stepPage = await web('GET', `/plans/${PLAN}/steps/I01.5`, { cookie });
    expect({ status: stepPage.status, location: stepPage.headers.get('location') }).toEqual({
      status: 302,
      location: `/app/ke-hoach/${PLAN}/buoc/I01.5`,
    });

    expect(await stepNow()).toEqual(before);
    expect(before.state).toBe('submitted');
    expect(await s.ds.query(`SELECT count(*)::int AS n FROM action_link WHERE used_at IS NOT NULL`)).toEqual([{ n: 1 }]); // the report link only
  });

  it('refuses a POST by someone without the role, from another commune, from another site, or without the form token', async () => {
    const before = await stepNow();
    const refHash = hashToken(cookies.approve.slice('/hanh-dong/'.length));
    // The finance officer, with a form token as good as the page would give: she does not hold vice_chair_vhxh.
    const financeToken = cookies.finance.split('=')[1];
    const wrongUser = await web('POST', cookies.approve, {
      cookie: cookies.finance,
      form: { csrf: formToken(financeToken, `action:${refHash}`) },
    });
    expect(wrongUser.status).toBe(403);
    expect(wrongUser.body).toContain('data-outcome="not-yours"');

    // The vice-chairman of another commune holds the role, in another plan.
    const other = (await signIn(OTHER_COMMUNE)).cookie;
    const otherPage = await web('GET', cookies.reject, { cookie: other });
    expect(otherPage.status).toBe(403);
    const otherPost = await web('POST', cookies.reject, {
      cookie: other,
      form: { csrf: formToken(other.split('=')[1], `action:${hashToken(cookies.reject.slice(11))}`), reason: 'Thiếu' },
    });
    expect(otherPost.status).toBe(403);
    expect(otherPost.body).toContain(`kế hoạch ${PLAN}`);

    const page = await web('GET', cookies.approve, { cookie: cookies.vice });
    const csrf = formValue(page.body, 'csrf', cookies.approve);
    const crossSite = await web('POST', cookies.approve, {
      cookie: cookies.vice,
      form: { csrf },
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(401);
    const noToken = await web('POST', cookies.approve, { cookie: cookies.vice, form: { note: 'Đồng ý' } });
    expect(noToken.status).toBe(403);
    expect(noToken.body).toContain('data-outcome="form-invalid"');
    const otherSessionToken = await web('POST', cookies.approve, {
      cookie: cookies.vice,
      form: { csrf: formToken(financeToken, `action:${refHash}`) },
    });
    expect(otherSessionToken.status).toBe(403);

    expect(await stepNow()).toEqual(before);
    expect((await refusals()).filter((r) => r.kind === 'action').map((r) => r.reason)).toEqual(
      expect.arrayContaining(['not-yours', 'not-yours', 'not-yours', 'not-signed-in', 'form-token', 'form-token']),
    );
  });

  it('a POST by the approver approves once; a second POST is told it was already done; the other link of the mail no longer acts', async () => {
    const page = await web('GET', cookies.approve, { cookie: cookies.vice });
    const csrf = formValue(page.body, 'csrf', cookies.approve);
    // A double click: two POSTs at once; one acts, the other waits for it and is told it is done.
    const [first, second] = (
      await Promise.all([0, 1].map(() => web('POST', cookies.approve, { cookie: cookies.vice, form: { csrf, note: 'Đồng ý' } })))
    ).sort((a, b) => a.status - b.status);
    expect(first.status).toBe(200);
    expect(first.body).toContain('data-outcome="done"');
    expect(first.body).toContain('đã hoàn thành');
    expect(second.status).toBe(409);
    expect(second.body).toContain('đã được thực hiện trước đó');
    const third = await web('POST', cookies.approve, { cookie: cookies.vice, form: { csrf, note: 'Đồng ý' } });
    expect(third.status).toBe(409);
    expect(third.body).toContain('data-outcome="used"');
    expect(await stepNow()).toEqual({ state: 'completed', events: ['assigned:', 'submitted:finance_officer', 'approved:vice_chair_vhxh'] });

    const rejectPage = await web('GET', cookies.reject, { cookie: cookies.vice });
    const late = await web('POST', cookies.reject, {
      cookie: cookies.vice,
      form: { csrf: formValue(rejectPage.body, 'csrf', cookies.reject), reason: 'Thiếu chi tiết' },
    });
    expect(late.status).toBe(409);
    expect(late.body).toMatch(/data-code="STEP_NOT_(SUBMITTED|OPEN)"/);
    expect((await stepNow()).events).toHaveLength(3);
    expect(await refusals()).toEqual(
      expect.arrayContaining([
        { kind: 'action', reason: 'used' },
        { kind: 'action', reason: 'step-refused' },
      ]),
    );
  });

  it('refuses a tampered, unknown or expired reference with a clear page', async () => {
    const ref = cookies.reject.slice('/hanh-dong/'.length);
    const tampered = `/hanh-dong/${ref.slice(0, -1)}${ref.endsWith('A') ? 'B' : 'A'}`;
    for (const path of [tampered, '/hanh-dong/abc', `/hanh-dong/${'x'.repeat(43)}`]) {
      for (const method of ['GET', 'POST']) {
        const r = await web(method, path, { cookie: cookies.vice, ...(method === 'POST' ? { form: { csrf: 'x' } } : {}) });
        expect(r.status).toBe(404);
        expect(r.body).toContain('data-outcome="unknown"');
      }
    }
    await s.ds.query(`UPDATE action_link SET expires_at = now() - interval '1 second' WHERE ref_hash = $1`, [hashToken(ref)]);
    const expired = await web('GET', cookies.reject, { cookie: cookies.vice });
    expect(expired.status).toBe(410);
    expect(expired.body).toContain('Liên kết đã hết hạn');
    expect((await refusals()).filter((r) => r.reason === 'unknown').length).toBeGreaterThanOrEqual(6);
  });

  it('acts as the signed-in user on the JSON API, choosing the role that fits the step', async () => {
    const i013 = `/api/v1/plans/${PLAN}/steps/I01.3`;
    const wrong = await api('POST', `${i013}/submission`, { note: 'Đã gửi' }, { cookie: cookies.finance });
    expect(wrong).toMatchObject({ status: 403, body: { code: 'ACTOR_NOT_ASSIGNEE' } });
    const { cookie } = await signIn('vanphong@hagiang.example.org');
    const ok = await api('POST', `${i013}/submission`, { note: 'Đã gửi qua liên thông' }, { cookie });
    expect(ok).toMatchObject({ status: 200, body: { state: 'completed' } });
    // A cookie sent by another site's page does not count as signed in.
    const r = await fetch(`${s.baseUrl}/api/v1/plans/${PLAN}/steps/I01.1/submission`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookies.finance, origin: 'https://evil.example.org' },
      body: '{"note":"x"}',
    });
    expect(r.status).toBe(401);
  });

  it('binds an approval link to the evidence it was mailed with: its page shows that note, links and files; after a return and a new submission it no longer acts', async () => {
    const i011 = `/api/v1/plans/${PLAN}/steps/I01.1`;
    const officer = (await signIn('vhxh-ldtbxh@hagiang.example.org')).cookie;
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(2560, 'a')], { type: 'application/pdf' }), 'du-thao-ke-hoach.pdf');
    const upload = await fetch(`${s.baseUrl}${i011}/files`, {
      method: 'POST',
      body: form,
      headers: { cookie: officer, ...csrfHeader(officer) },
    });
    expect(upload.status).toBe(201);
    const file = (await upload.json()) as { id: string };
    const v1 = { note: 'Dự thảo lần 1 <b>đậm</b>', links: ['https://drive.example.org/du-thao-1.docx'], fileIds: [file.id] };
    expect(await api('POST', `${i011}/submission`, v1, { cookie: officer })).toMatchObject({ status: 200, body: { state: 'submitted' } });
    const first = linkIn(await nextMail(VICE_CHAIR, '[Chờ duyệt] I01.1'), /Phê duyệt:\n(http\S+\/hanh-dong\/[A-Za-z0-9_-]{43})\n/);
    const firstRef = hashToken(first.slice('/hanh-dong/'.length));
    expect(await s.ds.query(`SELECT evidence_version AS v FROM action_link WHERE ref_hash = $1`, [firstRef])).toEqual([{ v: 1 }]);

    // What is being approved: the note (escaped), the link, the file with its size and a download link.
    const page1 = await web('GET', first, { cookie: cookies.vice });
    expect(page1.status).toBe(200);
    expect(page1.body).toContain('Kết quả được báo cáo (lần nộp 1)');
    expect(page1.body).toContain('Dự thảo lần 1 &lt;b&gt;đậm&lt;/b&gt;'); // escaped by the page template (Handlebars)
    expect(page1.body).not.toContain('<b>đậm');
    expect(page1.body).toContain('href="https://drive.example.org/du-thao-1.docx"');
    expect(page1.body).toContain(`href="/api/v1/plans/${PLAN}/steps/I01.1/files/${file.id}"`);
    expect(page1.body).toContain('du-thao-ke-hoach.pdf</a> (2,5 KB)');

    // Returned, then submitted again: version 2 gets its own mail and links.
    expect(await api('POST', `${i011}/rejection`, { reason: 'Bổ sung dự toán' }, { cookie: cookies.vice })).toMatchObject({
      status: 200,
      body: { state: 'returned' },
    });
    expect(await api('POST', `${i011}/submission`, { note: 'Dự thảo lần 2, đã bổ sung dự toán' }, { cookie: officer })).toMatchObject({
      status: 200,
      body: { state: 'submitted' },
    });
    const second = linkIn(await nextMail(VICE_CHAIR, '[Chờ duyệt] I01.1'), /Phê duyệt:\n(http\S+\/hanh-dong\/[A-Za-z0-9_-]{43})\n/);

    // The link of version 1 neither shows nor approves version 2.
    const stale = await web('GET', first, { cookie: cookies.vice });
    expect(stale.status).toBe(410);
    expect(stale.body).toContain('data-outcome="superseded"');
    expect(stale.body).toContain('Liên kết này dành cho lần nộp trước (lần 1)');
    expect(stale.body).not.toContain('Dự thảo lần 2');
    const csrf = formToken(cookies.vice.split('=')[1], `action:${firstRef}`);
    const post = await web('POST', first, { cookie: cookies.vice, form: { csrf, note: 'Đồng ý' } });
    expect(post.status).toBe(410);
    expect(post.body).toContain('data-outcome="superseded"');
    const state = async () => (await api('GET', i011, undefined, { cookie: cookies.vice })).body.state;
    expect(await state()).toBe('submitted');
    expect(await s.ds.query(`SELECT used_at FROM action_link WHERE ref_hash = $1`, [firstRef])).toEqual([{ used_at: null }]);
    expect((await refusals()).filter((r) => r.reason === 'superseded').length).toBeGreaterThanOrEqual(2);

    // The link of version 2 shows version 2 and approves it.
    const page2 = await web('GET', second, { cookie: cookies.vice });
    expect(page2.body).toContain('Kết quả được báo cáo (lần nộp 2)');
    expect(page2.body).toContain('Dự thảo lần 2, đã bổ sung dự toán');
    expect(page2.body).not.toContain('Dự thảo lần 1');
    const done = await web('POST', second, { cookie: cookies.vice, form: { csrf: formValue(page2.body, 'csrf', second), note: 'Đồng ý' } });
    expect(done.status).toBe(200);
    expect(await state()).toBe('completed');
  });

  it('caps sign-in mails at 5 per address in 15 minutes, with the same answer every time', async () => {
    const email = 'tramyte@hagiang.example.org';
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await web('POST', '/dang-nhap', { form: { email } }));
    expect(new Set(answers.map((a) => `${a.status} ${a.body}`)).size).toBe(1);
    // The lookup runs after the answer (the same time for every address): wait until all seven are handled.
    await eventually(
      async () => ((await refusals()).filter((r) => r.reason === 'rate-limited').length >= 2 ? true : undefined),
      30_000,
      'the seven sign-in requests',
    );
    const [{ n }] = await s.ds.query(
      `SELECT count(*)::int AS n FROM sign_in_token t JOIN staff_user u ON u.id = t.user_id WHERE u.email = $1`,
      [email],
    );
    expect(n).toBe(5);
    expect((await refusals()).filter((r) => r.reason === 'rate-limited')).toHaveLength(2);
  });

  it('signing out ends the session', async () => {
    // The sign-out form of a server page's header (the web app posts its API token to the same address).
    const page = await web('GET', cookies.approve, { cookie: cookies.vice });
    expect(page.body).toContain('Đang đăng nhập');
    const out = await web('POST', '/dang-xuat', { cookie: cookies.vice, form: { csrf: formValue(page.body, 'csrf', '/dang-xuat') } });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^dondoc_session=; .*Max-Age=0/);
    const after = await web('GET', cookies.approve, { cookie: cookies.vice });
    expect(after.body).not.toContain('Đang đăng nhập');
    expect(await s.ds.query(`SELECT count(*)::int AS n FROM staff_session WHERE ended_at IS NOT NULL`)).toEqual([{ n: 1 }]);
  });
});
