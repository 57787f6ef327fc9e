import { describe, expect, it } from '@jest/globals';
import { renderMail, viLabels, type MailVars } from './templates.js';

const line = (over: Partial<MailVars['plan-digest-weekly']['overdue'][number]> = {}) => ({
  stepId: 'I01.5',
  title: 'Dự toán kinh phí thực hiện kế hoạch',
  assigneeTitle: 'Công chức Tài chính - kế toán',
  unitName: '',
  dueDate: '07/04/2023',
  dueWeekday: 'Thứ Sáu',
  workingDaysLate: 11,
  digestRung: true,
  stepUrl: 'http://127.0.0.1:3000/plans/HG-2023-BVCSTE/steps/I01.5',
  ...over,
});

const common = {
  communeName: 'UBND xã Hà Giang',
  planNumber: '12/KH-UBND',
  planTitle: 'Kế hoạch thực hiện Chương trình công tác bảo vệ, chăm sóc trẻ em năm 2023',
  recipientName: 'Lý Thị P (Chuyên viên theo dõi công tác trẻ em, Phòng LĐTB&XH huyện)',
  date: '24/04/2023',
  weekday: 'Thứ Hai',
  statusUrl: 'http://127.0.0.1:3000/plans/HG-2023-BVCSTE',
};

const weekly: MailVars['plan-digest-weekly'] = {
  ...common,
  week: '2023-W17',
  total: 14,
  percentComplete: '71,4',
  buckets: (['completed_on_time', 'completed_late', 'open_on_time', 'open_overdue'] as const).map((b, i) => ({
    label: viLabels().buckets[b],
    count: [9, 1, 1, 3][i],
  })),
  submittedLabel: viLabels().states.submitted,
  submitted: 1,
  returnedLabel: viLabels().states.returned,
  returned: 1,
  overdueCount: 2,
  digestRungCount: 1,
  overdue: [
    line(),
    line({
      stepId: 'I01.4-thon_10',
      title: 'Kế hoạch thực hiện cấp thôn',
      assigneeTitle: 'Trưởng thôn',
      unitName: 'Thôn Đồng Tâm',
      workingDaysLate: 6,
      digestRung: false,
    }),
  ],
  dueSoonCount: 1,
  dueSoonUntil: '30/04/2023',
  dueSoon: [
    line({
      stepId: 'I04.1',
      title: 'Rà soát danh sách trẻ em có HCĐB và có nguy cơ',
      dueDate: '28/04/2023',
      workingDaysLate: 0,
      digestRung: false,
    }),
  ],
};

const daily: MailVars['plan-digest-daily'] = {
  ...common,
  recipientName: 'Trưởng thôn Thôn Hạ',
  date: '11/04/2023',
  weekday: 'Thứ Ba',
  reminderCount: 2,
  reminders: [
    {
      ...line({
        stepId: 'I01.4-thon_07',
        title: 'Kế hoạch thực hiện cấp thôn',
        workingDaysLate: 0,
        digestRung: false,
        dueDate: '14/04/2023',
      }),
      dueToday: false,
      workingDaysLeft: 3,
    },
    {
      ...line({
        stepId: 'I06.1-thon_07',
        title: 'Kiểm tra điểm có nguy cơ đuối nước',
        workingDaysLate: 0,
        digestRung: false,
        dueDate: '11/04/2023',
        dueWeekday: 'Thứ Ba',
      }),
      dueToday: true,
      workingDaysLeft: 0,
    },
  ],
  overdueCount: 1,
  overdue: [line({ stepId: 'I01.3', workingDaysLate: 5 })],
};

