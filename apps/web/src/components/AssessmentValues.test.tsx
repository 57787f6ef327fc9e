import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Providers } from '../App';
import { indicatorErrors, parseTyped, typedValue } from '../lib/assessment';
import { AssessmentValues, type Assessment } from './AssessmentValues';

const score = {
  setId: 'qd-06-2019',
  communeClass: 'ordinary' as const,
  passMark: 850,
  total: 65,
  maxTotal: 1000,
  passed: false,
  criteria: [
    {
      no: 6,
      title: 'Trẻ em có hoàn cảnh đặc biệt được trợ giúp',
      points: 50,
      maxPoints: 75,
      zero: false,
      indicators: [
        { id: '6.1', title: 'Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp', value: 96, points: 50, maxPoints: 75, missing: false },
      ],
    },
    {
      no: 1,
      title: 'Chỉ đạo, điều hành',
      points: 15,
      maxPoints: 80,
      zero: false,
      indicators: [
        { id: '1.1', title: 'Có chỉ tiêu về trẻ em trong nghị quyết', value: true, points: 15, maxPoints: 50, missing: false },
        { id: '1.2', title: 'Kế hoạch bảo vệ trẻ em hằng năm', value: null, points: 0, maxPoints: 15, missing: true },
      ],
    },
  ],
  zeroCriteria: [],
  missingIndicators: ['1.2'],
  reasons: ['Tổng điểm 65 thấp hơn mức đạt 850.'],
};

const assessment = (): Assessment =>
  ({
    planId: 'HG-2023',
    assessmentId: 'DG2024',
    unitId: 'xa_a',
    unitName: 'Xã Thuận Hòa',
    year: 2024,
    criteriaSet: { id: 'qd-06-2019', decision: { ref: '06/QĐ-TTg', date: '2019-01-03', title: 'Quyết định 06' } },
    communeClass: 'ordinary',
    values: { '6.1': 96.5, '1.1': true },
    version: 3,
    score,
    unverified: ['1.2'],
    units: { '6.1': '%', '1.1': 'yes_no', '1.2': 'yes_no' },
    submittedScore: null,
    evidence: [
      {
        indicatorId: '6.1',
        completed: [
          {
            stepId: 'I04.1',
            specStepId: 'I04.1',
            title: 'Rà soát trẻ em có hoàn cảnh đặc biệt',
            assignee: 'officer',
            unitId: null,
            state: 'completed',
            bucket: 'completed_on_time',
            dueDate: '2024-03-29',
            files: 1,
          },
        ],
        open: [],
        attached: [],
        missing: false,
      },
      { indicatorId: '1.2', completed: [], open: [], attached: [], missing: true },
    ],
    previous: null,
    step: null,
  }) as unknown as Assessment;

function renderIt(props: Partial<Parameters<typeof AssessmentValues>[0]> = {}) {
  return render(
    <Providers>
      <AssessmentValues assessment={assessment()} editable {...props} />
    </Providers>,
  );
}

afterEach(cleanup);

describe('the self-assessment table', () => {
  it('shows per criterion its points and per indicator the value, points, evidence by names and dates, what is missing', () => {
    renderIt({ editable: false });
    const c6 = document.querySelector('[data-criterion="6"]') as HTMLElement;
    expect(within(c6).getByText('Tiêu chí 6: Trẻ em có hoàn cảnh đặc biệt được trợ giúp')).toBeTruthy();
    expect(c6.querySelector('[data-criterion-points]')?.textContent).toBe('50/75 điểm');
    expect(c6.querySelector('[data-points="6.1"]')?.textContent).toBe('50/75 điểm');
    const i61 = c6.querySelector('[data-indicator="6.1"]') as HTMLElement;
    expect(i61.querySelector('[data-value="6.1"]')?.textContent).toBe('96,5 %');
    expect(i61.textContent).toContain('Đã có từ kế hoạch: Rà soát trẻ em có hoàn cảnh đặc biệt (hạn 29/03/2024)');
    const i12 = document.querySelector('[data-indicator="1.2"]') as HTMLElement;
    expect(i12.querySelector('[data-missing]')?.textContent).toBe('còn thiếu');
    expect(i12.textContent).toContain('cần đối chiếu');
    expect(i12.querySelector('[data-value="1.2"]')?.textContent).toBe('(chưa có)');
    expect(document.querySelector('[data-value="1.1"]')?.textContent).toBe('Có');
    expect(screen.queryByRole('button', { name: 'Lưu số liệu' })).toBeNull();
  });

  it("sends only the changed values, as the API takes them, and shows the API's message under the indicator it names", async () => {
    const onSave = vi.fn();
    const { rerender } = renderIt({ onSave });
    const field = screen.getByLabelText('Chỉ tiêu 6.1: Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp') as HTMLInputElement;
    expect(field.value).toBe('96,5');
    fireEvent.change(field, { target: { value: '150' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu số liệu' }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0][0]).toEqual({ '6.1': 150 });
    rerender(
      <Providers>
        <AssessmentValues
          assessment={assessment()}
          editable
          onSave={onSave}
          errors={indicatorErrors({ 'values.6.1': 'phải từ 0 đến 100 (%)' })}
        />
      </Providers>,
    );
    expect(document.querySelector('[data-error-for="6.1"]')?.textContent).toBe('phải từ 0 đến 100 (%)');
    expect(document.querySelector('[data-error-for="1.1"]')).toBeNull();
  });

  it('reads typed values as people write them', () => {
    expect(parseTyped('98,5')).toBe(98.5);
    expect(parseTyped(' ')).toBeNull();
    expect(parseTyped('co')).toBe(true);
    expect(parseTyped('khong')).toBe(false);
    expect(parseTyped('nhiều')).toBe('nhiều');
    expect(typedValue(98.5)).toBe('98,5');
    expect(typedValue(false)).toBe('khong');
    expect(indicatorErrors({ 'values.7.1': 'x', body: 'y' })).toEqual({ '7.1': 'x' });
  });
});
