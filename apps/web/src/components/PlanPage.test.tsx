import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Providers } from '../App';
import { barOf, Gantt, ganttMonths, type GanttRow } from './Gantt';
import { filterSteps, PlanSteps, stepRows } from './PlanSteps';
import { lateText } from '../pages/MonitoringPage';

const step = (over: Partial<GanttRow['steps'][number]>): GanttRow['steps'][number] => ({
  stepId: 'I01.1',
  title: 'Dự thảo kế hoạch xã',
  startDate: '2023-03-01',
  dueDate: '2023-03-29',
  dueDateVi: '29/03/2023',
  extendedDueDate: null,
  state: 'assigned',
  stateLabel: 'Đã giao',
  bucket: 'open_overdue',
  display: 'open_overdue',
  displayLabel: 'Quá hạn chưa hoàn thành',
  assignee: { roleKey: 'culture_officer', title: 'Công chức Văn hóa - Xã hội', holders: ['Hoàng Văn E'] },
  village: null,
  ...over,
});

const rows: GanttRow[] = [
  {
    itemId: 'I01',
    title: 'Ban hành kế hoạch',
    steps: [
      step({}),
      step({
        stepId: 'I01.4-thon_03',
        title: 'Kế hoạch thực hiện cấp thôn',
        startDate: null,
        dueDate: '2023-05-15',
        display: 'completed_on_time',
        displayLabel: 'Hoàn thành đúng hạn',
        state: 'completed',
        assignee: { roleKey: 'village_head', title: 'Trưởng thôn', holders: [] },
        village: { id: 'thon_03', name: 'Thôn Tây' },
      }),
    ],
  },
  {
    itemId: 'I02',
    title: 'Tuyên truyền',
    steps: [
      step({
        stepId: 'I02.1',
        title: 'Tháng hành động vì trẻ em',
        startDate: '2023-06-01',
        dueDate: '2023-06-30',
        extendedDueDate: '2023-07-10',
        display: 'awaiting',
        displayLabel: 'Chờ duyệt',
        state: 'submitted',
      }),
    ],
  },
];

afterEach(cleanup);

describe('the Gantt of a plan', () => {
  it('spans the months of every start, due, extended date and today, labelled T<month>/<year>', () => {
    expect(ganttMonths(rows).labels).toEqual(['T3/2023', 'T4/2023', 'T5/2023', 'T6/2023', 'T7/2023']);
    expect(ganttMonths(rows, '2023-09-02').labels.at(-1)).toBe('T9/2023');
    expect(ganttMonths([]).labels).toEqual([]);
  });

  it('puts a bar from its start to the end of its (extended) due day; without a start, on its due day', () => {
    const { first } = ganttMonths(rows);
    const first0 = barOf(rows[0].steps[0], first);
    expect(first0.from).toBe(0);
    expect(first0.to).toBeCloseTo(29 / 31);
    const noStart = barOf(rows[0].steps[1], first);
    expect(noStart.from).toBeCloseTo(2 + 14 / 31);
    expect(noStart.to).toBeCloseTo(2 + 15 / 31);
    const extended = barOf(rows[1].steps[0], first);
    expect(extended.from).toBeCloseTo(3);
    expect(extended.to).toBeCloseTo(4 + 10 / 31);
  });

  it('shows items and steps by name, bars coloured by what a person sees, and opens a step', () => {
    const open = vi.fn();
    render(
      <Providers>
        <Gantt rows={rows} today="2023-04-10" onOpen={open} />
      </Providers>,
    );
    const region = screen.getByRole('region', { name: /Gantt/ });
    expect(region.getAttribute('tabindex')).toBe('0');
    expect(within(region).getByText('I01. Ban hành kế hoạch')).toBeTruthy();
    const village = region.querySelector('[data-gantt-step="I01.4-thon_03"]')!;
    expect(village.textContent).toContain('Thôn Tây');
    const bar = village.querySelector('[data-bar]') as HTMLElement;
    expect(bar.getAttribute('data-bar')).toBe('completed_on_time');
    expect(bar.style.background).toBe('rgb(35, 120, 4)');
    expect(bar.getAttribute('aria-label')).toBe('Kế hoạch thực hiện cấp thôn (Thôn Tây): hạn 15/05/2023, Hoàn thành đúng hạn, Trưởng thôn');
    expect(region.querySelector('[data-gantt-step="I01.1"] [data-bar]')!.getAttribute('aria-label')).toContain(
      '01/03/2023 – 29/03/2023, Quá hạn chưa hoàn thành, Công chức Văn hóa - Xã hội – Hoàng Văn E',
    );
    expect(region.querySelectorAll('[data-month]')).toHaveLength(5);
    expect(region.querySelector('[data-today]')).toBeTruthy();
    expect(region.textContent).not.toContain('culture_officer');
    fireEvent.click(within(region).getByText('Tháng hành động vì trẻ em'));
    expect(open).toHaveBeenCalledWith('I02.1');
  });
});

describe('the steps table of a plan', () => {
  it('searches with or without accents and filters by item, village and status', () => {
    const all = stepRows(rows);
    expect(all.map((s) => s.itemTitle)).toEqual(['Ban hành kế hoạch', 'Ban hành kế hoạch', 'Tuyên truyền']);
    expect(filterSteps(all, { q: 'thon tay' }).map((s) => s.stepId)).toEqual(['I01.4-thon_03']);
    expect(filterSteps(all, { q: 'Hoàng Văn' }).map((s) => s.stepId)).toEqual(['I01.1', 'I02.1']);
    expect(filterSteps(all, { q: '', item: 'I02' }).map((s) => s.stepId)).toEqual(['I02.1']);
    expect(filterSteps(all, { q: '', village: 'thon_03' }).map((s) => s.stepId)).toEqual(['I01.4-thon_03']);
    expect(filterSteps(all, { q: '', display: 'open_overdue' }).map((s) => s.stepId)).toEqual(['I01.1']);
    expect(filterSteps(all, { q: 'không có' })).toEqual([]);
  });

  it('pages 20 steps at a time and opens a step from its title', () => {
    const many: GanttRow[] = [
      {
        itemId: 'I03',
        title: 'Sinh hoạt',
        steps: Array.from({ length: 45 }, (_, i) => step({ stepId: `I03.1-${i}`, title: `Buổi sinh hoạt ${i + 1}` })),
      },
    ];
    const open = vi.fn();
    render(
      <Providers>
        <PlanSteps gantt={many} onOpen={open} />
      </Providers>,
    );
    expect(document.querySelectorAll('tr[data-step]')).toHaveLength(20);
    expect(screen.getByText('45 / 45 việc')).toBeTruthy();
    expect(screen.getByTitle('3')).toBeTruthy(); // the third page
    fireEvent.click(screen.getByText('Buổi sinh hoạt 2'));
    expect(open).toHaveBeenCalledWith('I03.1-1');
    expect(screen.getAllByText('Công chức Văn hóa - Xã hội – Hoàng Văn E').length).toBe(20);
  });
});

describe('Giám sát', () => {
  it('says how late a step is in days and working days', () => {
    expect(lateText({ calendarDays: 12, workingDays: 8 })).toBe('12 ngày (8 ngày làm việc)');
  });
});
