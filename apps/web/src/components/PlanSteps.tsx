import { Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import type { Schemas } from '../api/client';
import { BUCKETS, viDate } from '../lib/format';
import { BucketTag } from './BucketTag';

type Dashboard = Schemas['PlanDashboard'];
export type PlanStepRow = Schemas['GanttStep'] & { itemId: string; itemTitle: string };

/** Every step of the dashboard's Gantt rows, with its item. */
export const stepRows = (gantt: Dashboard['gantt']): PlanStepRow[] =>
  gantt.flatMap((r) => r.steps.map((s) => ({ ...s, itemId: r.itemId, itemTitle: r.title })));

const who = (s: PlanStepRow) => (s.assignee.holders.length ? `${s.assignee.title} – ${s.assignee.holders.join(', ')}` : s.assignee.title);
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();

export interface StepFilters {
  q: string;
  item?: string;
  village?: string;
  display?: string;
}

/** The rows matching the search (title, item, village, assignee; with or without Vietnamese accents) and the filters. */
export function filterSteps(rows: PlanStepRow[], f: StepFilters): PlanStepRow[] {
  const words = fold(f.q).split(/\s+/).filter(Boolean);
  return rows.filter((s) => {
    if (f.item && s.itemId !== f.item) return false;
    if (f.village && s.village?.id !== f.village) return false;
    if (f.display && s.display !== f.display) return false;
    const text = fold(`${s.stepId} ${s.title} ${s.itemId} ${s.itemTitle} ${s.village?.name ?? ''} ${who(s)}`);
    return words.every((w) => text.includes(w));
  });
}

/**
 * The plan's steps as a table: search, filters by item, village and status, sorting by due date, item or status,
 * 20 to a page; a step's title opens it.
 */
export function PlanSteps({ gantt, onOpen, compact }: { gantt: Dashboard['gantt']; onOpen: (stepId: string) => void; compact?: boolean }) {
  const rows = useMemo(() => stepRows(gantt), [gantt]);
  const [f, setF] = useState<StepFilters>({ q: '' });
  const [page, setPage] = useState(1);
  const set = (patch: Partial<StepFilters>) => {
    setF((old) => ({ ...old, ...patch }));
    setPage(1);
  };
  const shown = filterSteps(rows, f);
  const villages = [...new Map(rows.filter((s) => s.village).map((s) => [s.village!.id, s.village!.name])).entries()];
  const displays = [...new Set(rows.map((s) => s.display))];
  const columns: ColumnsType<PlanStepRow> = [
    {
      title: 'Việc',
      key: 'title',
      render: (_, s) => (
        <Space orientation="vertical" size={0}>
          <Typography.Link onClick={() => onOpen(s.stepId)} data-open-step>
            {s.title}
          </Typography.Link>
          {s.village && <Typography.Text type="secondary">{s.village.name}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: 'Nội dung',
      key: 'item',
      render: (_, s) => `${s.itemId}. ${s.itemTitle}`,
      sorter: (a, b) => a.itemId.localeCompare(b.itemId, 'vi', { numeric: true }),
      ellipsis: true,
    },
    { title: 'Người thực hiện', key: 'assignee', render: (_, s) => who(s) },
    {
      title: 'Hạn',
      key: 'due',
      render: (_, s) => <span data-due>{viDate(s.extendedDueDate ?? s.dueDate)}</span>,
      sorter: (a, b) => (a.extendedDueDate ?? a.dueDate).localeCompare(b.extendedDueDate ?? b.dueDate),
      width: 110,
    },
    {
      title: 'Trạng thái',
      key: 'display',
      render: (_, s) => <BucketTag bucket={s.display} />,
      sorter: (a, b) => a.displayLabel.localeCompare(b.displayLabel, 'vi'),
    },
  ];
  return (
    <>
      <Space wrap style={{ marginBottom: 12, width: '100%' }} data-step-filters>
        <Input.Search
          placeholder="Tìm theo tên việc, nội dung, thôn, người thực hiện"
          aria-label="Tìm việc trong kế hoạch"
          allowClear
          onSearch={(q) => set({ q })}
          onChange={(e) => e.target.value === '' && set({ q: '' })}
          style={{ width: compact ? '100%' : 340 }}
        />
        <Select
          allowClear
          placeholder="Nội dung"
          aria-label="Lọc theo nội dung"
          style={{ minWidth: 200 }}
          options={gantt.map((r) => ({ value: r.itemId, label: `${r.itemId}. ${r.title}` }))}
          value={f.item}
          onChange={(item) => set({ item })}
        />
        {villages.length > 0 && (
          <Select
            allowClear
            placeholder="Thôn"
            aria-label="Lọc theo thôn"
            style={{ minWidth: 140 }}
            options={villages.map(([value, label]) => ({ value, label }))}
            value={f.village}
            onChange={(village) => set({ village })}
          />
        )}
        <Select
          allowClear
          placeholder="Trạng thái"
          aria-label="Lọc theo trạng thái"
          style={{ minWidth: 200 }}
          options={displays.map((d) => ({ value: d, label: BUCKETS[d]?.label ?? d }))}
          value={f.display}
          onChange={(display) => set({ display })}
        />
        <Typography.Text type="secondary" data-step-count>
          {shown.length} / {rows.length} việc
        </Typography.Text>
      </Space>
      <Table<PlanStepRow>
        rowKey="stepId"
        size={compact ? 'small' : 'middle'}
        columns={columns}
        dataSource={shown}
        onRow={(s) => ({ 'data-step': s.stepId }) as React.HTMLAttributes<HTMLElement>}
        pagination={{ current: page, pageSize: 20, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 760 }}
      />
    </>
  );
}