describe('the weekly digest to the monitoring body', () => {
  const m = renderMail('plan-digest-weekly', weekly);

  it('says in its subject which plan, how far it is and how much is overdue, on which day', () => {
    expect(m.subject).toBe('[Tổng hợp tuần] Kế hoạch số 12/KH-UBND: hoàn thành 71,4%, 2 nội dung quá hạn (Thứ Hai, 24/04/2023)');
  });

  it('names a plan not yet numbered by its title, never by the placeholder number', () => {
    const unnumbered = renderMail('plan-digest-weekly', { ...weekly, planNumber: '__/KH-UBND' });
    expect(unnumbered.subject).toBe(`[Tổng hợp tuần] ${weekly.planTitle}: hoàn thành 71,4%, 2 nội dung quá hạn (Thứ Hai, 24/04/2023)`);
    expect(unnumbered.text).not.toContain('__/KH-UBND');
    expect(unnumbered.html).not.toContain('__/KH-UBND');
    expect(unnumbered.text.trimEnd().split('\n').at(-1)).toBe(`UBND xã Hà Giang · ${weekly.planTitle}`);
  });

  it('counts the four official buckets and the steps waiting for approval or returned, with the app’s labels', () => {
    for (const l of [
      '- hoàn thành đúng hạn: 9',
      '- hoàn thành quá hạn: 1',
      '- chưa hoàn thành trong hạn: 1',
      '- chưa hoàn thành quá hạn: 3',
      '- chờ duyệt: 1',
      '- bị trả lại: 1',
    ]) {
      expect(m.text).toContain(l);
    }
    expect(m.text).toContain('Kính gửi Lý Thị P (Chuyên viên theo dõi công tác trẻ em, Phòng LĐTB&XH huyện)');
    expect(m.text).toContain('14 nội dung, đã hoàn thành 71,4%');
  });

  it('lists the overdue steps with assignee, unit and working days late, marking those at the monitoring body’s rung', () => {
    expect(m.text).toContain(
      '- [Báo cáo] I01.5 – Dự toán kinh phí thực hiện kế hoạch; Công chức Tài chính - kế toán; hạn Thứ Sáu, 07/04/2023; quá hạn 11 ngày làm việc',
    );
    expect(m.text).toContain(
      '- I01.4-thon_10 – Kế hoạch thực hiện cấp thôn; Trưởng thôn, Thôn Đồng Tâm; hạn Thứ Sáu, 07/04/2023; quá hạn 6 ngày làm việc',
    );
    expect(m.text).toContain('(2, trong đó 1 đã đến mức báo cáo cơ quan theo dõi)');
    expect(m.text).toContain('Nội dung đến hạn từ 24/04/2023 đến 30/04/2023 (1)');
    expect(m.text).toContain(
      '- I04.1 – Rà soát danh sách trẻ em có HCĐB và có nguy cơ; Công chức Tài chính - kế toán; hạn Thứ Sáu, 28/04/2023',
    );
    expect(m.html).toContain(`<a href="${common.statusUrl}">`);
    expect(m.text.trimEnd().split('\n').at(-1)).toBe('UBND xã Hà Giang · Kế hoạch số 12/KH-UBND');
  });

  it('says so when nothing is overdue or due', () => {
    const quiet = renderMail('plan-digest-weekly', {
      ...weekly,
      overdueCount: 0,
      digestRungCount: 0,
      overdue: [],
      dueSoonCount: 0,
      dueSoon: [],
    });
    expect(quiet.text).toContain('Không có nội dung quá hạn.');
    expect(quiet.text).toContain('Không có nội dung đến hạn.');
  });

  it('fails to render without a variable it uses (strict), also inside a list', () => {
    const { statusUrl: _s, ...noUrl } = weekly;
    expect(() => renderMail('plan-digest-weekly', noUrl as never)).toThrow(/statusUrl/);
    const { assigneeTitle: _a, ...noTitle } = line();
    expect(() => renderMail('plan-digest-weekly', { ...weekly, overdue: [noTitle as never] })).toThrow(/assigneeTitle/);
  });
});

describe('the daily digest of a person', () => {
  const m = renderMail('plan-digest-daily', daily);

  it('lists the reminders of the day, saying which are due today, and the overdue steps', () => {
    expect(m.subject).toBe('[Việc trong ngày] Thứ Ba, 11/04/2023: 2 việc cần nhắc, 1 việc quá hạn (Kế hoạch số 12/KH-UBND)');
    expect(m.text).toContain('Kính gửi Trưởng thôn Thôn Hạ');
    expect(m.text).toContain('- I01.4-thon_07 – Kế hoạch thực hiện cấp thôn: còn 3 ngày làm việc (hạn Thứ Sáu, 14/04/2023)');
    expect(m.text).toContain('- I06.1-thon_07 – Kiểm tra điểm có nguy cơ đuối nước: hôm nay là hạn (hạn Thứ Ba, 11/04/2023)');
    expect(m.text).toContain('- I01.3 – Dự toán kinh phí thực hiện kế hoạch: hạn Thứ Sáu, 07/04/2023, đã quá 5 ngày làm việc');
    expect(m.html).toContain(`<a href="${line().stepUrl}">`);
  });

  it('leaves out a section with nothing in it', () => {
    const onlyReminders = renderMail('plan-digest-daily', { ...daily, overdueCount: 0, overdue: [] });
    expect(onlyReminders.text).not.toContain('Quá hạn');
    expect(onlyReminders.text).toContain('Nhắc việc (2)');
  });
});
