import { formatViDate } from '../../domain/src/index.js';
import type { CompareReport } from './compare.js';
import type { ImportSummary } from './draft.js';
import type { PlanImportError } from './read-document.js';

/** The Vietnamese labels of the import summary (libs/mail/templates/vi.json, "planImport"). */
export interface ImportLabels {
  [key: string]: string | Record<string, string>;
  errors: Record<string, string>;
}

const fill = (text: string, vars: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
const viWhen = (when: string) => when.replace(/\d{4}-\d{2}-\d{2}/g, (d) => formatViDate(d)).replace('..', '–').replace(/^lunar (\d{2})-(\d{2})$/, '$2/$1 âm lịch');

/** The summary of an import for a person: what was found, what needs a person; one line each. */
export function importSummaryLines(s: ImportSummary, l: ImportLabels): string[] {
  const t = (k: string, vars: Record<string, string | number> = {}) => fill(l[k] as string, vars);
  const out = [
    t('read', { file: s.file, title: s.title ?? (l.unknown as string) }),
    t('heading', { number: s.number ?? (l.unknown as string), issuer: s.issuer ?? (l.unknown as string), issuedOn: s.issuedOn ? formatViDate(s.issuedOn) : (l.unknown as string) }),
    t('signer', { signer: s.signer ?? (l.unknown as string) }),
    ...s.sections.map((x) => t('section', { numeral: x.numeral, label: x.label, n: x.activities })),
    t('counts', { bases: s.legalBases, recipients: s.recipients, items: s.items, steps: s.steps, roles: s.roles.length }),
    ...s.events.map((e) => t('event', { name: e.name, source: e.source, when: e.when === 'TODO' ? 'TODO' : viWhen(e.when) })),
    ...s.removedPageNumbers.map((p) => t('pageNumber', { line: p.line, text: p.text })),
    ...s.fixedLabels.map((f) => t('fixedLabel', { line: f.line, written: f.written })),
    t('todos', { n: s.todos.length }),
    ...s.todoDiagnostics.flatMap((d) => {
      const vi = todoReasonVi(d.message);
      return [`  ${d.file}:${d.line}:${d.col}: ${d.message}`, ...(vi ? [`      → ${vi}`] : [])];
    }),
  ];
  return out;
}

export function importErrorLine(e: PlanImportError, l: ImportLabels): string {
  return fill(l.failed as string, { file: e.file, line: e.line, col: e.col, reason: l.errors[e.code] !== undefined ? fill(l.errors[e.code], e.vars) : e.detail });
}

export function compareLines(r: CompareReport, file: string, l: ImportLabels): string[] {
  const pct = r.roleChecked ? Math.round((100 * r.roleAgreed) / r.roleChecked) : 0;
  return [
    fill(l.compare as string, { file, covered: r.shippedCovered, shipped: r.shippedItems, agreed: r.roleAgreed, checked: r.roleChecked, pct }),
    ...r.roles.map((x) => fill(l.compareRole as string, { id: x.id, section: x.section, role: x.role ?? 'TODO', mark: x.agrees ? '✓' : '✗', expected: x.expected.join(', ') })),
    fill(l.compareLost as string, { n: r.lost.length, sections: r.lost.join(', ') || '—' }),
    fill(l.compareTwice as string, { n: r.twice.length, items: r.twice.map((t) => `${t.section}: ${t.draftIds.join(', ')}`).join('; ') || '—' }),
    fill(l.compareApproval as string, { agreed: r.approvalAgreed, n: r.approvalSections, items: r.approvals.filter((x) => x.draftSteps.length).map((x) => `${x.section}: ${x.draftSteps.join(', ')} ↔ ${x.shippedSteps.join(', ')}`).join('; ') || '—' }),
  ];
}

/** The reasons the importer writes into its TODOs, in Vietnamese for the officer reading the summary. */
const TODO_REASONS_VI: [RegExp, string][] = [
  [/due date not given in the document \(([^)]+)\)/, 'văn bản không ghi thời hạn ($1)'],
  [/date of (.+) not given in the document \(([^)]+)\)/, 'văn bản không ghi ngày của $1 ($2)'],
  [/ambiguous responsible party "([^"]+)" \(([^)]+)\?\)/, 'chưa rõ ai chịu trách nhiệm: “$1” ($2?)'],
  [/responsible party not recognised: "([^"]+)" \(([^)]+)\)/, 'không nhận ra đơn vị chịu trách nhiệm: “$1” ($2)'],
  [/responsible party not given in the document \(([^)]+)\)/, 'văn bản không nêu đơn vị chịu trách nhiệm ($1)'],
  [/date of issue not complete in the document \((.*)\)/, 'ngày ban hành chưa đủ trong văn bản ($1)'],
  [/plan date a rehearsal starts at/, 'ngày bắt đầu khi chạy diễn tập (ví dụ ngày làm việc đầu tiên sau ngày ban hành)'],
  [/village names not given in the document/, 'văn bản không nêu tên các thôn: mỗi thôn một dòng (thon_01, thon_02, …)'],
  [/one address per village/, 'mỗi thôn một địa chỉ thư điện tử, "{nn}" là số thứ tự của thôn'],
  [/name of the monitoring officer/, 'họ tên cán bộ theo dõi của cơ quan cấp trên'],
  [/name of the holder/, 'họ tên người đảm nhiệm'],
  [/e-mail address/, 'địa chỉ thư điện tử'],
  [/purpose of "([^"]+)" not given/, 'chưa rõ gửi “$1” để làm gì (báo cáo / thực hiện / lưu…)'],
  [/kind of unit of recipient "([^"]+)"/, 'chưa rõ loại đơn vị của nơi nhận “$1”'],
  [/first month of the monthly work/, 'tháng bắt đầu của việc làm hằng tháng'],
  [/signature block not found/, 'không thấy phần chữ ký'],
  [/title not found/, 'không thấy tên kế hoạch'],
  [/year of the plan/, 'năm của kế hoạch'],
];

/** The Vietnamese reason of a TODO diagnostic, when the importer wrote it. */
export function todoReasonVi(message: string): string | undefined {
  for (const [re, vi] of TODO_REASONS_VI) {
    const m = re.exec(message);
    if (m) return m[0].replace(re, vi);
  }
  return undefined;
}
