import type ExcelJSType from 'exceljs';
import type { StepRow } from '#libs/database/src/index.js';
import {
  bucketOf,
  formatViDate,
  latenessOf,
  type Lateness,
  type PlanSpec,
  type StepBucket,
  type WorkingCalendar,
} from '#libs/domain/src/index.js';
import { viLabels } from '#libs/mail/src/index.js';
import { vi } from '../i18n/vi.js';

/** A step's bucket and lateness at some plan instant. */
export interface StepStanding {
  bucket: StepBucket;
  late: Lateness;
}

/**
 * How a step stood at a plan instant `asOf` (end of a report period): done if its completion came by then, else open,
 * on time or overdue against its original due instant (an extension does not change the statistic).
 */
export function standingAt(s: StepRow, asOf: Date, cal: WorkingCalendar): StepStanding {
  if (s.state === 'cancelled') return { bucket: 'cancelled', late: { workingDays: 0, calendarDays: 0 } };
  const completedAt = s.completedAtPlan && new Date(s.completedAtPlan) <= asOf ? new Date(s.completedAtPlan) : null;
  return {
    bucket: bucketOf({ state: completedAt ? 'completed' : 'assigned', dueAt: new Date(s.dueAtPlan), completedAt }, asOf),
    late: latenessOf(cal, s.dueDate, completedAt ?? asOf),
  };
}

/** How a step stands now, as the status API shows it: its stored bucket, lateness up to plan now. */
export const standingNow = (s: StepRow, planNow: Date, cal: WorkingCalendar): StepStanding => ({
  bucket: s.bucket,
  late: latenessOf(cal, s.dueDate, s.completedAtPlan ? new Date(s.completedAtPlan) : planNow),
});

export const assigneeName = (spec: PlanSpec, roleKey: string): string => spec.roles[roleKey]?.title ?? roleKey;

/** A step's unit by name; a step without a unit belongs to the plan's issuer (the commune). */
export const unitName = (spec: PlanSpec, unitId: string | null): string =>
  unitId ? (spec.orgUnits.find((u) => u.id === unitId)?.name ?? unitId) : spec.issuer.name;

export interface StepTableRow {
  no: number;
  stepId: string;
  title: string;
  assignee: string;
  unit: string;
  dueDate: string;
  standing: StepStanding;
}

/** The steps table (report appendix, CSV, XLSX): one row per step instance, in the order given. */
export const stepTable = (spec: PlanSpec, steps: StepRow[], standing: (s: StepRow) => StepStanding): StepTableRow[] =>
  steps.map((s, i) => ({
    no: i + 1,
    stepId: s.stepId,
    title: s.title,
    assignee: assigneeName(spec, s.assignee),
    unit: unitName(spec, s.unitId),
    dueDate: s.dueDate,
    standing: standing(s),
  }));

export const stepTableHeader = (): string[] => {
  const t = vi.stepTable;
  return [t.no, t.id, t.title, t.assignee, t.unit, t.due, t.bucket, t.lateWorkingDays];
};

/** The cells of a row as text and numbers; the due date dd/mm/yyyy. */
export const stepTableCells = (r: StepTableRow): (string | number)[] => [
  r.no,
  r.stepId,
  r.title,
  r.assignee,
  r.unit,
  formatViDate(r.dueDate),
  viLabels().buckets[r.standing.bucket],
  r.standing.late.workingDays,
];

export const csvField = (v: string | number): string => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** RFC 4180 CSV with a UTF-8 byte-order mark, so that Excel shows the diacritics. */
export const stepTableCsv = (rows: StepTableRow[]): string =>
  '\uFEFF' + [stepTableHeader(), ...rows.map(stepTableCells)].map((cells) => cells.map(csvField).join(',')).join('\r\n') + '\r\n';

/** The same table as an Excel workbook: due dates are dates shown dd/mm/yyyy, lateness a number. */
export async function stepTableXlsx(rows: StepTableRow[], title: string): Promise<Buffer> {
  // Loaded on the first export, not as the api starts.
  const ExcelJS = ((await import('exceljs')) as unknown as { default: typeof ExcelJSType }).default;
  const wb = new ExcelJS.Workbook();
  wb.title = title;
  const ws = wb.addWorksheet(vi.stepTable.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  const widths = [6, 16, 60, 40, 22, 14, 26, 12];
  ws.columns = stepTableHeader().map((header, i) => ({ header, width: widths[i] }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const cells = stepTableCells(r);
    ws.addRow([...cells.slice(0, 5), new Date(`${r.dueDate}T00:00:00Z`), ...cells.slice(6)]);
  }
  ws.getColumn(6).numFmt = 'dd/mm/yyyy';
  ws.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
