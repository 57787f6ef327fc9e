import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { ApiTokenRepository, hashToken, newApiToken, StaffRepository } from '#libs/database/src/index.js';
import { runCli } from '../utils/cli.js';
import { responseChecker, type OpenApiDoc } from '../utils/openapi-check.js';
import { csrfHeader, sessionCookie } from '../utils/sessions.js';
import { eventually, seedPlanI01WithVillages, startStack, type Stack } from '../utils/stack.js';

// The seed plan's item I01 with its village fan-out (14 instances), under an id of this file's own.
const PLAN = `HG-NAMES-${randomBytes(3).toString('hex')}`;
const API = `/api/v1/plans/${PLAN}`;
const step = (id: string) => `${API}/steps/${id}`;

/**
 * What the web app's pages read from the API, through HTTP, the Temporal dev server, the worker and PostgreSQL:
 * names instead of codes in the step and status answers (with the submitted evidence), the plan dashboard, and the
 * monitoring body's Giám sát with its CSV export. Every answer is checked against the served OpenAPI document.
 */
describe('names, the plan dashboard and Giám sát through the API', () => {
  let s: Stack;
  let check: ReturnType<typeof responseChecker>;
  const cookies: Record<string, string> = {};
  /** A request as a signed-in person (or an API token), its JSON answer checked against the OpenAPI document. */
  const as = async (who: { cookie: string } | { bearer: string }, path: string, method = 'GET', body?: unknown) => {
    const headers: Record<string, string> =
      'cookie' in who
        ? { cookie: who.cookie, origin: s.baseUrl, ...(method === 'GET' ? {} : csrfHeader(who.cookie)) }
        : { authorization: `Bearer ${who.bearer}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(`${s.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const type = r.headers.get('content-type') ?? '';
    const answer: any = type.includes('json') ? await r.json() : Buffer.from(await r.arrayBuffer());
    const wrong = check(method, path, r.status, type, type.includes('json') ? answer : undefined);
    if (wrong) throw new Error(`${path}: ${wrong}`);
    return { status: r.status, body: answer, headers: r.headers };
  };

  beforeAll(async () => {
    s = await startStack();
    await s.startWorker();
    await s.loadPlan(seedPlanI01WithVillages(PLAN));
    // Plan time starts on Thu 30/03/2023: I01.1 (due 29/03) is overdue at once, the rest is in time.
    expect((await s.runPlan(PLAN, { speed: 1, planStart: '2023-03-30' })).status).toBe(200);
    await eventually(
      async () => ((await s.http('GET', step('I01.1'))).body.bucket === 'open_overdue' ? true : undefined),
      60_000,
      'I01.1 to turn overdue',
    );
    // The step answer shows I01.1 overdue from its due date before its workflow records the overdue transition (and
    // the notices due by 30/03), which moves the status ETag: the checks below need a status that stays.
    await s.settled(PLAN);
    check = responseChecker((await (await fetch(`${s.baseUrl}/api/docs-json`)).json()) as OpenApiDoc);
    cookies.district = await sessionCookie(s.ds, 'tre-em@hatrung-ldtbxh.example.org');
    cookies.chairman = await sessionCookie(s.ds, 'chu-tich@hagiang.example.org');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('names the assignee and approver (title and holder), the village, the item and the plan in the step answer; codes stay', async () => {
    const commune = await s.http('GET', step('I01.5'));
    expect(commune.status).toBe(200);
    expect(commune.body).toMatchObject({
      assignee: 'finance_officer',
      approver: 'vice_chair_vhxh',
      assigneeRole: { roleKey: 'finance_officer', title: 'Công chức Tài chính - kế toán', holders: ['Vũ Thị G'] },
      approverRole: { roleKey: 'vice_chair_vhxh', title: 'Phó Chủ tịch UBND xã (phụ trách VH-XH)', holders: ['Tổng Văn Trưởng'] },
      village: null,
      itemTitle: 'Ban hành, triển khai kế hoạch; kế hoạch thôn; dự toán kinh phí',
      plan: { id: PLAN, number: expect.stringMatching(/\S/), title: expect.stringMatching(/\S/) },
      submission: null,
    });
    const village = await s.http('GET', step('I01.4-thon_03'));
    expect(village.body).toMatchObject({
      unitId: 'thon_03',
      village: { id: 'thon_03', name: 'Thôn Tây' },
      assigneeRole: { roleKey: 'village_head', title: 'Trưởng thôn', holders: ['Trưởng thôn Thôn Tây'] },
      approverRole: null,
    });
    // A person taking the seat over is named from the next answer on; the status answer's ETag moves with the names.
    const statusAs = (tag?: string) =>
      fetch(`${s.baseUrl}${API}/status`, { headers: { 'x-dondoc-actor': 'chairman', ...(tag ? { 'if-none-match': tag } : {}) } });
    const tag = (await statusAs()).headers.get('etag')!;
    expect((await statusAs(tag)).status).toBe(304);
    await s.ds.query(`UPDATE staff_user SET display_name = 'Lò Văn Tây' WHERE email = 'truongthon-03@hagiang.example.org'`);
    expect((await s.http('GET', step('I01.4-thon_03'))).body.assigneeRole.holders).toEqual(['Lò Văn Tây']);
    const renamed = await statusAs(tag);
    expect(renamed.status).toBe(200);
    expect(
      ((await renamed.json()) as { steps: { stepId: string; assigneeRole: { holders: string[] } }[] }).steps.find(
        (x) => x.stepId === 'I01.4-thon_03',
      )!.assigneeRole.holders,
    ).toEqual(['Lò Văn Tây']);
  });

  it('shows the submitted evidence on the step: the note, the links, the files with name, size and a download path', async () => {
    const bytes = Buffer.from('%PDF-1.4 dự toán kinh phí 45.000.000 đồng');
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'Dự toán kinh phí.pdf');
    const up = await fetch(`${s.baseUrl}${step('I01.5')}/files`, {
      method: 'POST',
      body: form,
      headers: { 'x-dondoc-actor': 'finance_officer' },
    });
    expect(up.status).toBe(201);
    const file = (await up.json()) as { id: string };
    const sent = await s.http(
      'POST',
      `${step('I01.5')}/submission`,
      { note: 'Đã lập dự toán', links: ['https://drive.example.org/du-toan'], fileIds: [file.id] },
      'finance_officer',
    );
    expect(sent.status).toBe(200);
    // An action's answer names the step too.
    expect(sent.body).toMatchObject({
      state: 'submitted',
      assigneeRole: { title: 'Công chức Tài chính - kế toán', holders: ['Vũ Thị G'] },
      village: null,
    });
    const got = await s.http('GET', step('I01.5'));
    expect(got.body.submission).toMatchObject({
      version: 1,
      note: 'Đã lập dự toán',
      by: expect.stringContaining('Công chức Tài chính - kế toán'),
      links: ['https://drive.example.org/du-toan'],
      files: [{ id: file.id, name: 'Dự toán kinh phí.pdf', size: bytes.length, href: `${step('I01.5')}/files/${file.id}` }],
    });
    const dl = await fetch(`${s.baseUrl}${got.body.submission.files[0].href}`, { headers: { cookie: cookies.chairman } });
    expect(dl.status).toBe(200);
    expect(Buffer.from(await dl.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('names every step of the status and steps answers', async () => {
    const status = await s.http('GET', `${API}/status`);
    const byId = Object.fromEntries(status.body.steps.map((x: { stepId: string }) => [x.stepId, x]));
    expect(byId['I01.4-thon_05']).toMatchObject({
      village: { id: 'thon_05', name: 'Thôn Bắc' },
      assigneeRole: { title: 'Trưởng thôn', holders: ['Trưởng thôn Thôn Bắc'] },
    });
    expect(byId['I01.1']).toMatchObject({
      assigneeRole: { title: 'Công chức Văn hóa - xã hội (phụ trách LĐTB&XH)', holders: ['Phạm Thị D'] },
      itemTitle: expect.stringContaining('Ban hành'),
    });
    const page = await s.http('GET', `${API}/steps?pageSize=2&unit=thon_09`);
    expect(page.body.items.map((x: { village: { name: string } }) => x.village.name)).toEqual(['Thôn Tân Thành']);
  });

  it('gives the plan dashboard: buckets, items, villages, months, a Gantt by name, in plan time of the rehearsal', async () => {
    const before = await as({ cookie: cookies.chairman }, `${API}/dashboard`);
    expect(before.status).toBe(200);
    const d = before.body;
    const status = (await s.http('GET', `${API}/status`)).body;
    expect(d.plan).toEqual({ id: PLAN, number: status.number, title: status.title, issuer: status.issuer, year: status.year });
    expect(d.timeBase).toMatchObject({
      kind: 'plan',
      today: expect.stringMatching(/^2023-0[34]-\d\d$/),
      label: expect.stringContaining('Thời gian kế hoạch (diễn tập)'),
    });
    expect(d.totals).toMatchObject({ total: status.stepCount, overdue: status.buckets.open_overdue.count, buckets: status.buckets });
    expect(d.totals.counts.open_overdue).toBe(1);
    expect(d.byItem).toEqual([
      expect.objectContaining({ itemId: 'I01', title: 'Ban hành, triển khai kế hoạch; kế hoạch thôn; dự toán kinh phí', total: 14 }),
    ]);
    expect(d.byVillage).toHaveLength(10);
    expect(d.byVillage.find((v: { unitId: string }) => v.unitId === 'thon_03')).toMatchObject({
      name: 'Thôn Tây',
      total: 1,
      counts: { open_on_time: 1 },
    });
    expect(d.byMonth.map((m: { month: string; label: string }) => [m.month, m.label])).toEqual([
      ['2023-03', 'Tháng 03/2023'],
      ['2023-04', 'Tháng 04/2023'],
    ]);
    expect(d.byMonth.reduce((n: number, m: { due: number }) => n + m.due, 0)).toBe(14);
    const rows = d.gantt.flatMap((g: { steps: unknown[] }) => g.steps);
    expect(rows).toHaveLength(14);
    expect(rows.find((r: { stepId: string }) => r.stepId === 'I01.5')).toMatchObject({
      startDate: '2023-04-03',
      dueDate: '2023-04-07',
      dueDateVi: '07/04/2023',
      state: 'submitted',
      display: 'awaiting',
      displayLabel: 'Chờ duyệt',
      assignee: { title: 'Công chức Tài chính - kế toán', holders: ['Vũ Thị G'] },
    });
    // The figures move with the steps: I01.5 approved counts as completed on time, this month.
    expect((await s.http('POST', `${step('I01.5')}/approval`, { note: 'Đồng ý' }, 'vice_chair_vhxh')).status).toBe(200);
    const after = (await as({ cookie: cookies.chairman }, `${API}/dashboard`)).body;
    expect(after.totals.counts.completed_on_time).toBe(d.totals.counts.completed_on_time + 1);
    expect(after.totals.percentComplete).toBeGreaterThan(0);
    expect(after.byMonth.find((m: { month: string }) => m.month === d.timeBase.today.slice(0, 7)).completedOnTime).toBe(1);
    expect(after.gantt[0].steps.find((r: { stepId: string }) => r.stepId === 'I01.5')).toMatchObject({
      display: 'completed_on_time',
      displayLabel: 'hoàn thành đúng hạn',
    });
    expect((await as({ cookie: cookies.chairman }, `/api/v1/plans/NO-SUCH-PLAN/dashboard`)).status).toBe(404);
  });

  it("gives the monitoring body its communes' plans, the overdue steps by name with days overdue, and figures per commune and village", async () => {
    const m = await as({ cookie: cookies.district }, '/api/v1/monitoring');
    expect(m.status).toBe(200);
    const mine = m.body.plans.filter((p: { id: string }) => p.id === PLAN);
    expect(mine).toEqual([
      expect.objectContaining({
        id: PLAN,
        commune: { id: 'ubnd_xa_ha_giang', name: 'UBND xã Hà Giang' },
        total: 14,
        overdue: 1,
        overdueTotal: 1,
      }),
    ]);
    expect(m.body.plans.every((p: { commune: { id: string } }) => p.commune.id === 'ubnd_xa_ha_giang')).toBe(true);
    const late = m.body.overdue.filter((x: { planId: string }) => x.planId === PLAN);
    expect(late).toEqual([
      expect.objectContaining({
        stepId: 'I01.1',
        title: 'Dự thảo kế hoạch xã',
        commune: { id: 'ubnd_xa_ha_giang', name: 'UBND xã Hà Giang' },
        village: null,
        assignee: { roleKey: 'officer_ldtbxh', title: 'Công chức Văn hóa - xã hội (phụ trách LĐTB&XH)', holders: ['Phạm Thị D'] },
        dueDate: '2023-03-29',
        dueDateVi: '29/03/2023',
        late: { workingDays: expect.any(Number), calendarDays: expect.any(Number) },
      }),
    ]);
    expect(late[0].late.calendarDays).toBeGreaterThanOrEqual(1);
    expect(m.body.byCommune.find((c: { communeId: string }) => c.communeId === 'ubnd_xa_ha_giang')).toMatchObject({
      name: 'UBND xã Hà Giang',
      overdue: m.body.plans.reduce((n: number, p: { overdue: number }) => n + p.overdue, 0),
    });
    const villages = m.body.byVillage.filter((v: { planId: string }) => v.planId === PLAN);
    expect(villages).toHaveLength(10);
    expect(villages.find((v: { unitId: string }) => v.unitId === 'thon_08')).toMatchObject({
      name: 'Thôn Yên Bình',
      commune: { name: 'UBND xã Hà Giang' },
      total: 1,
    });
    // The commune's own chairman runs the plan and monitors nothing; a province token (an outside system) sees what it reads.
    expect((await as({ cookie: cookies.chairman }, '/api/v1/monitoring')).body).toEqual({
      plans: [],
      overdueTotal: 0,
      overdue: [],
      byCommune: [],
      byVillage: [],
    });
    const raw = newApiToken();
    await new ApiTokenRepository(s.ds).create({
      name: 'Sở Y tế',
      tokenHash: hashToken(raw),
      unitId: 'tinh_thanh_hoa',
      planId: PLAN,
      expiresAt: null,
    });
    expect((await as({ bearer: raw }, '/api/v1/monitoring')).body.plans.map((p: { id: string }) => p.id)).toEqual([PLAN]);
    expect((await fetch(`${s.baseUrl}/api/v1/monitoring`)).status).toBe(401);
  });

  it('exports the overdue list as CSV with Vietnamese headers and dd/mm/yyyy dates', async () => {
    const r = await as({ cookie: cookies.district }, '/api/v1/monitoring.csv');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    expect(r.headers.get('content-disposition')).toMatch(/attachment; filename="giam-sat-qua-han-\d{4}-\d\d-\d\d\.csv"/);
    const raw = r.body as Buffer;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = raw.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'STT,Xã,Kế hoạch,Mã,Nội dung công việc,Nội dung kế hoạch,Thôn,Người thực hiện,Người đang giữ vai trò,Hạn hoàn thành,Số ngày làm việc quá hạn,Số ngày quá hạn',
    );
    const row = lines.find((l) => l.includes(',I01.1,'))!;
    expect(row).toContain('UBND xã Hà Giang');
    expect(row).toContain(',Dự thảo kế hoạch xã,');
    expect(row).toContain(',Công chức Văn hóa - xã hội (phụ trách LĐTB&XH),Phạm Thị D,29/03/2023,');
  });

  describe('administration in the web app', () => {
    const ADMIN = 'quantri@hagiang.example.org';
    beforeAll(async () => {
      expect(runCli({ DATABASE_URL: s.db.url }, 'user', 'add', ADMIN, '--name', 'Quản trị viên')).toMatchObject({ code: 0 });
      expect(runCli({ DATABASE_URL: s.db.url }, 'user', 'admin', ADMIN)).toMatchObject({
        code: 0,
        stdout: `${ADMIN} đã là quản trị viên\n`,
      });
      cookies.admin = await sessionCookie(s.ds, ADMIN);
    });
    const tokenRows = async () => ((await s.ds.query(`SELECT count(*)::int AS n FROM api_token`)) as { n: number }[])[0].n;

    it('refuses everyone but an administrator, in Vietnamese, before the body counts: nothing is made', async () => {
      const before = await tokenRows();
      const good = { name: 'Cổng dữ liệu huyện', unitId: 'huyen_ha_trung' };
      for (const cookie of [cookies.chairman, cookies.district]) {
        for (const [method, path, body] of [
          ['GET', '/api/v1/admin/tokens'],
          ['POST', '/api/v1/admin/tokens', good],
          ['POST', '/api/v1/admin/tokens', { bad: 1 }],
          ['GET', '/api/v1/admin/users'],
        ] as const) {
          const r = await as({ cookie }, path, method, body);
          expect(r).toMatchObject({
            status: 403,
            body: { code: 'ACCESS_DENIED', reason: 'NOT_ADMIN', message: expect.stringContaining('Chỉ quản trị viên') },
          });
        }
      }
      expect((await s.http('GET', '/api/v1/admin/users', undefined, 'chairman')).body).toMatchObject({ reason: 'NOT_ADMIN' });
      expect(await tokenRows()).toBe(before);
    });

    it('makes a token shown once, lists it by name, and it reads; bad fields are refused one by one in Vietnamese', async () => {
      const made = await as({ cookie: cookies.admin }, '/api/v1/admin/tokens', 'POST', {
        name: 'Cổng dữ liệu huyện',
        unitId: 'huyen_ha_trung',
        expires: '90d',
      });
      expect(made).toMatchObject({
        status: 201,
        body: {
          name: 'Cổng dữ liệu huyện',
          unit: { id: 'huyen_ha_trung', name: 'Huyện Hà Trung' },
          plan: null,
          state: 'active',
          stateLabel: 'đang dùng',
          token: expect.stringMatching(/^ddt_/),
          reads: [{ id: PLAN }],
        },
      });
      expect((await as({ bearer: made.body.token }, `${API}/status`)).status).toBe(200);
      const list = await as({ cookie: cookies.admin }, '/api/v1/admin/tokens');
      const listed = list.body.find((t: { id: string }) => t.id === made.body.id);
      expect(listed).toMatchObject({ name: 'Cổng dữ liệu huyện', state: 'active', lastUsedAt: expect.any(String) });
      expect(JSON.stringify(list.body)).not.toContain(made.body.token);

      const refused = async (body: unknown, field: string, text: RegExp) => {
        const r = await as({ cookie: cookies.admin }, '/api/v1/admin/tokens', 'POST', body);
        expect(r).toMatchObject({ status: 422, body: { code: 'VALIDATION_FAILED' } });
        expect(r.body.errors[field]).toMatch(text);
      };
      await refused({ unitId: 'huyen_ha_trung' }, 'name', /^Trường "name" không được để trống/);
      await refused({ name: 'x', unitId: 'thon_03' }, 'unitId', /phải là xã của các kế hoạch đã nạp hoặc đơn vị cấp trên/);
      await refused({ name: 'x', unitId: 'tinh_nghe_an' }, 'unitId', /không có đơn vị "tinh_nghe_an"/);
      await refused({ name: 'x', unitId: 'tinh_thanh_hoa', planId: 'KHONG-CO' }, 'planId', /không có kế hoạch "KHONG-CO"/);
      await refused({ name: 'x', unitId: 'tinh_thanh_hoa', expires: '2020-01-01' }, 'expires', /đã qua/);
      await refused({ name: 'x', unitId: 'tinh_thanh_hoa', expires: 'mai' }, 'expires', /YYYY-MM-DD hoặc số ngày/);
      await refused({ name: 'x', unitId: 'tinh_thanh_hoa', secret: 'ddt_x' }, 'secret', /không phải trường/);
      expect(await tokenRows()).toBe(list.body.length);
    });

    it('revokes a token (it stops working at once), idempotently; unknown or malformed ids are refused', async () => {
      const made = (
        await as({ cookie: cookies.admin }, '/api/v1/admin/tokens', 'POST', { name: 'Tạm thời', unitId: 'ubnd_xa_ha_giang', planId: PLAN })
      ).body;
      expect(made.plan).toMatchObject({ id: PLAN, number: expect.stringMatching(/\S/) });
      expect((await as({ bearer: made.token }, `${API}/status`)).status).toBe(200);
      const gone = await as({ cookie: cookies.admin }, `/api/v1/admin/tokens/${made.id}`, 'DELETE');
      expect(gone).toMatchObject({ status: 200, body: { id: made.id, state: 'revoked', stateLabel: 'đã thu hồi', revokedNow: true } });
      expect(await fetch(`${s.baseUrl}${API}/status`, { headers: { authorization: `Bearer ${made.token}` } })).toMatchObject({
        status: 401,
      });
      expect((await as({ cookie: cookies.admin }, `/api/v1/admin/tokens/${made.id}`, 'DELETE')).body.revokedNow).toBe(false);
      expect(await as({ cookie: cookies.admin }, '/api/v1/admin/tokens/00000000-0000-4000-8000-000000000000', 'DELETE')).toMatchObject({
        status: 404,
        body: { code: 'TOKEN_NOT_FOUND', message: 'Không tìm thấy mã truy cập API này.' },
      });
      expect(await as({ cookie: cookies.admin }, '/api/v1/admin/tokens/abc', 'DELETE')).toMatchObject({
        status: 422,
        body: { errors: { id: expect.stringContaining('UUID') } },
      });
    });

    it('logs every administrative act with who did it: the CLI and the administrator in the web app', async () => {
      const admin = (await new StaffRepository(s.ds).findByEmail(ADMIN))!;
      const rows: { actor_kind: string; user_id: string | null; action: string; target: string; name: string | null }[] = await s.ds.query(
        `SELECT actor_kind, user_id, action, target, detail->>'name' AS name FROM admin_action ORDER BY id`,
      );
      expect(rows.map((r) => [r.actor_kind, r.action, r.name])).toEqual([
        ['cli', 'admin_grant', null],
        ['user', 'token_create', 'Cổng dữ liệu huyện'],
        ['user', 'token_create', 'Tạm thời'],
        ['user', 'token_revoke', 'Tạm thời'],
      ]);
      expect(rows[0].target).toBe(ADMIN);
      expect(rows.slice(1).every((r) => r.user_id === admin.id)).toBe(true);
      // The log is append-only for the app's own login.
      await expect(s.ds.query(`SET ROLE dondoc_app; UPDATE admin_action SET action = 'x'`)).rejects.toThrow(/permission denied/);
      await s.ds.query('RESET ROLE');
    });

    it('lists the people with e-mail, roles by title and village, and delegations; taking the flag back refuses at once', async () => {
      const staff = new StaffRepository(s.ds);
      const chair = (await staff.findByEmail('chu-tich@hagiang.example.org'))!;
      const vice = (await staff.findByEmail('pct-vhxh@hagiang.example.org'))!;
      await staff.addDelegation({
        planId: PLAN,
        roleKey: 'chairman',
        unitId: null,
        fromUserId: chair.id,
        toUserId: vice.id,
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
        reason: 'Chủ tịch đi công tác',
        createdBy: 'cli',
      });
      const r = await as({ cookie: cookies.admin }, '/api/v1/admin/users');
      expect(r.status).toBe(200);
      const by = Object.fromEntries(r.body.users.map((u: { email: string }) => [u.email, u]));
      expect(r.body.total).toBe(r.body.users.length);
      expect(by[ADMIN]).toMatchObject({ name: 'Quản trị viên', admin: true, active: true, roles: [] });
      expect(by['truongthon-03@hagiang.example.org'].roles).toEqual([
        {
          plan: { id: PLAN, number: expect.any(String), title: expect.any(String) },
          roleKey: 'village_head',
          title: 'Trưởng thôn',
          village: { id: 'thon_03', name: 'Thôn Tây' },
          source: 'plan',
        },
      ]);
      expect(by['chu-tich@hagiang.example.org']).toMatchObject({
        admin: false,
        roles: [expect.objectContaining({ roleKey: 'chairman', title: 'Chủ tịch UBND xã', village: null })],
      });
      expect(by['pct-vhxh@hagiang.example.org'].delegations).toEqual([
        expect.objectContaining({
          direction: 'received',
          title: 'Chủ tịch UBND xã',
          from: { name: 'Nguyễn Văn A', email: 'chu-tich@hagiang.example.org' },
          validFromVi: '01/01/2026',
          validToVi: '31/12/2026',
          reason: 'Chủ tịch đi công tác',
          revoked: false,
        }),
      ]);
      expect(by['chu-tich@hagiang.example.org'].delegations).toEqual([expect.objectContaining({ direction: 'given' })]);
      expect(runCli({ DATABASE_URL: s.db.url }, 'user', 'admin', ADMIN, 'off')).toMatchObject({
        code: 0,
        stdout: `${ADMIN} không còn là quản trị viên\n`,
      });
      expect(await as({ cookie: cookies.admin }, '/api/v1/admin/users')).toMatchObject({ status: 403, body: { reason: 'NOT_ADMIN' } });
    });
  });
});
