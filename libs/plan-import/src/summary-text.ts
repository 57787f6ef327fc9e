import { formatViDate } from '#libs/domain/src/index.js';
import type { CompareReport } from './compare.js';
import type { ImportSummary } from './draft.js';
import type { PlanImportError } from './read-document.js';

/** The Vietnamese labels of the import summary (libs/mail/templates/vi.json, "planImport"). */
export interface ImportLabels {
  [key: string]: string | Record<string, string>;
  errors: Record<string, string>;
}

const fill = (text: string, vars: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
const viWhen = (when: string) =>
  when
    .replace(/\d{4}-\d{2}-\d{2}/g, (d) => formatViDate(d))
    .replace('..', '–')
    .replace(/^lunar (\d{2})-(\d{2})$/, '$2/$1 âm lịch');

/** The summary of an import for a person: what was found, what needs a person; one line each. */
export function importSummaryLines(s: ImportSummary, l: ImportLabels): string[] {
  const t = (k: string, vars: Record<string, string | number> = {}) => fill(l[k] as string, vars);
  const out = [
    t('read', { file: s.file, title: s.title ?? (l.unknown as string) }),
    t('heading', {
      number: s.number ?? (l.unknown as string),
      issuer: s.issuer ?? (l.unknown as string),
      issuedOn: s.issuedOn ? formatViDate(s.issuedOn) : (l.unknown as string),
    }),
    t('signer', { signer: s.signer ?? (l.unknown as string) }),
    ...s.sections.map((x) => t('section', { numeral: x.numeral, label: x.label, n: x.activities })),
    t('counts', { bases: s.legalBases, recipients: s.recipients, items: s.items, steps: s.steps, roles: s.roles.length }),
    ...s.events.map((e) => t('event', { name: e.name, source: e.source, when: e.when === 'TODO' ? 'TODO' : viWhen(e.when) })),
    ...s.removedPageNumbers.map((p) => t('pageNumber', { line: p.line, text: p.text })),
    ...s.fixedLabels.map((f) => t('fixedLabel', { line: f.line, written: f.written })),
    t('todos', { n: s.todos.length }),
    // Each TODO as the validator reports it (its reason is the importer's, in Vietnamese).
    ...s.todoDiagnostics.map((d) => `  ${d.file}:${d.line}:${d.col}: ${d.message}`),
  ];
  return out;
}

export function importErrorLine(e: PlanImportError, l: ImportLabels): string {
  return fill(l.failed as string, {
    file: e.file,
    line: e.line,
    col: e.col,
    reason: l.errors[e.code] !== undefined ? fill(l.errors[e.code], e.vars) : e.detail,
  });
}

export function compareLines(r: CompareReport, file: string, l: ImportLabels): string[] {
  const pct = r.roleChecked ? Math.round((100 * r.roleAgreed) / r.roleChecked) : 0;
  return [
    fill(l.compare as string, {
      file,
      covered: r.shippedCovered,
      shipped: r.shippedItems,
      agreed: r.roleAgreed,
      checked: r.roleChecked,
      pct,
    }),
    ...r.roles.map((x) =>
      fill(l.compareRole as string, {
        id: x.id,
        section: x.section,
        role: x.role ?? 'TODO',
        mark: x.agrees ? '✓' : '✗',
        expected: x.expected.join(', '),
      }),
    ),
    fill(l.compareLost as string, { n: r.lost.length, sections: r.lost.join(', ') || '—' }),
    fill(l.compareTwice as string, {
      n: r.twice.length,
      items: r.twice.map((t) => `${t.section}: ${t.draftIds.join(', ')}`).join('; ') || '—',
    }),
    fill(l.compareApproval as string, {
      agreed: r.approvalAgreed,
      n: r.approvalSections,
      items:
        r.approvals
          .filter((x) => x.draftSteps.length)
          .map((x) => `${x.section}: ${x.draftSteps.join(', ')} ↔ ${x.shippedSteps.join(', ')}`)
          .join('; ') || '—',
    }),
  ];
}
