import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';
import { randomBytes } from 'node:crypto';
import { getCriteriaSet, indicatorPoints, type Indicator } from '#libs/domain/src/index.js';
import { canConvert, docxAsPdfText } from '../utils/office.js';
import { csrfHeader, sessionCookie } from '../utils/sessions.js';
import { eventually, seedPlan, startStack, type Stack } from '../utils/stack.js';

const PLAN = `DG-${randomBytes(3).toString('hex')}`;
const API = `/api/v1/plans/${PLAN}`;
const SET = getCriteriaSet('qd-06-2019');
const INDICATORS = SET.criteria.flatMap((c) => c.indicators);

/** The values an indicator can take that its thresholds tell apart, the edges and one step either side. */
const candidates = (i: Indicator): (number | boolean)[] =>
  i.unit === 'yes_no'
    ? [true, false]
    : [
        ...new Set([
          0,
          100,
          ...i.thresholds.flatMap((t) => [t.min, t.max].filter((x): x is number => x !== undefined).flatMap((x) => [x - 1, x, x + 1])),
        ]),
      ].filter((x) => x >= 0 && (i.unit !== '%' || x <= 100));
/** The value that earns the most (or the fewest) points, found by the scoring rules themselves. */
const valueFor = (i: Indicator, best: boolean) =>
  candidates(i).reduce((a, b) => (indicatorPoints(i, b) > indicatorPoints(i, a) === best ? b : a));

async function docxText(bytes: ArrayBuffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((t) => t[1])
      .join('')
      .replace(/&amp;/g, '&'),
  );
}

/**
 * The child-friendly commune assessment (QĐ 06/QĐ-TTg) through the real stack: opened for 2024 in the 2023 plan,
 * its values typed and checked, the points and verdict computed, evidence from the plan's steps, submitted with the
 * dossier, approved by the vice-chairman through the step workflow, sent to the district, seen in its overview.
 */
