import type { AssessmentRow, PlanRow } from '#libs/database/src/index.js';
import {
  assessmentYearWarning,
  formatViDate,
  planReference,
  getCriteriaSet,
  type AssessmentScore,
  type CommuneClass,
} from '#libs/domain/src/index.js';
import { fill, vi } from '../i18n/vi.js';
import { documentFrame, type ReportBlock, type ResultReport } from '../reports/result-report.js';
import type { IndicatorEvidence } from './assessments.service.js';

export const DOSSIER_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const dossierFileName = (a: Pick<AssessmentRow, 'assessmentId' | 'year'>) => `ho-so-xa-phu-hop-voi-tre-em-${a.year}.docx`;

export interface DossierInput {
  plan: PlanRow;
  assessment: AssessmentRow;
  score: AssessmentScore;
  evidence: IndicatorEvidence[];
  /** The dossier's date (plan time, local). */
  date: string;
}

const shown = (v: number | boolean | null | undefined, unit: string) =>
  v === null || v === undefined
    ? vi.assessment.noValue
    : typeof v === 'boolean'
      ? v
        ? vi.assessment.yes
        : vi.assessment.no
      : `${v.toLocaleString('vi-VN')}${unit === '%' ? '%' : ''}`;

/**
 * The recognition dossier as data, in the administrative form of NĐ 30/2020: the request letter (Tờ trình) with the
 * computed total, what is missing and the request, signed as the plan is; the self-assessment table (every criterion
 * and indicator with its value, maximum and computed points, and its evidence) as the appendix. Pure.
 * While the points of some criteria are not confirmed from the decision's text (score.provisional) there is no Tờ trình:
 * the same content comes as a report of a provisional self-assessment (tạm tính) naming those criteria, with no request.
 */
export function assessmentDossier({ plan, assessment: a, score, evidence, date }: DossierInput): ResultReport {
  const t = vi.assessment;
  const r = vi.report;
  const spec = plan.spec;
  const set = getCriteriaSet(a.criteriaSet);
  const commune = spec.issuer.name;
  const { monitorName, chairman: _chairman, ...frame } = documentFrame(spec, date);
  const monitor = monitorName ?? '';
  const decision = `Quyết định số ${set.decision.ref}`;
  const vars = {
    commune,
    year: a.year,
    monitor,
    decision,
    decisionDate: formatViDate(set.decision.date),
    planRef: planReference(plan.number),
  };
  const byId = new Map(evidence.map((e) => [e.indicatorId, e]));
  const titles = new Map(set.criteria.flatMap((c) => c.indicators.map((i) => [i.id, i.title] as const)));

  const body: ReportBlock[] = [
    { kind: 'paragraph', text: fill(t.addressee, vars) },
    { kind: 'paragraph', text: fill(t.basis, vars) },
    { kind: 'heading', text: t.resultHeading },
    {
      kind: 'paragraph',
      text: fill(t.total, {
        total: score.total,
        maxTotal: score.maxTotal,
        nonZero: score.criteria.length - score.zeroCriteria.length,
        criteria: score.criteria.length,
        classLabel: t.classLabels[a.communeClass as CommuneClass] ?? a.communeClass,
        passMark: score.passMark,
      }),
    },
    { kind: 'paragraph', text: score.passed ? fill(t.passed, vars) : fill(t.failed, { ...vars, reasons: score.reasons.join('; ') }) },
    ...(score.provisional
      ? [{ kind: 'paragraph' as const, text: fill(t.provisional, { ...vars, criteria: score.unconfirmedCriteria.join(', ') }) }]
      : []),
    ...[assessmentYearWarning(set, a.year)]
      .filter((w): w is string => !!w)
      .map((w) => ({ kind: 'paragraph' as const, text: `${t.warningHeading}: ${w}` })),
    { kind: 'heading', text: t.zeroHeading },
  ];
  const missing = evidence.filter((e) => e.missing);
  if (!missing.length && !score.zeroCriteria.length) body.push({ kind: 'paragraph', text: t.zeroNone });
  for (const e of missing) {
    const why = [
      a.values[e.indicatorId] === undefined || a.values[e.indicatorId] === null ? t.missingValue : t.missingEvidence,
      ...(e.open.length ? [fill(t.openSteps, { steps: [...new Set(e.open.map((s) => `${s.specStepId} ${s.title}`))].join(', ') })] : []),
    ].join(', ');
    body.push({ kind: 'listItem', text: fill(t.missingLine, { id: e.indicatorId, title: titles.get(e.indicatorId) ?? '', why }) });
  }
  body.push(
    { kind: 'heading', text: t.requestHeading },
    { kind: 'paragraph', text: fill(score.provisional ? t.requestProvisional : score.passed ? t.request : t.requestFailed, vars) },
  );
  const unverified = set.criteria.flatMap((c) => c.indicators.filter((i) => i.verify || c.verify).map((i) => i.id));
  if (unverified.length) body.push({ kind: 'paragraph', text: fill(vi.web.assessment.unverifiedNote, { n: unverified.length }) });

  const rows: (string | number)[][] = [];
  for (const c of score.criteria) {
    rows.push([c.no, fill(t.criterionRow, { no: c.no, title: c.title }), '', c.maxPoints, c.points, '']);
    for (const i of c.indicators) {
      const e = byId.get(i.id);
      const proof = e
        ? [
            e.completed.length ? fill(t.evidenceSteps, { n: e.completed.length }) : '',
            e.attached.length ? fill(t.evidenceAttached, { n: e.attached.length }) : '',
          ]
            .filter(Boolean)
            .join('; ') || t.evidenceNone
        : t.evidenceNone;
      const unit = set.criteria.find((x) => x.no === c.no)?.indicators.find((x) => x.id === i.id)?.unit ?? '';
      rows.push([i.id, i.title, shown(i.value, unit), i.maxPoints, i.points, proof]);
    }
  }
  rows.push(['', t.totalRow, '', score.maxTotal, score.total, '']);

  return {
    issuer: frame.issuer,
    numberLine: score.provisional ? t.provisionalNumberLine : t.numberLine,
    nationalName: frame.nationalName,
    motto: frame.motto,
    placeDate: frame.placeDate,
    kind: score.provisional ? t.provisionalKind : t.kind,
    title: fill(score.provisional ? t.provisionalTitle : t.title, vars),
    period: fill(t.period, vars),
    body,
    recipients: {
      title: r.recipientsTitle,
      lines: [...(monitor ? [fill(r.recipientUp, { name: monitor }).replace('(b/c)', '(thẩm định)')] : []), r.recipientArchive],
    },
    signature: frame.signature,
    appendix: {
      title: fill(t.appendixTitle, vars),
      subtitle: fill(t.appendixSubtitle, vars),
      note: fill(score.provisional ? t.provisionalAppendixNote : t.appendixNote, { ...vars, date: formatViDate(date) }),
      header: t.header,
      rows,
      widths: [800, 6200, 1700, 1300, 1500, 3000],
      centred: [0, 2, 3, 4],
    },
  };
}
