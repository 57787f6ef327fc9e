import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Form } from 'antd';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { Providers } from '../../App';
import { byPath, getAt, setAt, type Diagnostic, type Json } from '../../lib/draftModel';
import { EditorContext } from './fields';
import {
  chainNames,
  dayToMonthDay,
  DueAnchorFields,
  parseReminders,
  ReminderEscalationFields,
  stepPolicyProblems,
} from './StepPolicyFields';

const model: Json = {
  roles: { chairman: { title: 'Chủ tịch UBND xã' }, vice_chair_vhxh: { title: 'Phó Chủ tịch UBND xã' } },
  policies: {
    reminders_default: { before_wd: [-3, -1, 0] },
    escalation: {
      commune_officer: [
        { after_wd: 1, to: 'vice_chair_vhxh' },
        { after_wd: 3, to: 'chairman' },
        { after_wd: 5, to: 'monitoring_body', mode: 'digest' },
      ],
      village: [{ after_wd: 1, to: 'vice_chair_vhxh' }],
      approval: { approver: 'vice_chair_vhxh', sla_wd: 2, on_breach: { to: 'chairman' } },
    },
  },
  items: [
    { id: 'I01', title: 'Diễn đàn', steps: [{ id: 'I01.1', title: 'Tổ chức Diễn đàn trẻ em', assignee: 'chairman', due: '2026-06-20' }] },
    {
      id: 'I02',
      title: 'Kiến nghị',
      steps: [
        { id: 'I02.1', title: 'Tổng hợp kiến nghị', assignee: 'chairman', due: '2026-06-25', due_anchor: { step: 'I01.1', offset_wd: 3 } },
      ],
    },
  ],
};

afterEach(cleanup);

describe("the checks of a step's anchor, reminders and escalation (as plan validate checks them)", () => {
  it('accepts what the plan format accepts', () => {
    expect(stepPolicyProblems(model, 'items.1.steps.0')).toEqual({});
    expect(
      stepPolicyProblems(setAt(model, 'items.0.steps.0.due_anchor', { day: '11-30', rule: 'last_working_day' }), 'items.0.steps.0'),
    ).toEqual({});
    expect(
      stepPolicyProblems(setAt(model, 'items.0.steps.0.due_anchor', { event: 'mid_autumn', offset_wd: -5 }), 'items.0.steps.0'),
    ).toEqual({});
    expect(
      stepPolicyProblems(
        setAt(setAt(model, 'items.0.steps.0.reminders_wd', [-5, -1, 0]), 'items.0.steps.0.escalation', 'village'),
        'items.0.steps.0',
      ),
    ).toEqual({});
  });

  it('refuses, at the field and in Vietnamese, what the plan format refuses', () => {
    const p = (path: string, v: unknown) => stepPolicyProblems(setAt(model, `items.0.steps.0.${path}`, v), 'items.0.steps.0');
    expect(p('due_anchor', { day: '11-30', event: 'children_day' })).toEqual({
      'items.0.steps.0.due_anchor': 'Chọn đúng một trong ba: ngày cố định, sự kiện hoặc bước khác',
    });
    expect(p('due_anchor', { day: '02-30' })['items.0.steps.0.due_anchor.day']).toBe('Ngày không hợp lệ: viết ngày/tháng, ví dụ 30/11');
    expect(p('due_anchor', { step: 'I01.1', offset_wd: 121 })['items.0.steps.0.due_anchor.offset_wd']).toBe(
      'Số ngày làm việc là số nguyên từ -120 đến 120',
    );
    expect(p('due_anchor', { step: 'I01.1' })['items.0.steps.0.due_anchor.step']).toBe('Hạn của một bước không thể gắn với chính bước đó');
    expect(p('due_anchor', { step: 'I09.9' })['items.0.steps.0.due_anchor.step']).toBe('Không có bước I09.9 trong kế hoạch');
    expect(p('due_anchor', { event: 'tet' })['items.0.steps.0.due_anchor.event']).toBe('Cần chọn một sự kiện trong danh sách');
    expect(p('reminders_wd', [-3, 2])['items.0.steps.0.reminders_wd']).toBe('Mỗi lần nhắc là một số ngày làm việc trước hạn, từ 0 đến 60');
    expect(p('reminders_wd', [-61])['items.0.steps.0.reminders_wd']).toMatch(/từ 0 đến 60/);
    // The approval policy is no chain of rungs: a step cannot escalate by it.
    expect(p('escalation', 'approval')['items.0.steps.0.escalation']).toBe(
      'Không có chuỗi báo cáo cấp trên «approval» trong quy định của kế hoạch',
    );
  });

  it('reads a day as dd/mm and reminders as working days before the due date', () => {
    expect(dayToMonthDay('30/11')).toBe('11-30');
    expect(dayToMonthDay('29/2')).toBe('02-29');
    expect(dayToMonthDay('31/4')).toBeUndefined();
    expect(dayToMonthDay('30-11')).toBeUndefined();
    expect(parseReminders('3, 1, 0')).toEqual([-3, -1, 0]);
    expect(parseReminders('1 5')).toEqual([-5, -1]);
    expect(parseReminders('ba ngày')).toBeUndefined();
    expect(chainNames(model).map((c) => c.label)).toEqual([
      'commune_officer: sau 1 ngày làm việc → Phó Chủ tịch UBND xã; sau 3 ngày làm việc → Chủ tịch UBND xã; sau 5 ngày làm việc → cơ quan theo dõi (bản tổng hợp)',
      'village: sau 1 ngày làm việc → Phó Chủ tịch UBND xã',
    ]);
  });
});

