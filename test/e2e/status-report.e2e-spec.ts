import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { randomBytes } from 'node:crypto';
import { canConvert, docxAsPdfText } from '../utils/office.js';
import { DEFAULT_ACTOR, eventually, seedPlanI01, seedPlanI01WithVillages, startStack, type Stack } from '../utils/stack.js';

// The seed plan's item I01 with its village fan-out (14 instances), under an id of this file's own.
const PLAN = `HG-2023-BVCSTE-${randomBytes(3).toString('hex')}`;
const API = `/api/v1/plans/${PLAN}`;
const step = (id: string) => `${API}/steps/${id}`;
const BUCKETS = ['completed_on_time', 'completed_late', 'open_on_time', 'open_overdue'] as const;

/** LibreOffice, if this machine has it (it is not installed for the tests). */

/** The text of a DOCX, one line per paragraph (table cells are paragraphs too), read back from word/document.xml. */
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

/**
 * The status API for the monitoring body and the commune's official report, through HTTP, the Temporal dev server,
 * the worker binary, PostgreSQL: roll-ups by unit subtree and by assignee, paging, ETag, the DOCX report read back,
 * CSV and XLSX read back.
 */
describe('status API and official report', () => {
  let s: Stack;
  // As s.http does: the API needs a principal; the dev header names the plan's chairman.
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${s.baseUrl}${path}`, { headers: { 'x-dondoc-actor': DEFAULT_ACTOR, ...headers } });

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
  });
  afterAll(async () => {
    await s?.close();
  });

  it('counts per assignee role in the same transaction as each step change: reassigned, approved, cancelled', async () => {
    expect(
      (await s.http('POST', `${step('I01.3')}/reassignment`, { to: 'officer_culture', reason: 'Phân công lại' }, 'vice_chair_vhxh')).status,
    ).toBe(200);
    expect((await s.http('POST', `${step('I01.5')}/submission`, { note: 'Đã lập dự toán' }, 'finance_officer')).status).toBe(200);
    expect((await s.http('POST', `${step('I01.5')}/approval`, { note: 'Đồng ý' }, 'vice_chair_vhxh')).status).toBe(200);
    expect((await s.http('POST', `${step('I01.2')}/cancellation`, { reason: 'Đã ký cùng I01.1' }, 'chairman')).status).toBe(200);

    const status = await s.http('GET', `${API}/status`);
    expect(status.status).toBe(200);
    const byRole = Object.fromEntries(status.body.byAssignee.map((a: { assignee: string }) => [a.assignee, a]));
    expect(byRole.finance_officer).toMatchObject({
      title: 'Công chức Tài chính - kế toán',
      person: 'Vũ Thị G',
      total: 1,
      buckets: { completed_on_time: { count: 1, label: 'hoàn thành đúng hạn' } },
    });
    expect(byRole.officer_culture).toMatchObject({ total: 1, buckets: { open_on_time: { count: 1 } } });
    expect(byRole.village_head).toMatchObject({ total: 10, buckets: { open_on_time: { count: 10 } } });
    expect(byRole.officer_ldtbxh).toMatchObject({ total: 1, buckets: { open_overdue: { count: 1 } } });
    expect(byRole.office_officer).toBeUndefined(); // I01.3 went to the culture officer
    expect(byRole.vice_chair_vhxh).toMatchObject({ total: 0 }); // I01.2 was cancelled: out of the statistic
    expect(status.body).toMatchObject({ stepCount: 13, cancelledCount: 1 });

    const recount = await s.ds.query(
      `SELECT assignee, coalesce(unit_id, '') AS unit_id, bucket, count(*)::int AS n FROM step WHERE plan_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [PLAN],
    );
    const rollup = await s.ds.query(
      `SELECT assignee, unit_id, bucket, count AS n FROM assignee_rollup WHERE plan_id = $1 AND count <> 0 ORDER BY 1, 2, 3`,
      [PLAN],
    );
    expect(rollup).toEqual(recount);
  });

  it('answers for a unit and its subtree from the roll-up rows: a village, the commune with its villages, the district', async () => {
    const village = await s.http('GET', `${API}/status?unit=thon_03`);
    expect(village.status).toBe(200);
    expect(village.body).toMatchObject({
      stepCount: 1,
      unit: { id: 'thon_03', name: 'Thôn Tây', units: ['thon_03'] },
      buckets: { open_on_time: { count: 1, label: 'chưa hoàn thành trong hạn' }, open_overdue: { count: 0 } },
      byItemUnit: [{ itemId: 'I01', unitId: 'thon_03', counts: { open_on_time: 1 } }],
      byAssignee: [{ assignee: 'village_head', total: 1 }],
    });
    expect(village.body.steps).toBeUndefined();

    const whole = await s.http('GET', `${API}/status`);
    const commune = await s.http('GET', `${API}/status?unit=ubnd_xa_ha_giang`);
    expect(commune.body.unit.units).toEqual([
      'ubnd_xa_ha_giang',
      'dang_uy_xa',
      'hdnd_xa',
      'van_thu',
      'bo_phan_vhxh',
      'ban_nganh_doan_the',
      ...Array.from({ length: 10 }, (_, i) => `thon_${String(i + 1).padStart(2, '0')}`),
    ]);
    expect(commune.body.buckets).toEqual(whole.body.buckets);
    expect(commune.body.byAssignee).toEqual(whole.body.byAssignee);
    expect(commune.body.stepCount).toBe(13);
    expect((await s.http('GET', `${API}/status?unit=huyen_ha_trung`)).body.buckets).toEqual(whole.body.buckets);
    expect((await s.http('GET', `${API}/status?unit=so_yte_thanh_hoa_btxh_te`)).body).toMatchObject({ stepCount: 0, byAssignee: [] });

    expect(await s.http('GET', `${API}/status?unit=thon_99`)).toMatchObject({
      status: 422,
      body: { code: 'VALIDATION_FAILED', errors: { unit: expect.stringContaining('thon_99') } },
    });
    expect(await s.http('GET', `/api/v1/plans/NO-SUCH-PLAN/status?unit=thon_01`)).toMatchObject({
      status: 404,
      body: { code: 'PLAN_NOT_FOUND' },
    });
  });

  it('pages through the steps in item order with the total; pageSize at most 500; bad values are 422 per field', async () => {
    const all = (await s.http('GET', `${API}/status`)).body.steps.map((x: { stepId: string }) => x.stepId);
    const pages = [];
    for (let page = 1; page <= 4; page++) pages.push((await s.http('GET', `${API}/steps?page=${page}&pageSize=5`)).body);
    expect(pages.map((p) => [p.page, p.pageSize, p.total, p.pages, p.items.length])).toEqual([
      [1, 5, 14, 3, 5],
      [2, 5, 14, 3, 5],
      [3, 5, 14, 3, 4],
      [4, 5, 14, 3, 0],
    ]);
    expect(pages.flatMap((p) => p.items.map((x: { stepId: string }) => x.stepId))).toEqual(all);
    expect(pages[0].items[0]).toMatchObject({
      stepId: 'I01.1',
      dueDateVi: '29/03/2023',
      bucketLabel: 'chưa hoàn thành quá hạn',
      late: { workingDays: 1, calendarDays: 1 },
    });

    expect((await s.http('GET', `${API}/steps`)).body).toMatchObject({ page: 1, pageSize: 100, total: 14, pages: 1 });
    expect((await s.http('GET', `${API}/steps?pageSize=500`)).status).toBe(200);
    const village = (await s.http('GET', `${API}/steps?unit=thon_07`)).body;
    expect(village).toMatchObject({ total: 1, items: [{ stepId: 'I01.4-thon_07', unitId: 'thon_07' }] });

    for (const [query, field] of [
      ['pageSize=501', 'pageSize'],
      ['pageSize=0', 'pageSize'],
      ['pageSize=2.5', 'pageSize'],
      ['page=0', 'page'],
      ['page=abc', 'page'],
      ['unit=thon_99', 'unit'],
      ['sort=title', 'sort'],
    ]) {
      const r = await s.http('GET', `${API}/steps?${query}`);
      expect([query, r.status, r.body.code, Object.keys(r.body.errors ?? {})]).toEqual([query, 422, 'VALIDATION_FAILED', [field]]);
    }
    expect((await s.http('GET', '/api/v1/plans/NO-SUCH-PLAN/steps')).status).toBe(404);
  });

  it('tags status and step pages: If-None-Match answers 304 until a step changes, even one that stays in its bucket', async () => {
    const first = await get(`${API}/status`);
    const tag = first.headers.get('etag')!;
    expect(tag).toMatch(/^W\/".+"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const again = await get(`${API}/status`, { 'if-none-match': tag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const pageTag = (await get(`${API}/steps?pageSize=5`)).headers.get('etag')!;
    expect((await get(`${API}/steps?pageSize=5`, { 'if-none-match': pageTag })).status).toBe(304);
    const unitTag = (await get(`${API}/status?unit=thon_01`)).headers.get('etag')!;
    expect(new Set([tag, pageTag, unitTag]).size).toBe(3);
    expect((await get(`${API}/status?unit=thon_01`, { 'if-none-match': unitTag })).status).toBe(304);
    // A full read again under the same tag is the answer kept by the api (StatusAnswers), its live planNow written fresh.
    const read = async () => {
      const r = await get(`${API}/status`);
      return { tag: r.headers.get('etag'), type: r.headers.get('content-type'), body: (await r.json()) as { planNow: string } };
    };
    const r1 = await read();
    await new Promise((r) => setTimeout(r, 20));
    const r2 = await read();
    expect(r2.tag).toBe(tag);
    expect(r2.type).toMatch(/^application\/json; charset=utf-8/);
    expect({ ...r2.body, planNow: null }).toEqual({ ...r1.body, planNow: null });
    expect(Date.parse(r2.body.planNow)).toBeGreaterThan(Date.parse(r1.body.planNow));

    // The officer submits I01.1: still "chưa hoàn thành quá hạn", but the step changed.
    expect((await s.http('POST', `${step('I01.1')}/submission`, { note: 'Đã trình dự thảo' }, 'officer_ldtbxh')).status).toBe(200);
    const after = await get(`${API}/status`, { 'if-none-match': tag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(tag);
    const body = (await after.json()) as { steps: { stepId: string }[] };
    expect(body.steps.find((x: { stepId: string }) => x.stepId === 'I01.1')).toMatchObject({ state: 'submitted', bucket: 'open_overdue' });
    const plain = (await (await get(`${API}/status`)).json()) as { steps: { stepId: string }[] };
    expect(plain.steps.find((x) => x.stepId === 'I01.1')).toMatchObject({ state: 'submitted' });
    expect((await get(`${API}/steps?pageSize=5`, { 'if-none-match': pageTag })).status).toBe(200);
    expect((await get(`${API}/status`, { 'if-none-match': after.headers.get('etag')! })).status).toBe(304);
  });

  describe('the official report "Báo cáo kết quả thực hiện Kế hoạch"', () => {
    let paragraphs: string[];
    let bytes: ArrayBuffer;
    let status: { buckets: Record<(typeof BUCKETS)[number], { count: number; label: string }>; steps: { stepId: string; title: string }[] };

    beforeAll(async () => {
      status = (await s.http('GET', `${API}/status`)).body;
      const r = await get(`${API}/reports/ket-qua.docx?from=2023-03-23&to=2023-04-30`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      expect(r.headers.get('content-disposition')).toBe(`attachment; filename="bao-cao-ket-qua-${PLAN}-2023-04-30.docx"`);
      bytes = await r.arrayBuffer();
      paragraphs = await docxParagraphs(bytes);
    });

    it('is a DOCX with the national heading, the issuing body, the number and the place and date line', () => {
      expect(paragraphs).toEqual(
        expect.arrayContaining([
          'ỦY BAN NHÂN DÂN',
          'XÃ HÀ GIANG',
          'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
          'Độc lập - Tự do - Hạnh phúc',
          // The period runs past plan today (30/03/2023): results and the date line stand at today.
          'Hà Giang, ngày 30 tháng 3 năm 2023',
          'BÁO CÁO',
          'Kết quả thực hiện Kế hoạch thực hiện Chương trình công tác bảo vệ, chăm sóc trẻ em năm 2023',
          '(Kỳ báo cáo: từ ngày 23/03/2023 đến ngày 30/04/2023)',
        ]),
      );
      expect(paragraphs.some((p) => /^Số: +\/BC-UBND$/.test(p))).toBe(true);
    });

    it('counts the buckets as the status API does and says what is late by how many working days', () => {
      const total = BUCKETS.reduce((n, b) => n + status.buckets[b].count, 0);
      expect(paragraphs).toContain(`Tổng số nội dung công việc đã giao trong kỳ: ${total}; trong đó:`);
      for (const b of BUCKETS) {
        const label = status.buckets[b].label;
        expect(
          paragraphs.some((p) => p.startsWith(`- ${label.charAt(0).toUpperCase()}${label.slice(1)}: ${status.buckets[b].count} (`)),
        ).toBe(true);
      }
      expect(paragraphs).toContain(
        'Kết quả: hoàn thành đúng hạn: 1; hoàn thành quá hạn: 0; chưa hoàn thành trong hạn: 11; chưa hoàn thành quá hạn: 1.',
      );
      expect(paragraphs).toContain(
        '- I01.1 – Dự thảo kế hoạch xã (Công chức Văn hóa - xã hội (phụ trách LĐTB&XH); hạn 29/03/2023): chưa hoàn thành quá hạn, chậm 1 ngày làm việc.',
      );
      expect(paragraphs).toContain(
        '- I01.5 – Dự toán kinh phí thực hiện kế hoạch (Công chức Tài chính - kế toán; hạn 07/04/2023): hoàn thành đúng hạn.',
      );
      expect(paragraphs).toContain(
        '- I01.4 – Kế hoạch thực hiện cấp thôn (Trưởng thôn; 10 nơi/kỳ thực hiện): chưa hoàn thành trong hạn 10/10.',
      );
    });

    it('has the appendix with every step by name (no codes): title with its village, doer and holder, unit, due date, bucket label, lateness', () => {
      const appendix = paragraphs.slice(paragraphs.indexOf('PHỤ LỤC'));
      for (const st of status.steps) expect(appendix.join('\n')).toContain(st.title);
      expect(appendix.join('\n')).not.toMatch(/I01\.\d-thon_\d\d/);
      expect(appendix).toEqual(
        expect.arrayContaining([
          'PHỤ LỤC',
          'Hạn hoàn thành',
          'Dự toán kinh phí thực hiện kế hoạch',
          'Công chức Văn hóa - xã hội (phụ trách văn hóa - thông tin) – Hoàng Văn E',
          'Kế hoạch thực hiện cấp thôn – Thôn Tây',
          'Trưởng thôn Thôn Tây',
          'Thôn Tây',
          '07/04/2023',
          'đã hủy',
          'hoàn thành đúng hạn',
        ]),
      );
      // The body counts what the appendix lists, less the cancelled: agrees with the dashboard's buckets.
      const total = BUCKETS.reduce((n, b) => n + status.buckets[b].count, 0);
      expect(appendix.filter((p) => p === 'đã hủy')).toHaveLength(1);
      expect(paragraphs).toContain(`Tổng số nội dung công việc đã giao trong kỳ: ${total}; trong đó:`);
    });

    it('numbers its pages from the second (NĐ 30/2020) and has the parts of a báo cáo kết quả; no placeholder number', async () => {
      const zip = await JSZip.loadAsync(bytes);
      expect(await zip.file('word/document.xml')!.async('string')).toContain('<w:titlePg/>');
      const headers = await Promise.all(
        Object.keys(zip.files)
          .filter((f) => /^word\/header\d+\.xml$/.test(f))
          .map((f) => zip.file(f)!.async('string')),
      );
      expect(headers.some((h) => /PAGE/.test(h))).toBe(true);
      expect(paragraphs).toEqual(
        expect.arrayContaining([
          'IV. ĐÁNH GIÁ CHUNG',
          'V. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN',
          'VI. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI',
          'VII. KIẾN NGHỊ, ĐỀ XUẤT',
        ]),
      );
      expect(paragraphs.join('\n')).not.toContain('__/KH-UBND');
    });

    it('is signed TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH by the vice-chairman, with its recipients', () => {
      const sign = paragraphs.indexOf('TM. ỦY BAN NHÂN DÂN');
      expect(paragraphs.slice(sign, sign + 3)).toEqual(['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']);
      expect(paragraphs).toContain('Tổng Văn Trưởng');
      const to = paragraphs.indexOf('Nơi nhận:');
      expect(paragraphs.slice(to, to + 4)).toEqual([
        'Nơi nhận:',
        '- Phòng LĐTB&XH huyện Hà Trung (b/c);',
        '- Chủ tịch UBND xã (b/c);',
        '- Lưu: VT.',
      ]);
    });

    (canConvert ? it : it.skip)('opens in LibreOffice: printed to PDF, it holds the title, a late step and the appendix table', () => {
      const { pdfBytes, text } = docxAsPdfText(new Uint8Array(bytes));
      expect(pdfBytes).toBeGreaterThan(1000);
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).toContain('BÁO CÁO');
      expect(flat).toContain('I01.1');
      expect(flat).toContain('CÁC NỘI DUNG CHẬM SO VỚI THỜI HẠN');
    });

    it('defaults to the run start up to today in plan time; refuses bad dates with a message per field', async () => {
      const r = await get(`${API}/reports/ket-qua.docx`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-disposition')).toBe(`attachment; filename="bao-cao-ket-qua-${PLAN}-2023-03-30.docx"`);
      expect(await docxParagraphs(await r.arrayBuffer())).toContain('(Kỳ báo cáo: từ ngày 30/03/2023 đến ngày 30/03/2023)');

      const bad = await s.http('GET', `${API}/reports/ket-qua.docx?from=2023-02-30&to=hôm-nay`);
      expect(bad).toMatchObject({
        status: 422,
        body: {
          code: 'VALIDATION_FAILED',
          errors: {
            from: 'Trường "from" phải là một ngày có thật, viết YYYY-MM-DD (năm-tháng-ngày).',
            to: 'Trường "to" phải là một ngày có thật, viết YYYY-MM-DD (năm-tháng-ngày).',
          },
        },
      });
      const backwards = await s.http('GET', `${API}/reports/ket-qua.docx?from=2023-05-01&to=2023-04-30`);
      expect(backwards).toMatchObject({ status: 422, body: { errors: { to: expect.stringContaining('không được trước ngày bắt đầu') } } });
      expect((await s.http('GET', '/api/v1/plans/NO-SUCH-PLAN/reports/ket-qua.docx')).status).toBe(404);
    });
  });

  it('exports the steps table as CSV (UTF-8 with BOM, Vietnamese headers, dd/mm/yyyy) and XLSX, both read back', async () => {
    const status = (await s.http('GET', `${API}/status`)).body;
    const csv = await get(`${API}/steps.csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="cac-noi-dung-${PLAN}-2023-03-30\\.csv"$`));
    const raw = Buffer.from(await csv.arrayBuffer());
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = raw.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('STT,Mã,Nội dung công việc,Người thực hiện,Đơn vị,Hạn hoàn thành,Kết quả,Số ngày làm việc chậm');
    expect(lines).toHaveLength(1 + status.steps.length);
    const row = (id: string) => lines.find((l) => l.split(',')[1] === id)!.split(',');
    const i011 = status.steps.find((x: { stepId: string }) => x.stepId === 'I01.1');
    expect(row('I01.1').slice(5)).toEqual(['29/03/2023', 'chưa hoàn thành quá hạn', String(i011.late.workingDays)]);
    expect(row('I01.5').slice(1)).toEqual([
      'I01.5',
      'Dự toán kinh phí thực hiện kế hoạch',
      'Công chức Tài chính - kế toán',
      'UBND xã Hà Giang',
      '07/04/2023',
      'hoàn thành đúng hạn',
      '0',
    ]);
    expect(row('I01.4-thon_03').slice(3, 5)).toEqual(['Trưởng thôn', 'Thôn Tây']);

    const xlsx = await get(`${API}/steps.xlsx`);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const ws = wb.getWorksheet('Danh mục nội dung')!;
    expect(ws.getRow(1).values).toEqual([
      undefined,
      'STT',
      'Mã',
      'Nội dung công việc',
      'Người thực hiện',
      'Đơn vị',
      'Hạn hoàn thành',
      'Kết quả',
      'Số ngày làm việc chậm',
    ]);
    expect(ws.rowCount).toBe(1 + status.steps.length);
    const i015 = ws.getRows(2, ws.rowCount - 1)!.find((r) => r.getCell(2).value === 'I01.5')!;
    expect(i015.getCell(6).value).toEqual(new Date('2023-04-07T00:00:00Z'));
    expect(i015.getCell(6).numFmt).toBe('dd/mm/yyyy');
    expect([i015.getCell(7).value, i015.getCell(8).value]).toEqual(['hoàn thành đúng hạn', 0]);
    expect((await get('/api/v1/plans/NO-SUCH-PLAN/steps.xlsx')).status).toBe(404);
  });

  it('documents the new routes in OpenAPI', async () => {
    const docs = await s.http('GET', '/api/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/plans/{planId}/steps',
        '/api/v1/plans/{planId}/reports/ket-qua.docx',
        '/api/v1/plans/{planId}/steps.csv',
        '/api/v1/plans/{planId}/steps.xlsx',
      ]),
    );
    const stepsDoc = docs.body.paths['/api/v1/plans/{planId}/steps'].get;
    expect(stepsDoc.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['planId', 'page', 'pageSize', 'unit', 'If-None-Match']),
    );
    expect(Object.keys(stepsDoc.responses)).toEqual(expect.arrayContaining(['200', '304', '404', '422', '429']));
    // The web app's plan page links them: checked in Chromium (web-pages.e2e-spec.ts, "[data-exports] a").
  });
});