describe('child-friendly commune assessment', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack();
    await s.startWorker();
    const seed = seedPlan();
    // I04 (I04.1 feeds 6.1) and I05 (I05.4 hosts the assessment; I05.2 feeds criterion 2), dated steps far ahead.
    await s.loadPlan({ ...seed, id: PLAN, items: seed.items.filter((i) => i.id === 'I04' || i.id === 'I05') });
    expect((await s.runPlan(PLAN, { speed: 1, planStart: '2023-04-03' })).status).toBe(200);
  });
  afterAll(async () => {
    await s?.close();
  });

  it("refuses a year out of the plan's reach, a village role and a plan without a run; writes nothing", async () => {
    expect(await s.http('POST', `${API}/assessments`, { year: 2021 }, 'officer_ldtbxh')).toMatchObject({
      status: 422,
      body: { code: 'VALIDATION_FAILED', errors: { year: expect.stringMatching(/^Trường "year" phải từ 2022 đến 2033/) } },
    });
    expect(await s.http('POST', `${API}/assessments`, { year: 'x' }, 'officer_ldtbxh')).toMatchObject({
      status: 422,
      body: { errors: { year: expect.any(String) } },
    });
    expect(await s.http('POST', `${API}/assessments`, { year: 2024 }, 'village_head')).toMatchObject({
      status: 403,
      body: { reason: 'VILLAGE_ROLE' },
    });
    expect((await s.http('GET', `${API}/assessments`)).body).toEqual([]);
  });

  let stepId: string;
  it('the officer opens the 2024 assessment: a step due the last working day of November 2024, approved by the vice-chairman', async () => {
    const r = await s.http('POST', `${API}/assessments`, { year: 2024 }, 'officer_ldtbxh');
    expect(r).toMatchObject({
      status: 201,
      body: { created: true, assessmentId: 'DG2024', year: 2024, communeClass: 'ordinary', criteriaSet: { id: 'qd-06-2019' } },
    });
    expect(r.body.step).toMatchObject({
      stepId: 'I05.4-DG2024',
      assignee: 'officer_ldtbxh',
      approver: 'vice_chair_vhxh',
      dueDate: '2024-11-29',
      state: 'assigned',
    });
    stepId = r.body.step.stepId;
    // Nothing typed yet: every indicator missing, the total 0, failed.
    expect(r.body.score).toMatchObject({ total: 0, passed: false, passMark: 850 });
    expect(r.body.score.missingIndicators).toHaveLength(INDICATORS.length);
    await s.waitForMail((m) => m.subject.startsWith('[Việc mới] I05.4') && m.to[0] === 'vhxh-ldtbxh@hagiang.example.org');
    // Opening it again finds the same one.
    expect(await s.http('POST', `${API}/assessments`, { year: 2024 }, 'officer_ldtbxh')).toMatchObject({
      status: 201,
      body: { created: false, assessmentId: 'DG2024' },
    });
    // The plan run leaves the assessment's step alone: one step row, one workflow.
    expect(
      (await s.http('GET', `${API}/steps?pageSize=500`)).body.items.filter((x: { stepId: string }) => x.stepId === stepId),
    ).toHaveLength(1);
  });

  it('refuses bad values with a message per indicator and keeps what was there', async () => {
    const pct = INDICATORS.find((i) => i.unit === '%')!;
    const yesNo = INDICATORS.find((i) => i.unit === 'yes_no');
    const bad = { [pct.id]: 150, '99.9': 1, ...(yesNo ? { [yesNo.id]: 'có' } : {}) };
    const r = await s.http(
      'POST',
      `${API}/assessments/DG2024/values`,
      { values: bad, evidence: { '6.1': [{ kind: 'file', fileId: 'nope' }], '42.1': [] } },
      'officer_ldtbxh',
    );
    expect(r.status).toBe(422);
    expect(Object.keys(r.body.errors)).toEqual(
      expect.arrayContaining([
        `values.${pct.id}`,
        'values.99.9',
        'evidence.6.1.0.fileId',
        'evidence.42.1',
        ...(yesNo ? [`values.${yesNo.id}`] : []),
      ]),
    );
    expect((await s.http('GET', `${API}/assessments/DG2024`)).body).toMatchObject({ version: 0, values: {} });
  });

  it('computes points and the verdict from the values: one criterion at 0 fails the whole; fixed, it passes', async () => {
    const best = Object.fromEntries(INDICATORS.map((i) => [i.id, valueFor(i, true)]));
    const weak = SET.criteria.find((c) => c.no === 11)!;
    const zeroed = { ...best, ...Object.fromEntries(weak.indicators.map((i) => [i.id, valueFor(i, false)])) };
    const r = await s.http(
      'POST',
      `${API}/assessments/DG2024/values`,
      {
        values: zeroed,
        evidence: { '2.1': [{ kind: 'link', url: 'https://hagiang.example.org/so-lieu-ho-tich-2024.pdf', label: 'Số liệu hộ tịch' }] },
      },
      'officer_ldtbxh',
    );
    expect(r.status).toBe(200);
    const expectedTotal = SET.maxTotal - weak.maxPoints;
    expect(r.body.score).toMatchObject({ total: expectedTotal, zeroCriteria: [11], passed: false });
    expect(r.body.score.reasons.join(' ')).toMatch(/11/);
    const fixed = await s.http('POST', `${API}/assessments/DG2024/values`, { values: best }, 'officer_ldtbxh');
    expect(fixed.body.score).toMatchObject({ total: SET.maxTotal, zeroCriteria: [], passed: true, missingIndicators: [] });
    expect(fixed.body.version).toBe(2);
    // Points of criteria marked `verify` in the set are not confirmed from the decision: the verdict is "tạm tính".
    const unconfirmed = SET.criteria.filter((c) => c.verify || c.indicators.some((i) => i.verify)).map((c) => c.no);
    expect(unconfirmed.length).toBeGreaterThan(0);
    expect(fixed.body).toMatchObject({
      score: { provisional: true, unconfirmedCriteria: unconfirmed },
      requestOffered: false,
      warnings: [],
    });
    expect(fixed.body.verdict).toBe(`Tạm tính: đạt (điểm của tiêu chí ${unconfirmed.join(', ')} chưa được xác nhận từ văn bản Quyết định)`);
  });

  it("signed in (the web app's way: session cookie and CSRF header): a refused value is named at its indicator, nothing saved; a village head may read, not write", async () => {
    const cookie = await sessionCookie(s.ds, 'vhxh-ldtbxh@hagiang.example.org');
    const here = `${s.baseUrl}${API}/assessments/DG2024`;
    const send = (path: string, body: unknown, c = cookie, csrf = true) =>
      fetch(`${here}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: c, 'content-type': 'application/json', ...(csrf ? csrfHeader(c) : {}) },
        body: JSON.stringify(body),
      });
    const read = await fetch(here, { headers: { cookie } });
    expect(read.status).toBe(200);
    const a = (await read.json()) as { version: number; verdict: string; score: { provisional: boolean } };
    expect(a.verdict).toMatch(/^Tạm tính: đạt \(điểm của tiêu chí [\d, ]+ chưa được xác nhận/);
    expect(a.score.provisional).toBe(true);
    const pct = INDICATORS.find((i) => i.unit === '%')!;
    const bad = await send('/values', { values: { [pct.id]: 150 } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: Record<string, string> }).errors[`values.${pct.id}`]).toMatch(/[ăâđêôơư]/);
    expect((await send('/values', { values: { [pct.id]: 50 } }, cookie, false)).status).toBe(403); // no CSRF token
    expect((await s.http('GET', `${API}/assessments/DG2024`)).body.version).toBe(a.version);
    const best = valueFor(pct, true) as number;
    const ok = await send('/values', { values: { [pct.id]: best } });
    expect(ok.status).toBe(200);
    expect((await s.http('GET', `${API}/assessments/DG2024`)).body).toMatchObject({ version: a.version + 1, values: { [pct.id]: best } });
    // A village head reads it, and may not change it.
    const head = await sessionCookie(s.ds, 'truongthon-03@hagiang.example.org');
    expect((await fetch(here, { headers: { cookie: head } })).status).toBe(200);
    expect((await send('/values', { values: { [pct.id]: 10 } }, head)).status).toBe(403);
    expect((await s.http('GET', `${API}/assessments/DG2024`)).body.version).toBe(a.version + 1);
  });

  it('the addresses of the old assessment pages go to the web app (302); a form posted there is not read (303), nothing saved', async () => {
    const cookie = await sessionCookie(s.ds, 'vhxh-ldtbxh@hagiang.example.org');
    const go = (path: string, method = 'GET') =>
      fetch(`${s.baseUrl}${path}`, {
        method,
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: method === 'POST' ? 'v_1.1=100' : undefined,
      });
    const where = async (path: string, method?: string) => {
      const r = await go(path, method);
      return { status: r.status, location: r.headers.get('location') };
    };
    const before = (await s.http('GET', `${API}/assessments/DG2024`)).body.version;
    expect(await where('/danh-gia')).toEqual({ status: 302, location: '/app/danh-gia' });
    expect(await where(`/plans/${PLAN}/danh-gia`)).toEqual({ status: 302, location: '/app/danh-gia' });
    expect(await where(`/plans/${PLAN}/danh-gia/DG2024?da=luu`)).toEqual({ status: 302, location: `/app/danh-gia/${PLAN}/DG2024` });
    expect(await where(`/plans/${PLAN}/danh-gia/${'x'.repeat(300)}`)).toEqual({ status: 302, location: '/app/danh-gia' });
    expect(await where(`/plans/${PLAN}/danh-gia`, 'POST')).toEqual({ status: 303, location: '/app/danh-gia' });
    expect(await where(`/plans/${PLAN}/danh-gia/DG2024`, 'POST')).toEqual({ status: 303, location: `/app/danh-gia/${PLAN}/DG2024` });
    expect(await where(`/plans/${PLAN}/danh-gia/DG2024/trinh`, 'POST')).toEqual({ status: 303, location: `/app/danh-gia/${PLAN}/DG2024` });
    expect((await s.http('GET', `${API}/assessments/DG2024`)).body).toMatchObject({ version: before });
  });

  it("shows which evidence the plan's steps supply, which is missing and which open step would supply it", async () => {
    // I04.1 (review of children in special circumstances) feeds indicator 6.1: done, it becomes evidence.
    expect((await s.http('POST', `${API}/steps/I04.1/submission`, { note: 'Đã rà soát 42 trẻ em có HCĐB' }, 'officer_ldtbxh')).status).toBe(
      200,
    );
    const a = await eventually(
      async () => {
        const body = (await s.http('GET', `${API}/assessments/DG2024`)).body;
        return body.evidence.find((e: { indicatorId: string }) => e.indicatorId === '6.1')?.completed.length ? body : undefined;
      },
      30_000,
      'I04.1 to count as evidence of 6.1',
    );
    const of = (id: string) => a.evidence.find((e: { indicatorId: string }) => e.indicatorId === id);
    expect(of('6.1')).toMatchObject({ missing: false, completed: [{ stepId: 'I04.1' }] });
    expect(of('2.1')).toMatchObject({
      missing: false,
      attached: [{ kind: 'link', label: 'Số liệu hộ tịch' }],
      open: [{ specStepId: 'I05.2' }],
    });
    // Criterion 7 (immunisation) has a value but nothing to show yet: the health station's I05.3 would supply it.
    const seven = a.evidence.filter((e: { indicatorId: string }) => e.indicatorId.startsWith('7.'));
    expect(seven.length).toBeGreaterThan(0);
    for (const e of seven) expect(e).toMatchObject({ missing: true, completed: [], open: [{ specStepId: 'I05.3' }] });
  });

  it('the DOCX dossier, on unconfirmed points, is a provisional report (no Tờ trình) naming them, with the self-assessment table', async () => {
    const r = await fetch(`${s.baseUrl}${API}/assessments/DG2024/ho-so.docx`, { headers: { 'x-dondoc-actor': 'district_monitor' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="ho-so-xa-phu-hop-voi-tre-em-2024.docx"');
    const text = await docxText(await r.arrayBuffer());
    expect(text).toContain('BÁO CÁO');
    expect(text).not.toContain('TỜ TRÌNH');
    expect(text.join('\n')).toContain('Kết quả tự đánh giá xã, phường, thị trấn phù hợp với trẻ em năm 2024 (tạm tính)');
    expect(text.join('\n')).not.toContain('Đề nghị công nhận UBND xã Hà Giang');
    expect(text.join('\n')).toMatch(/Kết quả trên là tạm tính: điểm của tiêu chí [\d, ]+ theo bản mã hóa/);
    expect(text.join('\n')).toContain(`Tổng số điểm tự đánh giá: ${SET.maxTotal}/${SET.maxTotal} điểm`);
    for (const c of SET.criteria) expect(text).toContain(`Tiêu chí ${c.no}: ${c.title}`);
    for (const i of INDICATORS) expect(text).toContain(i.id);
    dossier = await (
      await fetch(`${s.baseUrl}${API}/assessments/DG2024/ho-so.docx`, { headers: { 'x-dondoc-actor': 'district_monitor' } })
    ).arrayBuffer();
  });

  let dossier: ArrayBuffer;
  (canConvert ? it : it.skip)('the dossier opens in LibreOffice: printed to PDF it holds the letter and the table', () => {
    const { text } = docxAsPdfText(new Uint8Array(dossier));
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('BÁO CÁO');
    expect(flat).toContain('BẢNG TỰ ĐÁNH GIÁ CÁC TIÊU CHÍ XÃ PHÙ HỢP VỚI TRẺ EM NĂM 2024');
    expect(flat).toContain(`Tiêu chí 13`);
    expect(flat).toContain(`Tổng cộng`);
  });

  it('submitted, it is locked; approved by the vice-chairman, it goes to the district with its score', async () => {
    const sub = await s.http('POST', `${API}/assessments/DG2024/submission`, { note: 'Kính trình Phó Chủ tịch' }, 'officer_ldtbxh');
    expect(sub).toMatchObject({
      status: 200,
      body: { step: { state: 'submitted' }, submittedScore: { total: SET.maxTotal, passed: true } },
    });
    expect(await s.http('POST', `${API}/assessments/DG2024/values`, { values: { '2.1': 0 } }, 'officer_ldtbxh')).toMatchObject({
      status: 409,
      body: { code: 'ASSESSMENT_LOCKED' },
    });
    // The dossier is the submission's evidence file, in the step's audit trail.
    const files = (await s.http('GET', `${API}/steps/${stepId}/files`)).body;
    expect(files).toEqual([expect.objectContaining({ name: 'ho-so-xa-phu-hop-voi-tre-em-2024.docx' })]);
    const request = await s.waitForMail((m) => m.subject.startsWith('[Chờ duyệt] I05.4') && m.to[0] === 'pct-vhxh@hagiang.example.org');
    expect(request.text).toContain(`Tổng điểm tự đánh giá: ${SET.maxTotal}/${SET.maxTotal}; Tạm tính: đạt (điểm của tiêu chí`);
    // Only the approver approves.
    expect(await s.http('POST', `${API}/steps/${stepId}/approval`, {}, 'officer_ldtbxh')).toMatchObject({ status: 403 });
    expect((await s.http('POST', `${API}/steps/${stepId}/approval`, { note: 'Đồng ý gửi huyện' }, 'vice_chair_vhxh')).status).toBe(200);
    const sent = await s.waitForMail((m) => m.subject.startsWith('[Hồ sơ xã phù hợp với trẻ em]'));
    expect(sent.to).toEqual(['tre-em@hatrung-ldtbxh.example.org']);
    expect(sent.subject).toBe(
      `[Hồ sơ xã phù hợp với trẻ em] UBND xã Hà Giang năm 2024: ${SET.maxTotal}/${SET.maxTotal} điểm – tạm tính: đạt`,
    );
    expect(sent.text).toContain('Kết quả tạm tính: điểm của tiêu chí');
    expect(sent.text).toContain(`/api/v1/plans/${PLAN}/assessments/DG2024/ho-so.docx`);
  });

  it('compares with the previous assessment of the commune (2022): total and criteria moved, criteria no longer at 0', async () => {
    expect((await s.http('POST', `${API}/assessments`, { year: 2022 }, 'officer_ldtbxh')).status).toBe(201);
    const weak = SET.criteria.find((c) => c.no === 11)!;
    const values2022 = {
      ...Object.fromEntries(INDICATORS.map((i) => [i.id, valueFor(i, true)])),
      ...Object.fromEntries(weak.indicators.map((i) => [i.id, valueFor(i, false)])),
    };
    expect((await s.http('POST', `${API}/assessments/DG2022/values`, { values: values2022 }, 'officer_ldtbxh')).body.score).toMatchObject({
      zeroCriteria: [11],
      passed: false,
    });
    const a = (await s.http('GET', `${API}/assessments/DG2024`)).body;
    expect(a.previous).toMatchObject({ year: 2022, assessmentId: 'DG2022' });
    expect(a.previous.comparison).toMatchObject({
      total: { before: SET.maxTotal - weak.maxPoints, after: SET.maxTotal, delta: weak.maxPoints },
      recovered: [11],
      newlyZero: [],
      passedBefore: false,
      passedAfter: true,
    });
    expect(a.previous.comparison.criteria.find((c: { no: number }) => c.no === 11)).toEqual({
      no: 11,
      before: 0,
      after: weak.maxPoints,
      delta: weak.maxPoints,
    });
    // The monitoring body (signed in, as in the web app) reads the same comparison.
    const seen = await fetch(`${s.baseUrl}${API}/assessments/DG2024`, {
      headers: { cookie: await sessionCookie(s.ds, 'tre-em@hatrung-ldtbxh.example.org') },
    });
    expect(seen.status).toBe(200);
    expect(((await seen.json()) as { previous: { comparison: { total: { delta: number } } } }).previous.comparison.total.delta).toBe(
      weak.maxPoints,
    );
  });

  it("the monitoring body sees every commune's score in its area; someone outside sees none", async () => {
    const mine = await s.http('GET', '/api/v1/assessments?year=2024', undefined, 'district_monitor');
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual([
      expect.objectContaining({
        planId: PLAN,
        assessmentId: 'DG2024',
        unitName: 'UBND xã Hà Giang',
        total: SET.maxTotal,
        passed: true,
        state: 'completed',
      }),
    ]);
    expect((await s.http('GET', '/api/v1/assessments?year=2023', undefined, 'district_monitor')).body).toEqual([]);
    expect((await s.http('GET', '/api/v1/assessments', undefined, 'district_monitor')).body.map((r: { year: number }) => r.year)).toEqual([
      2024, 2022,
    ]);
    expect((await s.http('GET', '/api/v1/assessments?year=abc', undefined, 'district_monitor')).status).toBe(422);
    expect((await s.http('GET', '/api/v1/assessments', undefined, 'nobody_here')).body).toEqual([]);
    // Signed in as a person of the monitoring body (the web app's overview asks this).
    const overview = await fetch(`${s.baseUrl}/api/v1/assessments?year=2024`, {
      headers: { cookie: await sessionCookie(s.ds, 'tre-em@hatrung-ldtbxh.example.org') },
    });
    expect(overview.status).toBe(200);
    expect(await overview.json()).toEqual([
      expect.objectContaining({ planId: PLAN, unitName: 'UBND xã Hà Giang', year: 2024, total: SET.maxTotal, maxTotal: SET.maxTotal }),
    ]);
  });

  it('opens the 2023 assessment the plan asks for (IV.1) with a warning naming the rule, not a refusal', async () => {
    const r = await s.http('POST', `${API}/assessments`, { year: 2023 }, 'officer_ldtbxh');
    expect(r).toMatchObject({ status: 201, body: { created: true, assessmentId: 'DG2023', year: 2023, requestOffered: false } });
    expect(r.body.warnings).toEqual([
      expect.stringMatching(
        /^Năm 2023 không phải năm đánh giá theo Quy định ban hành kèm theo Quyết định số 06\/QĐ-TTg \(.*năm đánh giá tiếp theo: 2024\)/,
      ),
    ]);
    expect(r.body.step).toMatchObject({ stepId: 'I05.4-DG2023', dueDate: '2023-11-30' });
    const a = await fetch(`${s.baseUrl}${API}/assessments/DG2023`, {
      headers: { cookie: await sessionCookie(s.ds, 'vhxh-ldtbxh@hagiang.example.org') },
    });
    expect(((await a.json()) as { warnings: string[] }).warnings).toEqual([expect.stringMatching(/^Năm 2023 không phải năm đánh giá/)]);
  });
});
