import { describe, expect, it } from '@jest/globals';
import { stepMailCommon } from '../../../test/factories/mail.factory.js';
import { addressee, htmlToText, MAIL_KINDS, renderMail, viDueParts, viLabels, viWeekday, type MailVars } from './templates.js';

type AllVars = MailVars['step-assigned'] &
  MailVars['step-approval-request'] &
  MailVars['step-approved'] &
  MailVars['step-returned'] &
  MailVars['step-overdue'] &
  MailVars['step-reminder'] &
  MailVars['step-escalation'] &
  MailVars['step-approval-escalation'] &
  MailVars['step-cancelled'] &
  MailVars['step-extension-request'] &
  MailVars['step-extension-decision'] &
  MailVars['case-emergency'] &
  MailVars['sign-in'] &
  MailVars['assessment-sent'];

const common = stepMailCommon;
const all: AllVars = {
  ...common,
  evidence: 'bảng dự toán đã ký',
  approverText: 'Trần Thị B, Phó Chủ tịch UBND xã',
  approverName: 'Trần Thị B (Phó Chủ tịch UBND xã (phụ trách VH-XH))',
  approverTitle: 'Phó Chủ tịch UBND xã (phụ trách VH-XH)',
  note: 'Đã lập dự toán 45 triệu đồng',
  bucketLabel: 'hoàn thành đúng hạn',
  reason: 'Thiếu chi tiết kinh phí tuyên truyền',
  recipientName: 'Nguyễn Văn A (Chủ tịch UBND xã)',
  workingDaysLate: 3,
  dueToday: false,
  workingDaysLeft: 2,
  submittedDate: '05/04/2023',
  slaWd: 2,
  actorName: 'Nguyễn Văn A (Chủ tịch UBND xã)',
  until: '14/04/2023',
  granted: true,
  dueTime: '29/04/2023 08:00',
  reportedTime: '28/04/2023 20:00',
  unitName: 'Thôn Tây',
  approveUrl: 'http://127.0.0.1:3000/hanh-dong/approve-ref',
  rejectUrl: 'http://127.0.0.1:3000/hanh-dong/reject-ref',
  reportUrl: 'http://127.0.0.1:3000/hanh-dong/submit-ref',
  userName: 'Trần Thị B',
  signInUrl: 'http://127.0.0.1:3000/dang-nhap/xac-nhan?t=token',
  validMinutes: 15,
  year: 2024,
  total: 872,
  maxTotal: 1000,
  passMark: 850,
  verdict: 'đạt',
  zeroCriteria: 'không có',
  unconfirmedCriteria: '',
  dossierUrl: 'http://127.0.0.1:3000/api/v1/plans/HG-2023-BVCSTE/assessments/DG2024/ho-so.docx',
};
const assignedVars: MailVars['step-assigned'] = {
  ...common,
  evidence: all.evidence,
  approverText: all.approverText,
  reportUrl: all.reportUrl,
};

describe('viDueParts / viWeekday', () => {
  it('gives dd/mm/yyyy and the Vietnamese weekday of a due date', () => {
    expect(viDueParts('2023-04-07')).toEqual({ dueDate: '07/04/2023', dueWeekday: 'Thứ Sáu' });
  });

  it('names every day of a week, Sunday as Chủ nhật', () => {
    // 2023-04-02 was a Sunday.
    const week = ['2023-04-02', '2023-04-03', '2023-04-04', '2023-04-05', '2023-04-06', '2023-04-07', '2023-04-08'].map(viWeekday);
    expect(week).toEqual(['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy']);
    // The 2024 make-up working day was a Saturday; Tết Quý Mão 2023 a Sunday.
    expect(viWeekday('2024-05-04')).toBe('Thứ Bảy');
    expect(viWeekday('2023-01-22')).toBe('Chủ nhật');
  });

  it('has a Vietnamese label for each status bucket', () => {
    expect(viLabels().buckets).toEqual({
      completed_on_time: 'hoàn thành đúng hạn',
      completed_late: 'hoàn thành quá hạn',
      open_on_time: 'chưa hoàn thành trong hạn',
      open_overdue: 'chưa hoàn thành quá hạn',
      cancelled: 'đã hủy',
    });
  });
});