describe('rate limit of the api', () => {
  const plan = `HG-RATE-${randomBytes(3).toString('hex')}`;
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ rateLimitPerMin: 3 });
    await s.loadPlan(seedPlanI01(plan));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers 429 with Retry-After and a Vietnamese message once a client has used its minute; pages outside /api/v1 stay open', async () => {
    for (let i = 0; i < 3; i++)
      expect((await fetch(`${s.baseUrl}/api/v1/plans/${plan}/status`, { headers: { 'x-dondoc-actor': DEFAULT_ACTOR } })).status).toBe(200);
    const r = await fetch(`${s.baseUrl}/api/v1/plans/${plan}/steps`);
    expect(r.status).toBe(429);
    const wait = Number(r.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(20); // 3 a minute: one more every 20 s
    expect(await r.json()).toEqual({
      code: 'RATE_LIMITED',
      message: `Quá nhiều yêu cầu trong thời gian ngắn. Xin thử lại sau ${wait} giây.`,
      retryAfterSeconds: wait,
    });
    expect(r.headers.get('ratelimit-limit')).toBe('3');
    expect((await fetch(`${s.baseUrl}/health`)).status).not.toBe(429);
    // A page, not rate limited: the old plan page's address leads to the web app's.
    expect((await fetch(`${s.baseUrl}/plans/${plan}`, { redirect: 'manual' })).status).toBe(302);
    expect((await fetch(`${s.baseUrl}/dang-nhap`)).status).toBe(200);
  });
});
