import { describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StepRow } from '#libs/database/src/index.js';
import { endOfLocalDay, parsePlanFile, planCalendarYears, WorkingCalendar, type PlanSpec } from '#libs/domain/src/index.js';
import { projectRoot } from '#libs/config/src/index.js';
import { buildResultReport, issuerLines, placeDateLine, placeOf } from './result-report.js';
import { renderResultReportDocx } from './result-report.docx.js';
import { stepTableCsv, stepTable, standingNow } from './step-table.js';

const parsed = parsePlanFile(readFileSync(join(projectRoot(), 'plans', 'ha-giang-2023.yaml'), 'utf8'), 'plans/ha-giang-2023.yaml');
if (!parsed.ok) throw new Error('the seed plan does not parse');
const spec: PlanSpec = parsed.plan;
const cal = WorkingCalendar.vietnam(planCalendarYears(spec));
/** 23:59:59.999 of a local date: where a period's results stand. */
const lastInstantOf = (date: string) => new Date(endOfLocalDay(date).getTime() - 1);
const at = (date: string, hour = 10) => new Date(Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00+07:00`));

/** A step row as the repository returns it; done steps give the local date and hour of their (approved) submission. */
const step = (stepId: string, o: Partial<StepRow> & { dueDate: string; done?: string }): StepRow => {
  const completedAtPlan = o.done ? at(o.done) : null;
  return {
    planId: spec.id,
    stepId,
    specStepId: stepId.split('-')[0],
    unitId: null,
    period: null,
    caseId: null,
    itemId: stepId.slice(0, 3),
    title: `Nội dung ${stepId}`,
    assignee: 'officer_ldtbxh',
    approver: 'vice_chair_vhxh',
    startDate: null,
    dueAtReal: endOfLocalDay(o.dueDate),
    workflowId: `step-${stepId}`,
    state: completedAtPlan ? 'completed' : 'assigned',
    overdue: false,
    bucket: 'open_on_time',
    dueAtPlan: endOfLocalDay(o.dueDate),
    submittedAt: completedAtPlan,
    submittedAtPlan: completedAtPlan,
    completedAt: completedAtPlan,
    completedAtPlan,
    extendedDueDate: null,
    seq: 1,
    updatedAt: new Date(),
    ...o,
  };
};

const steps: StepRow[] = [
  step('I01.1', { dueDate: '2023-03-29', done: '2023-03-31', title: 'Dự thảo kế hoạch xã' }), // two working days late
  step('I01.2', { dueDate: '2023-03-31', state: 'cancelled', bucket: 'cancelled' }),
  step('I01.3', { dueDate: '2023-04-14', assignee: 'office_officer' }),
  step('I01.4-thon_01', {
    dueDate: '2023-04-14',
    unitId: 'thon_01',
    assignee: 'village_head',
    done: '2023-04-12',
    title: 'Kế hoạch thực hiện cấp thôn',
  }),
  step('I01.4-thon_07', { dueDate: '2023-04-05', unitId: 'thon_07', assignee: 'village_head', title: 'Kế hoạch thực hiện cấp thôn' }),
  step('I01.5', { dueDate: '2023-04-07', done: '2023-04-05', assignee: 'finance_officer', title: 'Dự toán kinh phí thực hiện kế hoạch' }),
  step('I02.1', { dueDate: '2023-06-30', done: '2023-06-20' }), // done after the period: open then
];
const plan = { id: spec.id, number: spec.number, spec };
const report = (to: string, from = '2023-03-23') => buildResultReport({ plan, steps, period: { from, to }, asOf: lastInstantOf(to), cal });
const texts = (r: ReturnType<typeof report>) => r.body.map((b) => b.text);

describe('the result report as data', () => {
  it('has the administrative heading of NĐ 30/2020: issuing body and number, national name and motto, place and date', () => {
    const r = report('2023-04-10');
    expect(r.issuer).toEqual(['ỦY BAN NHÂN DÂN', 'XÃ HÀ GIANG']);
    expect(r.numberLine).toMatch(/^Số: +\/BC-UBND$/);
    expect([r.nationalName, r.motto]).toEqual(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc']);
    expect(r.placeDate).toBe('Hà Giang, ngày 10 tháng 4 năm 2023');
    expect(r.kind).toBe('BÁO CÁO');
    expect(r.title).toBe('Kết quả thực hiện Kế hoạch thực hiện Chương trình công tác bảo vệ, chăm sóc trẻ em năm 2023');
    expect(r.period).toBe('(Kỳ báo cáo: từ ngày 23/03/2023 đến ngày 10/04/2023)');
  });

  it('writes days below 10 and the months 1 and 2 with a leading zero, and finds the place in the issuer name', () => {
    expect(placeDateLine('Hà Giang', '2023-01-05')).toBe('Hà Giang, ngày 05 tháng 01 năm 2023');
    expect(placeDateLine('Hà Giang', '2023-12-25')).toBe('Hà Giang, ngày 25 tháng 12 năm 2023');
    expect(placeOf('UBND xã Hà Long (mới)')).toBe('Hà Long');
    expect(placeOf('UBND phường Trúc Bạch')).toBe('Trúc Bạch');
    expect(issuerLines('Sở Y tế Thanh Hóa')).toEqual(['SỞ Y TẾ THANH HÓA']);
  });

  it('counts the steps of the period per bucket as they stood at its end; a cancelled step is out of the statistic', () => {
    const body = texts(report('2023-04-10'));
    // In the period: I01.1, I01.3, the two village plans, I01.5, I02.1 (assigned at the run's start, not yet due).
    expect(body).toContain('Tổng số nội dung công việc đã giao trong kỳ: 6; trong đó:');
    expect(body).toContain('- Hoàn thành đúng hạn: 1 (16,7%);');
    expect(body).toContain('- Hoàn thành quá hạn: 1 (16,7%);');
    expect(body).toContain('- Chưa hoàn thành trong hạn: 3 (50%);');
    expect(body).toContain('- Chưa hoàn thành quá hạn: 1 (16,7%);');
    // Later, the village plan of thon_01 is done on time, and I02.1 still counts as open then: it was done on 20/06.
    expect(texts(report('2023-04-30'))).toContain('- Hoàn thành đúng hạn: 2 (33,3%);');
  });

  it('reports each item with its counts, a fan-out step as shares of its instances, and what is late by how many working days', () => {
    const body = texts(report('2023-04-10'));
    expect(body).toContain('1. Ban hành, triển khai kế hoạch; kế hoạch thôn; dự toán kinh phí');
    expect(body).toContain(
      'Kết quả: hoàn thành đúng hạn: 1; hoàn thành quá hạn: 1; chưa hoàn thành trong hạn: 2; chưa hoàn thành quá hạn: 1.',
    );
    expect(body).toContain(
      '- I01.1 – Dự thảo kế hoạch xã (Công chức Văn hóa - xã hội (phụ trách LĐTB&XH); hạn 29/03/2023): hoàn thành quá hạn, chậm 2 ngày làm việc.',
    );
    expect(body).toContain(
      '- I01.5 – Dự toán kinh phí thực hiện kế hoạch (Công chức Tài chính - kế toán; hạn 07/04/2023): hoàn thành đúng hạn.',
    );
    expect(body).toContain(
      '- I01.4 – Kế hoạch thực hiện cấp thôn (Trưởng thôn; 2 nơi/kỳ thực hiện): chưa hoàn thành trong hạn 1/2, chưa hoàn thành quá hạn 1/2; chậm: Thôn Hạ 3 ngày làm việc.',
    );
    expect(body).toContain(
      '- I01.4 – Kế hoạch thực hiện cấp thôn (Trưởng thôn, Thôn Hạ): chưa hoàn thành quá hạn, hạn 05/04/2023, chậm 3 ngày làm việc (5 ngày).',
    );
    expect(body.some((t) => t.includes('thon_07'))).toBe(false);
    expect(body.some((t) => t.includes('I01.2'))).toBe(false);
  });

  it('leaves out what was done before the period and what is assigned only after it', () => {
    const body = texts(report('2023-06-30', '2023-04-11'));
    expect(body.some((t) => t.startsWith('- I01.1 ') || t.startsWith('- I01.5 '))).toBe(false);
    expect(body.some((t) => t.startsWith('- I02.1 '))).toBe(true);
    const early = buildResultReport({
      plan,
      steps: [step('I09.9', { dueDate: '2023-10-06', startDate: '2023-09-01' })],
      period: { from: '2023-03-23', to: '2023-04-10' },
      asOf: lastInstantOf('2023-04-10'),
      cal,
    });
    expect(texts(early)).toContain('Không có nội dung công việc nào trong kỳ báo cáo.');
  });

  it('is signed KT. CHỦ TỊCH / PHÓ CHỦ TỊCH by the vice-chairman and sent to the monitoring body of its date and the chairman', () => {
    const r = report('2023-04-10');
    expect(r.signature).toEqual({ lines: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Tổng Văn Trưởng' });
    expect(r.recipients).toEqual({
      title: 'Nơi nhận:',
      lines: ['- Phòng LĐTB&XH huyện Hà Trung (b/c);', '- Chủ tịch UBND xã (b/c);', '- Lưu: VT.'],
    });
    const later = buildResultReport({
      plan,
      steps: [],
      period: { from: '2025-07-01', to: '2025-07-02' },
      asOf: lastInstantOf('2025-07-02'),
      cal,
    });
    expect(later.recipients.lines[0]).toBe('- Sở Y tế Thanh Hóa – Phòng Bảo trợ xã hội - Trẻ em (b/c);');
  });

  it('lists every step of the period in the appendix by name (no codes), cancelled ones too, with its due date, bucket label and lateness', () => {
    const r = report('2023-04-10');
    expect(r.appendix.header).toEqual([
      'STT',
      'Nội dung công việc',
      'Người thực hiện',
      'Đơn vị',
      'Hạn hoàn thành',
      'Kết quả',
      'Số ngày làm việc chậm',
    ]);
    expect(r.appendix.rows).toHaveLength(steps.length);
    expect(r.appendix.rows[1]).toEqual([
      2,
      'Nội dung I01.2',
      'Công chức Văn hóa - xã hội (phụ trách LĐTB&XH) – Phạm Thị D',
      'UBND xã Hà Giang',
      '31/03/2023',
      'đã hủy',
      0,
    ]);
    expect(r.appendix.rows[4]).toEqual([
      5,
      'Kế hoạch thực hiện cấp thôn – Thôn Hạ',
      'Trưởng thôn Thôn Hạ',
      'Thôn Hạ',
      '05/04/2023',
      'chưa hoàn thành quá hạn',
      3,
    ]);
    expect(JSON.stringify(r.appendix.rows)).not.toMatch(/thon_\d/);
    expect(r.appendix.note).toBe('(Kèm theo Báo cáo số      /BC-UBND ngày 10/04/2023 của UBND xã Hà Giang)');
  });
});

describe('the result report agrees with itself for any period (done early, late, cancelled, extended)', () => {
  const mixed: StepRow[] = [
    // Done early: meant to start after the period, finished inside it.
    step('I07.1', { dueDate: '2023-05-19', startDate: '2023-05-08', done: '2023-04-20', title: 'Kế hoạch Tháng hành động cấp xã' }),
    step('I01.1', { dueDate: '2023-03-29', done: '2023-03-31', title: 'Dự thảo kế hoạch xã' }), // late
    step('I01.2', { dueDate: '2023-03-31', state: 'cancelled', bucket: 'cancelled' }),
    step('I01.3', { dueDate: '2023-04-14', extendedDueDate: '2023-05-05', assignee: 'office_officer', title: 'Gửi văn bản' }), // extended, open
    step('I09.1', { dueDate: '2023-09-08', startDate: '2023-08-01', title: 'Kế hoạch Trung thu' }), // after the period, not done
  ];
  const periods: [string, string][] = [
    ['2023-03-23', '2023-04-30'],
    ['2023-04-01', '2023-04-25'],
    ['2023-03-23', '2023-12-31'],
  ];
  it.each(periods)('%s – %s: the body total is the appendix minus the cancelled rows, and the buckets add up to it', (from, to) => {
    const r = buildResultReport({ plan, steps: mixed, period: { from, to }, asOf: lastInstantOf(to), cal });
    const body = texts(r);
    const total = Number(/đã giao trong kỳ: (\d+);/.exec(body.join('\n'))![1]);
    const rows = r.appendix.rows.filter((row) => row[5] !== 'đã hủy');
    expect(total).toBe(rows.length);
    const perBucket = body
      .filter((t) => /^- (Hoàn thành|Chưa hoàn thành)[^:]*: \d+ \(/.test(t))
      .map((t) => Number(/: (\d+) \(/.exec(t)![1]));
    expect(perBucket.reduce((a, b) => a + b, 0)).toBe(total);
    // The early one counts as done on time in every period that holds its completion.
    expect(rows.some((row) => row[1] === 'Kế hoạch Tháng hành động cấp xã' && row[5] === 'hoàn thành đúng hạn')).toBe(true);
    expect(rows.some((row) => row[1] === 'Kế hoạch Trung thu')).toBe(to >= '2023-08-01');
  });

  it('has the parts of a báo cáo kết quả, from the data, and names no placeholder number', () => {
    const r = buildResultReport({
      plan,
      steps: mixed,
      period: { from: '2023-03-23', to: '2023-04-30' },
      asOf: lastInstantOf('2023-04-30'),
      cal,
    });
    const body = texts(r);
    expect(body).toEqual(
      expect.arrayContaining([
        'IV. ĐÁNH GIÁ CHUNG',
        'V. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN',
        'VI. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI',
        'VII. KIẾN NGHỊ, ĐỀ XUẤT',
        // The extended step counts against its original due date (an extension does not change the statistic).
        'Trong kỳ, đã hoàn thành 2/3 nội dung công việc (66,7%), trong đó 1 nội dung hoàn thành đúng hạn; 0 nội dung đang thực hiện trong hạn; 1 nội dung chưa hoàn thành quá hạn.',
        'Còn 2 nội dung chậm so với thời hạn (chi tiết tại mục III), trong đó 1 nội dung đến nay chưa hoàn thành.',
        'Tập trung hoàn thành 1 nội dung đã quá hạn.',
        '- Kế hoạch Trung thu (Công chức Văn hóa - xã hội (phụ trách LĐTB&XH) – Phạm Thị D; hạn 08/09/2023);',
        '(Cán bộ tổng hợp ghi kiến nghị, đề xuất với Phòng LĐTB&XH huyện Hà Trung, nếu có.)',
      ]),
    );
    expect(body.join('\n')).not.toContain('__/KH-UBND');
    expect(body[0]).toMatch(/^Thực hiện Kế hoạch \(chưa có số\) ngày 31\/03\/2023 của UBND xã Hà Giang \(Kế hoạch thực hiện Chương trình/);
  });
});

describe('the result report as DOCX', () => {
  it('is a Word document whose text has the heading, the results, the signature and the appendix', async () => {
    const docx = await renderResultReportDocx(report('2023-04-10'));
    const zip = await JSZip.loadAsync(docx);
    expect(Object.keys(zip.files)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml']));
    const xml = await zip.file('word/document.xml')!.async('string');
    const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
      [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
    );
    const text = paragraphs.join('\n').replace(/&amp;/g, '&');
    for (const line of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'ỦY BAN NHÂN DÂN',
      'XÃ HÀ GIANG',
      'Hà Giang, ngày 10 tháng 4 năm 2023',
      'BÁO CÁO',
      'TM. ỦY BAN NHÂN DÂN',
      'KT. CHỦ TỊCH',
      'PHÓ CHỦ TỊCH',
      'Tổng Văn Trưởng',
      'Nơi nhận:',
      '- Lưu: VT.',
      'PHỤ LỤC',
      'Kế hoạch thực hiện cấp thôn – Thôn Hạ',
      'chưa hoàn thành quá hạn',
    ]) {
      expect(paragraphs.map((p) => p.replace(/&amp;/g, '&'))).toContain(line);
    }
    expect(text).toContain('- Hoàn thành quá hạn: 1 (16,7%);');
    expect(xml).toMatch(/<w:i\/>|<w:i [^>]*\/>/); // the date line is italic
    expect(xml).toContain('w:orient="landscape"');
    // NĐ 30/2020: pages numbered from the second, in the header; the first page has its own, empty header.
    expect(xml).toContain('<w:titlePg/>');
    const headers = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /^word\/header\d+\.xml$/.test(f))
        .map((f) => zip.file(f)!.async('string')),
    );
    expect(headers.filter((h) => /PAGE/.test(h)).length).toBeGreaterThanOrEqual(1);
    expect(headers.some((h) => !/PAGE/.test(h))).toBe(true);
  });
});

describe('the steps table as CSV', () => {
  it('starts with a byte-order mark, has Vietnamese headers, quotes what needs it and dates dd/mm/yyyy', () => {
    const rows = stepTable(spec, [step('I01.5', { dueDate: '2023-04-07', title: 'Dự toán, "kinh phí"' })], (s) =>
      standingNow(s, at('2023-04-10'), cal),
    );
    const csv = stepTableCsv(rows);
    expect(csv.startsWith('\uFEFFSTT,Mã,Nội dung công việc,Người thực hiện,Đơn vị,Hạn hoàn thành,Kết quả,Số ngày làm việc chậm\r\n')).toBe(
      true,
    );
    expect(csv).toContain(
      '1,I01.5,"Dự toán, ""kinh phí""",Công chức Văn hóa - xã hội (phụ trách LĐTB&XH),UBND xã Hà Giang,07/04/2023,chưa hoàn thành trong hạn,1\r\n',
    );
  });
});