describe('renderMail', () => {
  it('renders step-assigned in Vietnamese with the given values and the due date as dd/mm/yyyy with its weekday', () => {
    const m = renderMail('step-assigned', assignedVars);
    expect(m.subject).toContain('I01.5');
    expect(m.subject).toContain('Dự toán kinh phí thực hiện kế hoạch');
    expect(m.subject).toContain('07/04/2023');
    expect(m.subject).not.toContain('2023-04-07');
    for (const part of [m.html, m.text]) {
      expect(part).toContain('Kính gửi Vũ Thị G (Công chức Tài chính - kế toán)');
      expect(part).toContain('Thứ Sáu, 07/04/2023');
      expect(part).toContain('bảng dự toán đã ký');
      expect(part).toContain('Trần Thị B, Phó Chủ tịch UBND xã');
      expect(part).toContain(common.planTitle);
      expect(part).toContain('UBND xã Hà Giang');
    }
    expect(m.html).toContain('<html lang="vi">');
    expect(m.html).toContain(`<a href="${common.stepUrl}">`);
  });

  it('gives a plain-text part without tags, with the link spelled out and the commune footer', () => {
    const m = renderMail('step-assigned', assignedVars);
    expect(m.text).not.toMatch(/<[a-z/][^>]*>/i);
    expect(m.text).toContain(common.stepUrl);
    expect(m.text).toMatch(/- Hạn hoàn thành: Thứ Sáu, 07\/04\/2023/);
    expect(m.text.trimEnd().split('\n').at(-1)).toBe('UBND xã Hà Giang · Kế hoạch số 12/KH-UBND');
  });

  it('escapes values in the HTML', () => {
    const m = renderMail('step-assigned', { ...assignedVars, stepTitle: 'Dự toán <script>alert(1)</script> & "x"' });
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('Dự toán &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
    expect(m.html).toContain('<title>[Việc mới] I01.5 – Dự toán &lt;script&gt;');
    // The subject is a header, not HTML: it carries the text as given.
    expect(m.subject).toContain('Dự toán <script>alert(1)</script> & "x"');
    expect(m.text).toContain('Dự toán <script>alert(1)</script> & "x"');
  });

  it('keeps the subject on one line, whatever the values', () => {
    const m = renderMail('step-assigned', { ...assignedVars, stepTitle: 'Dự toán\r\nBcc: someone@example.org' });
    expect(m.subject).not.toMatch(/[\r\n]/);
  });

  // BUG: htmlToText undoes only some of Handlebars' escapes (not &#x60;) and undoes &amp; first, so a value holding a
  // backtick, or a literal "&lt;", does not come back as given in the plain-text part.
  it('gives back in the plain-text part a value holding a backtick', () => {
    const m = renderMail('step-returned', { ...all, reason: 'Sửa mục `2.1` của dự toán' });
    expect(m.text).toContain('Lý do: Sửa mục `2.1` của dự toán');
  });

  it('gives back in the plain-text part a value holding an entity-like text', () => {
    const m = renderMail('step-returned', { ...all, reason: 'Viết "&lt;" thành "<"' });
    expect(m.text).toContain('Lý do: Viết "&lt;" thành "<"');
  });

  it('throws when a variable the template uses is missing (strict Handlebars)', () => {
    const { evidence: _evidence, ...withoutEvidence } = assignedVars;
    expect(() => renderMail('step-assigned', withoutEvidence as never)).toThrow(/evidence/);
    const { dueWeekday: _weekday, ...withoutWeekday } = common;
    expect(() => renderMail('step-overdue', withoutWeekday as never)).toThrow(/dueWeekday/);
  });

  it('throws when a variable of the layout is missing', () => {
    const { communeName: _c, ...withoutCommune } = assignedVars;
    expect(() => renderMail('step-assigned', withoutCommune as never)).toThrow(/communeName/);
  });

  it.each(MAIL_KINDS)('renders %s with complete variables', (kind) => {
    const m = renderMail(kind, all);
    // A case's urgent mail names the case, and an assessment sent on names the commune and year, not the plan step.
    if (kind !== 'case-emergency' && kind !== 'assessment-sent') expect(m.subject).toContain('I01.5');
    expect(m.subject).not.toMatch(/undefined|\{\{/);
    expect(m.html).toContain(`<a href="${common.stepUrl}">`);
    expect(m.html).toContain('Kính gửi');
    expect(m.text).toContain(common.stepUrl);
    expect(m.text).toContain(common.stepTitle);
    expect(`${m.html}\n${m.text}`).not.toMatch(/undefined|\{\{|\[object Object\]/);
  });

  it('puts the variables particular to each kind into its mail', () => {
    expect(renderMail('step-approval-request', all).text).toContain('Đã lập dự toán 45 triệu đồng');
    expect(renderMail('step-approval-request', all).text).toContain('Kính gửi Trần Thị B');
    expect(renderMail('step-approved', all).text).toContain('hoàn thành đúng hạn');
    expect(renderMail('step-returned', all).text).toContain('Thiếu chi tiết kinh phí tuyên truyền');
    expect(renderMail('step-overdue', all).text).toContain('Thứ Sáu, 07/04/2023');
    const urgent = renderMail('case-emergency', all);
    expect(urgent.subject).toBe(
      '[Khẩn cấp] Vụ việc xâm hại trẻ em – Dự toán kinh phí thực hiện kế hoạch: can thiệp trước 29/04/2023 08:00',
    );
    expect(urgent.text).toContain('tại Thôn Tây lúc 28/04/2023 20:00');
    expect(urgent.text).toContain('trong vòng 12 giờ');
    const sent = renderMail('assessment-sent', all);
    expect(sent.subject).toBe('[Hồ sơ xã phù hợp với trẻ em] UBND xã Hà Giang năm 2024: 872/1000 điểm – đạt');
    expect(sent.text).toContain(`Hồ sơ (tờ trình và bảng tự đánh giá): ${all.dossierUrl}`);
    expect(sent.text).not.toContain('tạm tính');
    const provisional = renderMail('assessment-sent', { ...all, verdict: 'tạm tính: đạt', unconfirmedCriteria: '2, 3' });
    expect(provisional.subject).toBe('[Hồ sơ xã phù hợp với trẻ em] UBND xã Hà Giang năm 2024: 872/1000 điểm – tạm tính: đạt');
    expect(provisional.text).toContain('Kết quả tạm tính: điểm của tiêu chí 2, 3 chưa được xác nhận');
    expect(provisional.text).not.toContain('tờ trình và bảng');
  });

  it('puts the action links into the approval request, the new task and the reminder', () => {
    const request = renderMail('step-approval-request', all);
    expect(request.html).toContain(`<a href="${all.approveUrl}">Phê duyệt</a>`);
    expect(request.html).toContain(`<a href="${all.rejectUrl}">Trả lại</a>`);
    expect(request.text).toContain(`Phê duyệt:\n${all.approveUrl}\n`);
    expect(request.text).not.toMatch(/\(https?:/); // no link inside parentheses
    for (const kind of ['step-assigned', 'step-reminder'] as const) {
      expect(renderMail(kind, all).html).toContain(`<a href="${all.reportUrl}">Báo cáo kết quả</a>`);
      expect(renderMail(kind, all).text).toContain(`Báo cáo kết quả:\n${all.reportUrl}\n`);
    }
    const { approveUrl: _a, ...withoutLink } = all;
    expect(() => renderMail('step-approval-request', withoutLink as never)).toThrow(/approveUrl/);
  });

  it('renders the sign-in mail: the link, who it is for, how long it works', () => {
    const m = renderMail('sign-in', {
      communeName: 'UBND xã Hà Giang',
      planNumber: '12/KH-UBND',
      userName: 'Trần Thị B',
      signInUrl: all.signInUrl,
      validMinutes: 15,
    });
    expect(m.subject).toBe('[Đăng nhập] Liên kết đăng nhập hệ thống Đôn đốc');
    // Handlebars escapes "=" in HTML; a browser reads the entity back, and the text part spells the link out.
    expect(m.html).toContain(`<a href="${all.signInUrl.replace('=', '&#x3D;')}">`);
    expect(m.text).toContain(all.signInUrl);
    expect(m.text).toContain('Kính gửi Trần Thị B');
    expect(m.text).toContain('trong 15 phút');
    expect(`${m.html}\n${m.text}`).not.toMatch(/undefined|\{\{/);
  });

  it('gives each kind its own subject', () => {
    const subjects = MAIL_KINDS.map((k) => renderMail(k, all).subject);
    expect(new Set(subjects).size).toBe(MAIL_KINDS.length);
  });
});

describe('htmlToText', () => {
  it('writes a link whose label is its address once', () => {
    expect(htmlToText('<p>Xem tại: <a href="http://h/p/1">http://h/p/1</a></p>')).toBe('Xem tại: http://h/p/1');
  });

  it('keeps both the label and the address of a labelled link', () => {
    expect(htmlToText('<p><a href="http://h/p/1" target="_blank">Mở trang</a></p>')).toBe('Mở trang:\nhttp://h/p/1');
  });

  it('undoes HTML escapes in links and text', () => {
    expect(htmlToText('<a href="http://h/?a&#x3D;1&amp;b&#x3D;2">http://h/?a&#x3D;1&amp;b&#x3D;2</a> &lt;ok&gt;')).toBe(
      'http://h/?a=1&b=2 <ok>',
    );
  });

  it('puts paragraphs and list items on their own lines', () => {
    const lines = htmlToText('<p>Một</p><ul><li>hai</li><li>ba</li></ul><p>bốn<br>năm</p>')
      .split('\n')
      .filter((l) => l.trim());
    expect(lines.map((l) => l.trim())).toEqual(['Một', '- hai', '- ba', 'bốn', 'năm']);
  });
});

describe('addressee', () => {
  it('addresses a person with the title, and a village role holder by title and village', () => {
    expect(addressee({ person: 'Vũ Thị G', title: 'Công chức Tài chính - kế toán' })).toBe('Vũ Thị G (Công chức Tài chính - kế toán)');
    expect(addressee({ person: 'Trưởng thôn', title: 'Trưởng thôn', fanOut: 'villages_all' }, 'Thôn Hạ')).toBe('Trưởng thôn Thôn Hạ');
    expect(addressee({ person: 'Trưởng thôn', title: 'Trưởng thôn' })).toBe('Trưởng thôn');
  });
});

describe('reminders and escalations', () => {
  it('counts working days left, or says the due date is today', () => {
    expect(renderMail('step-reminder', { ...all, workingDaysLeft: 3 }).text).toContain(
      'còn 3 ngày làm việc đến hạn hoàn thành (Thứ Sáu, 07/04/2023)',
    );
    const today = renderMail('step-reminder', { ...all, dueToday: true }).text;
    expect(today).toContain('Hôm nay (Thứ Sáu, 07/04/2023) là hạn hoàn thành');
    expect(today).not.toContain('còn');
  });

  it('tells the supervisor who is late, with what, and by how many working days', () => {
    const m = renderMail('step-escalation', all);
    expect(m.subject).toBe('[Đôn đốc] I01.5 – Dự toán kinh phí thực hiện kế hoạch quá hạn 3 ngày làm việc');
    expect(m.text).toContain('Kính gửi Nguyễn Văn A (Chủ tịch UBND xã)');
    expect(m.text).toContain('do Vũ Thị G (Công chức Tài chính - kế toán) thực hiện đã quá hạn 3 ngày làm việc');
  });
});
