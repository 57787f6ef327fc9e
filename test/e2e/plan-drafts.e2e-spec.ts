import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashToken, newApiToken, ApiTokenRepository } from '#libs/database/src/index.js';
import { parsePlanFile, type PlanSpec } from '#libs/domain/src/index.js';
import { projectRoot } from '#libs/config/src/project-root.js';
import { responseChecker, type OpenApiDoc } from '../utils/openapi-check.js';
import { binhMinhPlanDocx } from '../utils/ke-hoach-docx.js';
import { docxAsDoc, soffice } from '../utils/office.js';
import { csrfHeader, sessionCookie } from '../utils/sessions.js';
import { eventually, seedPlan, startStack, type Stack } from '../utils/stack.js';

const FIXTURE = readFileSync(join(projectRoot(), 'test', 'fixtures', 'ke-hoach', 'tan-thanh-tre-em-2026.txt'));
const TT = 'tanthanh.example.org';
/** Tân Thành's vice-chairman and chairman: managers of the commune's plan already in dondoc (set up below). */
const VICE = `pct-vhxh@${TT}`;
const CHAIR = `chu-tich@${TT}`;

/**
 * Tân Thành runs last year's plan in dondoc already (the seed plan's structure, its own commune and people): so its
 * vice-chairman may import this year's signed plan, and start it, by the rules of today's plan start page.
 */
const tanThanh2025 = (): PlanSpec => {
  const seed = seedPlan();
  const json = JSON.stringify(seed).replaceAll('hagiang.example.org', TT).replaceAll('ubnd_xa_ha_giang', 'ubnd_xa_tan_thanh');
  return { ...(JSON.parse(json) as PlanSpec), id: 'TT-2025-TE' };
};

type Json = Record<string, any>;

/** What an officer types for a TODO, by the field it is in. */
function answerFor(path: string): unknown {
  const last = path.split('.').pop()!;
  const role = /^roles\.([^.]+)\./.exec(path)?.[1];
  if (last === 'email')
    return role === 'village_head'
      ? `truongthon-{nn}@${TT}`
      : role === 'chairman'
        ? CHAIR
        : role === 'vice_chair_vhxh'
          ? VICE
          : `${role}@${TT}`;
  if (last === 'person') return `Người giữ ${role}`;
  if (last === 'rehearsal_start') return '2026-01-15';
  if (last === 'due') return '2026-12-15';
  if (last === 'name') return 'Thôn Bản Mới';
  throw new Error(`no answer for the TODO at ${path}`);
}

/** Sets a value in the model at a field path (items.0.steps.1.due). */
function setAt(model: Json, path: string, value: unknown) {
  const keys = path.split('.');
  let at: any = model;
  for (const k of keys.slice(0, -1)) at = at[/^\d+$/.test(k) ? Number(k) : k];
  at[keys.at(-1)!] = value;
}

/**
 * The plan draft API on the real stack (PostgreSQL, the parse workers, Temporal and the worker, the SMTP catcher):
 * from a signed plan document to a running rehearsal, by API alone — upload, TODOs fixed by PUT, the preview, the
 * start, the first "[Việc mới]" mail; two people editing; files that are no plan; a draft with errors refused at
 * start; next year's draft of a loaded plan. Every answer of /api/v1 is checked against the OpenAPI document.
 */