/** The fields over a model kept in state, as the editor keeps it; `seen` gets the model after each change. */
function Editor({ diagnostics = [], seen }: { diagnostics?: Diagnostic[]; seen: Json[] }) {
  const [m, setM] = useState<Json>(model);
  const change = (path: string, v: unknown) => {
    const next = setAt(m, path, v);
    seen.push(next);
    setM(next);
  };
  return (
    <Providers>
      <EditorContext.Provider value={{ model: m, change, diagnostics: byPath(diagnostics), readOnly: false }}>
        <Form layout="vertical" component="div">
          <DueAnchorFields stepPath="items.1.steps.0" />
          <ReminderEscalationFields stepPath="items.1.steps.0" />
        </Form>
      </EditorContext.Provider>
    </Providers>
  );
}

const last = (seen: Json[], path: string) => getAt(seen.at(-1), path);

describe("the fields of a step's anchor, reminders and escalation", () => {
  it('shows what the step is tied to, and changes it to a fixed day typed dd/mm, told at the field when it is no day', () => {
    const seen: Json[] = [];
    render(<Editor seen={seen} />);
    expect((screen.getByLabelText('Số ngày làm việc sau (âm: trước)') as HTMLInputElement).value).toBe('3');
    expect(screen.getByText('I01.1 – Tổ chức Diễn đàn trẻ em')).toBeTruthy();
    // Another kind: a fixed day of the year; the offset is kept.
    fireEvent.mouseDown(screen.getByLabelText('Năm sau, hạn gắn với'));
    fireEvent.click(screen.getByText('Một ngày cố định trong năm'));
    expect(Object.keys(last(seen, 'items.1.steps.0.due_anchor') as Json).sort()).toEqual(['day', 'offset_wd']);
    expect(screen.getByText('Cần điền ngày (ngày/tháng, ví dụ 30/11)')).toBeTruthy();
    const day = screen.getByLabelText('Ngày trong năm (ngày/tháng)');
    fireEvent.change(day, { target: { value: '31/11' } });
    expect(screen.getByText('Ngày không hợp lệ: viết ngày/tháng, ví dụ 30/11').closest('[data-path]')?.getAttribute('data-path')).toBe(
      'items.1.steps.0.due_anchor.day',
    );
    fireEvent.change(day, { target: { value: '30/11' } });
    expect(last(seen, 'items.1.steps.0.due_anchor')).toEqual({ day: '11-30', offset_wd: 3 });
    expect(document.querySelector('[data-path="items.1.steps.0.due_anchor.day"]')?.className).not.toContain('ant-form-item-has-error');
    // Too many working days: told at once, before the server's check.
    fireEvent.change(screen.getByLabelText('Số ngày làm việc sau (âm: trước)'), { target: { value: '200' } });
    expect(screen.getByText('Số ngày làm việc là số nguyên từ -120 đến 120')).toBeTruthy();
    // Not tied: the anchor leaves the step.
    fireEvent.mouseDown(screen.getByLabelText('Năm sau, hạn gắn với'));
    fireEvent.click(screen.getByText('Không gắn: năm sau giữ ngày và tháng'));
    expect('due_anchor' in (last(seen, 'items.1.steps.0') as Json)).toBe(false);
  });

  it("writes reminders as working days before the due date, refuses words, and shows the server's check at its field", () => {
    const seen: Json[] = [];
    render(
      <Editor
        seen={seen}
        diagnostics={[{ path: 'items.1.steps.0.escalation', severity: 'error', message: 'chuỗi báo cáo không có trong quy định' }]}
      />,
    );
    const reminders = screen.getByLabelText('Nhắc việc trước hạn (số ngày làm việc, cách nhau dấu phẩy)') as HTMLInputElement;
    expect(reminders.placeholder).toBe('Theo mặc định của kế hoạch: 3, 1, 0');
    fireEvent.change(reminders, { target: { value: '5, 2, 0' } });
    expect(last(seen, 'items.1.steps.0.reminders_wd')).toEqual([-5, -2, 0]);
    fireEvent.change(reminders, { target: { value: 'hai ngày' } });
    expect(screen.getByText('Viết các số ngày làm việc trước hạn, ví dụ 3, 1, 0')).toBeTruthy();
    fireEvent.change(reminders, { target: { value: '' } });
    expect('reminders_wd' in (last(seen, 'items.1.steps.0') as Json)).toBe(false);
    expect(screen.getByText('chuỗi báo cáo không có trong quy định').closest('[data-path]')?.getAttribute('data-path')).toBe(
      'items.1.steps.0.escalation',
    );
    fireEvent.mouseDown(screen.getByLabelText('Báo cáo cấp trên khi quá hạn'));
    fireEvent.click(screen.getByText('village: sau 1 ngày làm việc → Phó Chủ tịch UBND xã'));
    expect(last(seen, 'items.1.steps.0.escalation')).toBe('village');
  });
});
