import { cleanup, render, screen, within } from '@testing-library/react';
import { Table } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkItem } from '../api/client';
import { Providers } from '../App';
import { daysLeftText, viDate } from '../lib/format';
import { BucketTag } from './BucketTag';
import { workColumns } from './WorkList';

const item = (over: Partial<WorkItem> = {}): WorkItem => ({
  planId: 'HG-2023',
  planNumber: '15/KH-UBND',
  planTitle: 'Kế hoạch bảo vệ trẻ em năm 2023',
  itemId: 'I01',
  itemTitle: 'Ban hành kế hoạch',
  stepId: 'I01.4-thon_03',
  title: 'Kế hoạch thực hiện cấp thôn',
  unitId: 'thon_03',
  unitName: 'Thôn Đông',
  state: 'assigned',
  bucket: 'open_overdue',
  assignee: { roleKey: 'village_head', title: 'Trưởng thôn', holders: ['Lò Văn Tư'] },
  approver: null,
  dueDate: '2023-04-14',
  workingDaysLeft: -2,
  rehearsal: true,
  planDate: '2023-04-18',
  returnReason: null,
  submission: null,
  actions: [],
  ...over,
});

/** The table as the page renders it, inside the app's providers (Vietnamese locale) and a router (its links). */
function renderTable(rows: WorkItem[]) {
  const router = createMemoryRouter([
    { path: '/', element: <Table rowKey="stepId" columns={workColumns(() => undefined)} dataSource={rows} pagination={false} /> },
  ]);
  return render(
    <Providers>
      <RouterProvider router={router} />
    </Providers>,
  );
}

afterEach(cleanup);

describe('the work table', () => {
  it('shows a step by names: plan number, item, step, village, the assignee title and holder, due dd/mm/yyyy, days late, the bucket tag', () => {
    renderTable([item()]);
    const row = screen.getByText('Kế hoạch thực hiện cấp thôn').closest('tr')!;
    const cells = within(row);
    expect(cells.getByRole('link', { name: '15/KH-UBND' }).getAttribute('href')).toBe('/ke-hoach/HG-2023');
    expect(cells.getByText('I01. Ban hành kế hoạch')).toBeTruthy();
    expect(cells.getByText('Thôn Đông')).toBeTruthy();
    expect(cells.getByText('Trưởng thôn – Lò Văn Tư')).toBeTruthy();
    expect(cells.getByText('14/04/2023')).toBeTruthy();
    expect(cells.getByText('quá hạn 2 ngày làm việc')).toBeTruthy();
    const tag = cells.getByText('Quá hạn chưa hoàn thành');
    expect(tag.getAttribute('data-bucket')).toBe('open_overdue');
    expect(tag.className).toContain('red');
    expect(row.textContent).not.toContain('village_head');
  });

  it('says in Vietnamese that the list is empty', () => {
    renderTable([]);
    // Ant Design's Vietnamese locale (vi_VN), not its English default "No data".
    expect(screen.getAllByText('Trống').length).toBeGreaterThan(0);
    expect(screen.queryByText('No data')).toBeNull();
  });
});

describe('formats', () => {
  it('writes dates dd/mm/yyyy and the time left in working days', () => {
    expect(viDate('2023-04-07')).toBe('07/04/2023');
    expect(daysLeftText(11)).toBe('còn 11 ngày làm việc');
    expect(daysLeftText(0)).toBe('hạn là hôm nay');
    expect(daysLeftText(-1)).toBe('quá hạn 1 ngày làm việc');
    expect(daysLeftText(null)).toBe('');
  });

  it('colours the four buckets apart', () => {
    const colours = ['open_on_time', 'open_overdue', 'completed_on_time', 'completed_late'].map((b) => {
      const { container } = render(<BucketTag bucket={b} />);
      return container.querySelector('.ant-tag')!.className;
    });
    expect(new Set(colours).size).toBe(4);
  });
});