describe('plan drafts: from a signed document to a running plan, by API', () => {
  let s: Stack;
  let check: ReturnType<typeof responseChecker>;
  const cookies: Record<string, string> = {};

  const send = async (
    who: string | null,
    method: string,
    path: string,
    o: { json?: unknown; form?: FormData; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = {
      origin: s.baseUrl,
      ...(who ? { cookie: cookies[who], ...(method === 'GET' ? {} : csrfHeader(cookies[who])) } : {}),
      ...(o.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...o.headers,
    };
    const r = await fetch(`${s.baseUrl}${path}`, {
      method,
      headers,
      body: o.form ?? (o.json !== undefined ? JSON.stringify(o.json) : undefined),
    });
    const type = r.headers.get('content-type') ?? '';
    const text = await r.text();
    const body = type.includes('json') ? (JSON.parse(text) as Json) : text;
    const wrong = check(method, path, r.status, type, body);
    if (wrong) throw new Error(`The answer does not match the OpenAPI document: ${wrong}\n${text.slice(0, 1500)}`);
    return { status: r.status, body: body as any, headers: r.headers };
  };
  const upload = (who: string | null, bytes: Uint8Array, name: string, headers: Record<string, string> = {}) => {
    const form = new FormData();
    form.set('file', new Blob([bytes]), name);
    return send(who, 'POST', '/api/v1/plan-drafts', { form, headers });
  };
  const draftCount = async () => Number((await s.ds.query(`SELECT count(*)::int AS n FROM plan_draft`))[0].n);

  beforeAll(async () => {
    s = await startStack();
    await s.loadPlanFile();
    await s.loadPlan(tanThanh2025());
    check = responseChecker((await (await fetch(`${s.baseUrl}/api/docs-json`)).json()) as OpenApiDoc);
    for (const email of [VICE, CHAIR, `taichinh@${TT}`, 'pct-vhxh@hagiang.example.org']) cookies[email] = await sessionCookie(s.ds, email);
    await s.startWorker();
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  it('imports the signed plan, fixes its TODOs by PUT, previews the calendar, starts a rehearsal: the first "[Việc mới]" mail arrives', async () => {
    const up = await upload(VICE, FIXTURE, 'tan-thanh-tre-em-2026.txt');
    expect(up.status).toBe(201);
    const draft = up.body;
    expect(draft).toMatchObject({
      title: 'Kế hoạch thực hiện công tác trẻ em năm 2026',
      source: { kind: 'document', name: 'tan-thanh-tre-em-2026.txt' },
      version: 1,
      valid: false,
    });
    expect(draft.createdBy.name).toBeTruthy();
    expect(draft.model.plan.issuer).toBe('ubnd_xa_tan_thanh');
    expect(draft.model.items.length).toBeGreaterThanOrEqual(10);
    // Every TODO is named by its field, and the validator says the same at the same field, in Vietnamese.
    const todoPaths: string[] = draft.todos.map((t: Json) => t.path);
    expect(todoPaths).toEqual(expect.arrayContaining(['plan.rehearsal_start', 'roles.chairman.email', 'roles.vice_chair_vhxh.person']));
    const errorPaths = new Set(draft.diagnostics.filter((d: Json) => d.severity === 'error').map((d: Json) => d.path));
    for (const p of todoPaths) expect(errorPaths.has(p)).toBe(true);
    expect(draft.diagnostics.find((d: Json) => d.path === 'roles.chairman.email').message).toMatch(/TODO/);

    // A draft with TODOs does not start, and says why, field by field; nothing is loaded.
    const early = await send(VICE, 'POST', `/api/v1/plan-drafts/${draft.id}/start`, { json: { mode: 'rehearsal', speed: 1 } });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('DRAFT_INVALID');
    expect(early.body.diagnostics.map((d: Json) => d.path)).toEqual(expect.arrayContaining(todoPaths));
    expect(await s.ds.query(`SELECT id FROM plan WHERE id = $1`, [draft.model.plan.id])).toEqual([]);
    // The preview needs a plan without errors too.
    expect((await send(VICE, 'GET', `/api/v1/plan-drafts/${draft.id}/preview`)).body.code).toBe('DRAFT_INVALID');

    // The officer fills each TODO at its field; validation as they type saves nothing.
    const model = structuredClone(draft.model) as Json;
    for (const p of todoPaths) setAt(model, p, answerFor(p));
    const typed = await send(VICE, 'POST', `/api/v1/plan-drafts/${draft.id}/validation`, { json: { model } });
    expect(typed.status).toBe(200);
    expect(typed.body.todos).toEqual([]);
    expect(typed.body.diagnostics.filter((d: Json) => d.severity === 'error')).toEqual([]);
    expect(typed.body.valid).toBe(true);
    expect((await send(VICE, 'GET', `/api/v1/plan-drafts/${draft.id}`)).body.version).toBe(1);

    const saved = await send(VICE, 'PUT', `/api/v1/plan-drafts/${draft.id}`, { json: { version: 1, model } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 2, valid: true, todos: [] });
    // Closing the browser loses nothing: the saved model comes back as saved.
    const again = await send(VICE, 'GET', `/api/v1/plan-drafts/${draft.id}`);
    expect(again.body.model).toEqual(model);

    // The calendar of reminders and escalations, as `plan preview`, a page at a time, with names.
    const preview = await send(VICE, 'GET', `/api/v1/plan-drafts/${draft.id}/preview?page=1&pageSize=5`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ planId: 'TT-2026-TE', page: 1, pageSize: 5 });
    expect(preview.body.items).toHaveLength(5);
    expect(preview.body.total).toBeGreaterThan(20);
    const withEvents = preview.body.items.find((i: Json) => i.events.length);
    expect(withEvents.events[0]).toMatchObject({
      kind: 'reminder',
      kindLabel: 'nhắc việc',
      dateVi: expect.stringMatching(/^\d{2}\/\d{2}\/2026$/),
    });
    expect(withEvents.assignee.title).not.toBe(withEvents.assignee.key);
    expect((await send(VICE, 'GET', `/api/v1/plan-drafts/${draft.id}/preview?page=999`)).status).toBe(422);
    expect((await send(VICE, 'GET', `/api/v1/plan-drafts/${draft.id}/preview?pageSize=0`)).status).toBe(422);

    // The plan file to download is the model's, and reads back as a valid plan.
    const file = await send(VICE, 'GET', `/api/v1/plan-drafts/${draft.id}/plan.yaml`);
    expect(file.headers.get('content-disposition')).toContain('filename="TT-2026-TE.yaml"');
    const parsed = parsePlanFile(file.body as string, 'TT-2026-TE.yaml');
    expect(parsed.ok).toBe(true);

    // Start as a rehearsal: the plan id; the draft is marked started and no longer changes.
    const started = await send(VICE, 'POST', `/api/v1/plan-drafts/${draft.id}/start`, {
      json: { mode: 'rehearsal', speed: 1, planStart: '2026-01-15' },
    });
    expect(started.status).toBe(200);
    expect(started.body).toEqual({ planId: 'TT-2026-TE', draftId: draft.id, mode: 'rehearsal', alreadyLoaded: false });
    const [plan] = await s.ds.query(`SELECT clock FROM plan WHERE id = 'TT-2026-TE'`);
    expect(plan.clock).toMatchObject({ planEpoch: '2026-01-14T17:00:00.000Z', speed: 1 });
    const after = await send(VICE, 'GET', `/api/v1/plan-drafts/${draft.id}`);
    expect(after.body.startedPlanId).toBe('TT-2026-TE');
    expect((await send(VICE, 'PUT', `/api/v1/plan-drafts/${draft.id}`, { json: { version: after.body.version, model } })).body.code).toBe(
      'DRAFT_STARTED',
    );
    expect((await send(VICE, 'POST', `/api/v1/plan-drafts/${draft.id}/start`, { json: { mode: 'real' } })).body.code).toBe('DRAFT_STARTED');
    const mail = await s.waitForMail((m) => m.subject.startsWith('[Việc mới]') && m.to.some((t) => t.endsWith(`@${TT}`)), 90_000);
    expect(mail.text).toContain('Kính gửi');
    // The file it was started from is kept: next year's draft of this plan can be made from it.
    expect(await s.ds.query(`SELECT file_name FROM plan_file WHERE plan_id = 'TT-2026-TE'`)).toEqual([{ file_name: 'TT-2026-TE.yaml' }]);
  }, 240_000);

  it('two people editing the same draft: the second save is told who changed it and when, and overwrites nothing', async () => {
    const up = await upload(VICE, FIXTURE, 'tan-thanh.txt');
    expect({ status: up.status, message: up.body.message }).toEqual({ status: 201, message: undefined });
    const id = up.body.id;
    // The chairman of the same commune sees the draft the vice-chairman made; the finance officer (no manager) does not.
    expect((await send(CHAIR, 'GET', '/api/v1/plan-drafts')).body.map((d: Json) => d.id)).toContain(id);
    const read = await send(CHAIR, 'GET', `/api/v1/plan-drafts/${id}`);
    const mine = structuredClone(read.body.model) as Json;
    mine.plan.title = 'Bản của Phó Chủ tịch';
    const theirs = structuredClone(read.body.model) as Json;
    theirs.plan.title = 'Bản của Chủ tịch';
    expect((await send(VICE, 'PUT', `/api/v1/plan-drafts/${id}`, { json: { version: 1, model: mine } })).status).toBe(200);
    const conflict = await send(CHAIR, 'PUT', `/api/v1/plan-drafts/${id}`, { json: { version: 1, model: theirs } });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ code: 'DRAFT_CHANGED', version: 2, changedBy: { name: expect.any(String) } });
    const viceName = (await s.ds.query(`SELECT display_name FROM staff_user WHERE email = $1`, [VICE]))[0].display_name;
    expect(conflict.body.changedBy.name).toBe(viceName);
    expect(conflict.body.message).toContain(viceName);
    expect(conflict.body.message).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    expect((await send(CHAIR, 'GET', `/api/v1/plan-drafts/${id}`)).body.model.plan.title).toBe('Bản của Phó Chủ tịch');
    // Read again, then saved: version 3.
    expect((await send(CHAIR, 'PUT', `/api/v1/plan-drafts/${id}`, { json: { version: 2, model: theirs } })).body).toMatchObject({
      version: 3,
      title: 'Bản của Chủ tịch',
    });
    // A model that cannot be a plan file by its shape is refused field by field; a bad version too.
    const bad = structuredClone(theirs);
    bad.items = 'x';
    bad.items = { a: 1 };
    const refused = await send(CHAIR, 'PUT', `/api/v1/plan-drafts/${id}`, { json: { version: 3, model: bad } });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual({ 'model.items': 'phải là một danh sách' });
    expect(
      (await send(CHAIR, 'PUT', `/api/v1/plan-drafts/${id}`, { json: { version: 'x', model: theirs } })).body.errors.version,
    ).toBeTruthy();
    // Deleted: gone for both.
    expect((await send(VICE, 'DELETE', `/api/v1/plan-drafts/${id}`)).body).toEqual({ id, deleted: true });
    expect((await send(CHAIR, 'GET', `/api/v1/plan-drafts/${id}`)).body.code).toBe('DRAFT_NOT_FOUND');
  }, 120_000);

  it('a file that is no plan gets a Vietnamese reason and stores nothing; who may not upload is refused before the file is read', async () => {
    const before = await draftCount();
    const refusedAs = async (bytes: Uint8Array, name: string, code: string) => {
      const r = await upload(VICE, bytes, name);
      expect({ name, status: r.status, code: r.body.code }).toEqual({ name, status: code === 'UPLOAD_TOO_LARGE' ? 413 : 422, code });
      expect(r.body.message).toMatch(/[ăâđêôơư]/);
      return r.body;
    };
    expect((await refusedAs(randomBytes(4096), 'ke-hoach.docx', 'NOT_A_PLAN')).errors.file).toContain('Word');
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Type /XObject /Subtype /Image >>\nstream\n'), randomBytes(8192)]);
    await refusedAs(pdf, 'ke-hoach-scan.pdf', 'NOT_A_PLAN');
    await refusedAs(Buffer.from('  \n\n  \n'), 'ke-hoach.txt', 'NOT_A_PLAN');
    await refusedAs(Buffer.from('tên: một tệp YAML\nkhông: phải kế hoạch\n'), 'ke-hoach.yaml', 'NOT_A_PLAN');
    await refusedAs(randomBytes(2048), 'ke-hoach.yaml', 'NOT_A_PLAN');
    expect((await send(VICE, 'POST', '/api/v1/plan-drafts', { form: new FormData() })).body.code).toBe('FILE_REQUIRED');
    // 50 MB: refused by its declared length, unread.
    await refusedAs(new Uint8Array(50 * 1024 * 1024), 'ke-hoach.docx', 'UPLOAD_TOO_LARGE');
    expect(await draftCount()).toBe(before);

    // Not signed in: 401; a member of staff who manages no plan, an API token: 403, before the file is read.
    expect((await upload(null, FIXTURE, 'a.txt')).status).toBe(401);
    const finance = await upload(`taichinh@${TT}`, FIXTURE, 'a.txt');
    expect(finance.body).toMatchObject({ code: 'ACCESS_DENIED', reason: 'NOT_PLAN_LOADER' });
    expect((await send(`taichinh@${TT}`, 'GET', '/api/v1/plan-drafts')).status).toBe(403);
    const raw = newApiToken();
    await new ApiTokenRepository(s.ds).create({
      name: 'Sở Y tế',
      tokenHash: hashToken(raw),
      unitId: 'ubnd_xa_tan_thanh',
      planId: null,
      expiresAt: null,
    });
    expect((await send(null, 'GET', '/api/v1/plan-drafts', { headers: { authorization: `Bearer ${raw}` } })).body).toMatchObject({
      code: 'ACCESS_DENIED',
      reason: 'TOKEN_READ_ONLY',
    });
    expect(await draftCount()).toBe(before);
    // Another commune's manager does not see Tân Thành's drafts.
    const other = await send('pct-vhxh@hagiang.example.org', 'GET', '/api/v1/plan-drafts');
    expect(other.status).toBe(200);
    expect(other.body.filter((d: Json) => d.title.includes('Tân Thành') || d.source.name.startsWith('tan-thanh'))).toEqual([]);
  }, 120_000);

  // With CI=true LibreOffice must be there (this fails instead of skipping); elsewhere it is skipped, and says why.
  const withOffice = !!soffice || process.env.CI === 'true';
  if (!withOffice) console.warn('.doc upload check SKIPPED: soffice is missing (apt-get install -y libreoffice-writer-nogui)');
  (withOffice ? it : it.skip)(
    'a Word 97–2003 .doc is converted by LibreOffice: the same draft as its .docx',
    async () => {
      const docx = await binhMinhPlanDocx();
      const fromDocx = await upload(VICE, docx, 'binh-minh.docx');
      const fromDoc = await upload(VICE, docxAsDoc(docx), 'binh-minh.doc');
      expect([fromDocx.status, fromDoc.status]).toEqual([201, 201]);
      expect(fromDoc.body.source).toMatchObject({ kind: 'document', name: 'binh-minh.doc' });
      expect(fromDoc.body.model.items.length).toBeGreaterThan(5);
      expect({ roles: fromDoc.body.model.roles, items: fromDoc.body.model.items }).toEqual({
        roles: fromDocx.body.model.roles,
        items: fromDocx.body.model.items,
      });
    },
    180_000,
  );

  it('a .doc where LibreOffice is not installed: 422 with a Vietnamese message to save it as .docx, nothing stored', async () => {
    const before = await draftCount();
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent'; // the api runs in this process: it looks for soffice on this PATH
    try {
      const r = await upload(VICE, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'ke-hoach.doc');
      expect({ status: r.status, code: r.body.code }).toEqual({ status: 422, code: 'NOT_A_PLAN' });
      expect(r.body.errors.file).toMatch(/chưa cài LibreOffice.*Lưu thành \(Save As\) kiểu \.docx/);
      expect(r.body.message).toContain('ke-hoach.doc');
    } finally {
      process.env.PATH = path;
    }
    expect(await draftCount()).toBe(before);
  });

  it('"Lập kế hoạch năm sau": next year\'s draft of the seed plan, each step in its season, and the list of what to rewrite', async () => {
    const hg = 'pct-vhxh@hagiang.example.org';
    const r = await send(hg, 'POST', '/api/v1/plans/HG-2023-BVCSTE/next-year-draft');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ source: { kind: 'next_year', planId: 'HG-2023-BVCSTE' }, version: 1 });
    expect(r.body.model.plan).toMatchObject({ id: 'HG-2024-BVCSTE', year: 2024 });
    expect(r.body.rewrite).toEqual(expect.arrayContaining([expect.stringContaining('HG-2024-BVCSTE')]));
    // The old year's legal bases and theme are TODOs at their fields.
    expect(r.body.todos.length).toBeGreaterThan(3);
    expect(r.body.todos.map((t: Json) => t.path)).toEqual(expect.arrayContaining([expect.stringMatching(/^plan\.legal_bases\.\d+\.ref$/)]));
    // The Mid-Autumn step on 15/8 lunar of 2024 (17/09/2024).
    const steps = (r.body.model.items as Json[]).flatMap((i) => i.steps as Json[]);
    expect(steps.every((st) => !String(st.due ?? '').startsWith('2023'))).toBe(true);
    // The Action Month's steps stay in its season (May–July 2024), the yearly report in December.
    const actionMonth = steps.filter((st) => String(st.due_anchor?.event ?? '').startsWith('action_month'));
    expect(actionMonth.length).toBeGreaterThan(1);
    for (const st of actionMonth) expect(`${st.id} ${st.due ?? st.due_by}`).toMatch(/ 2024-0[5-7]-\d\d$/);
    const december = steps.filter((st) => st.due_anchor?.day === '12-15');
    expect(december.length).toBeGreaterThan(0);
    for (const st of december) expect(`${st.id} ${st.due ?? st.due_by}`).toMatch(/ 2024-12-1[0-5]$/);
    // Who may: the plan's managers; the development role header is no person; the plan must exist.
    expect((await send(`taichinh@${TT}`, 'POST', '/api/v1/plans/HG-2023-BVCSTE/next-year-draft')).status).toBe(403);
    expect((await send(hg, 'POST', '/api/v1/plans/NO-SUCH-PLAN/next-year-draft')).body.code).toBe('PLAN_NOT_FOUND');
    // A plan loaded without its file kept (Tân Thành's of 2025, loaded as a spec): said plainly.
    expect((await send(VICE, 'POST', '/api/v1/plans/TT-2025-TE/next-year-draft')).body.code).toBe('PLAN_FILE_MISSING');
    await eventually(
      async () =>
        (await s.ds.query(`SELECT count(*)::int AS n FROM plan_draft WHERE source_kind = 'next_year'`))[0].n === 1 ? true : undefined,
      5_000,
      'one next-year draft',
    );
  }, 60_000);
});
