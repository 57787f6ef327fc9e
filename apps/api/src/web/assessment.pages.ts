import { formatViDate, type CommuneClass } from '../../../../libs/domain/src/index.js';
import { viLabels } from '../../../../libs/mail/src/index.js';
import type { RequestAuth } from '../auth/session.js';
import type { AssessmentsService } from '../assessments/assessments.service.js';
import { fill, vi } from '../i18n/vi.js';
import { html, page, type Html } from './html.js';
import { siteNav } from './nav.js';

export type AssessmentView = Awaited<ReturnType<AssessmentsService['get']>>;
export type AssessmentOverview = Awaited<ReturnType<AssessmentsService['overview']>>;

const t = () => vi.web.assessment;
const planPath = (planId: string) => `/plans/${encodeURIComponent(planId)}`;
export const assessmentPath = (planId: string, assessmentId: string) => `${planPath(planId)}/danh-gia/${encodeURIComponent(assessmentId)}`;
const verdict = (s: { passed: boolean; provisional?: boolean }) =>
  html`<b class="${s.passed && !s.provisional ? 'notice' : 'error'}">${s.provisional ? `${t().provisional}: ` : ''}${s.passed ? t().passed : t().failed}</b>`;

/** Horizontal bars: each commune's total out of the maximum, with its pass mark as a tick. */
export function scoreBars(rows: { label: string; total: number; maxTotal: number; passMark: number; passed: boolean }[]): Html {
  const width = 640;
  const left = 200;
  const bar = 18;
  const gap = 8;
  const scale = (n: number, max: number) => Math.round(((width - left - 60) * n) / Math.max(1, max));
  const height = rows.length * (bar + gap) + 24;
  const items = rows.map((r, i) => {
    const y = 8 + i * (bar + gap);
    const w = scale(r.total, r.maxTotal);
    const mark = left + scale(r.passMark, r.maxTotal);
    return html`<g><text x="${left - 6}" y="${y + bar - 5}" text-anchor="end" font-size="12">${r.label}</text>
      <rect x="${left}" y="${y}" width="${w}" height="${bar}" fill="${r.passed ? '#2e9e4f' : '#d64541'}"><title>${r.label}: ${r.total}/${r.maxTotal}</title></rect>
      <line x1="${mark}" x2="${mark}" y1="${y - 2}" y2="${y + bar + 2}" stroke="#000" stroke-width="2"/>
      <text x="${left + w + 6}" y="${y + bar - 5}" font-size="12">${r.total}</text></g>`;
  });
  return html`<figure class="chart"><figcaption>${t().overviewChart}</figcaption>
    <svg role="img" aria-label="${t().overviewChart}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${items}</svg></figure>`;
}

/** The monitoring body's page: every commune's assessment in its area, the chart and the table. */
export function overviewPage(auth: RequestAuth, rows: AssessmentOverview): string {
  const table = rows.map(
    (r) => html`<tr><td data-label="${t().commune}"><a href="${assessmentPath(r.planId, r.assessmentId)}">${r.unitName}</a></td><td data-label="${t().year}">${r.year}</td>
      <td data-label="${t().total}">${r.total}/${r.maxTotal}</td><td data-label="${t().passMark}">${r.passMark}</td><td data-label="${t().verdict}" title="${r.verdict}">${verdict(r)}</td>
      <td data-label="${t().zero}">${r.zeroCriteria.join(', ')}</td><td data-label="${t().missing}">${r.missingIndicators}</td><td data-label="${t().state}">${r.state ? viLabels().states[r.state] : ''}</td></tr>`,
  );
  return page(
    t().overviewTitle,
    html`${siteNav(auth, '/danh-gia')}<h1>${t().overviewTitle}</h1><p>${t().listIntro}</p>
    ${rows.length ? html`${scoreBars(rows.map((r) => ({ label: `${r.unitName} (${r.year})`, total: r.total, maxTotal: r.maxTotal, passMark: r.passMark, passed: r.passed })))}
    <div class="scroll"><table class="stack"><thead><tr><th>${t().commune}</th><th>${t().year}</th><th>${t().total}</th><th>${t().passMark}</th><th>${t().verdict}</th><th>${t().zero}</th><th>${t().missing}</th><th>${t().state}</th></tr></thead>
    <tbody>${table}</tbody></table></div>` : html`<p>${t().none}</p>`}`,
  );
}

export interface AssessmentPageOptions {
  csrf?: string;
  /** Whether the signed-in user may change it (drafting role, step open). */
  editable: boolean;
  /** The values as typed back after a refusal, and the message of each refused indicator. */
  typed?: Record<string, string>;
  errors?: Record<string, string>;
  message?: { text: string; ok: boolean };
}

const typedValue = (v: number | boolean | null | undefined) => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'co' : 'khong') : String(v));

/** One assessment: the verdict, the comparison, and per criterion and indicator the value, the points and the evidence. */
export function assessmentPage(auth: RequestAuth, a: AssessmentView, o: AssessmentPageOptions): string {
  const here = assessmentPath(a.planId, a.assessmentId);
  const ev = new Map(a.evidence.map((e) => [e.indicatorId, e]));
  const unverified = new Set(a.unverified);
  const units = t().unit as Record<string, string>;
  const stepLink = (s: { stepId: string; title: string; dueDate: string }) =>
    html`<a href="${planPath(a.planId)}/steps/${encodeURIComponent(s.stepId)}">${s.stepId}</a> ${s.title} (${formatViDate(s.dueDate)})`;
  const rows = a.score.criteria.flatMap((c) => [
    html`<tr class="head"><th colspan="4">${fill(vi.assessment.criterionRow, { no: c.no, title: c.title })} — ${c.points}/${c.maxPoints}${c.zero ? html` <span class="error">(0)</span>` : ''}</th></tr>`,
    ...c.indicators.map((i) => {
      const e = ev.get(i.id);
      const unit = units[findUnit(a, i.id) ?? ''] ?? '';
      const raw = o.typed?.[i.id] ?? typedValue(a.values[i.id]);
      const input = o.editable
        ? findUnit(a, i.id) === 'yes_no'
          ? html`<select name="v_${i.id}" aria-label="${i.id}"><option value=""></option><option value="co"${raw === 'co' ? html` selected` : ''}>${vi.assessment.yes}</option><option value="khong"${raw === 'khong' ? html` selected` : ''}>${vi.assessment.no}</option></select>`
          : html`<input name="v_${i.id}" aria-label="${i.id}" value="${raw}" inputmode="decimal" size="6"> ${unit}`
        : html`${raw === 'co' ? vi.assessment.yes : raw === 'khong' ? vi.assessment.no : raw || vi.assessment.noValue} ${raw && raw !== 'co' && raw !== 'khong' ? unit : ''}`;
      const proof = e
        ? html`${e.completed.length ? html`<div>${t().doneSteps}: ${e.completed.map((s, k) => html`${k ? ', ' : ''}${stepLink(s)}`)}</div>` : ''}
          ${e.open.length ? html`<div class="muted">${t().openSteps}: ${e.open.map((s, k) => html`${k ? ', ' : ''}${stepLink(s)}`)}</div>` : ''}
          ${e.attached.length ? html`<div>${t().attached}: ${e.attached.map((x, k) => html`${k ? ', ' : ''}${x.kind === 'link' ? html`<a href="${x.url}" rel="noopener noreferrer">${x.label ?? x.url}</a>` : x.name}`)}</div>` : ''}
          ${!e.completed.length && !e.attached.length ? html`<span class="muted">${t().noEvidence}</span>` : ''}`
        : html`<span class="muted">${t().noEvidence}</span>`;
      return html`<tr${e?.missing ? html` class="b-open_overdue"` : ''}><td data-label="${t().criterion}"><b>${i.id}</b> ${i.title}${unverified.has(i.id) ? html` <span class="badge muted" title="${t().unverifiedHelp}">${t().unverified}</span>` : ''}${e?.missing ? html` <span class="badge error">${t().missingFlag}</span>` : ''}</td>
        <td data-label="${t().value}">${input}${o.errors?.[i.id] ? html`<div class="error" role="alert">${o.errors[i.id]}</div>` : ''}</td>
        <td data-label="${t().points}">${i.points}/${i.maxPoints}</td><td data-label="${t().evidence}">${proof}</td></tr>`;
    }),
  ]);
  const prev = a.previous ? html`<li>${fill(t().previous, { year: a.previous.year, delta: signed(a.previous.comparison.total.delta) })}</li>` : '';
  const table = html`<div class="scroll"><table class="stack"><thead><tr><th>${t().criterion}</th><th>${t().value}</th><th>${t().points}</th><th>${t().evidence}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  const body = html`${siteNav(auth, here)}<h1>${fill(t().pageTitle, { year: a.year })}</h1>
    <p>${a.unitName} · ${fill(t().class, { label: vi.assessment.classLabels[a.communeClass as CommuneClass] ?? a.communeClass, passMark: a.score.passMark })}</p>
    ${a.score.provisional ? html`<p class="error" data-provisional>${fill(t().provisionalNote, { criteria: a.score.unconfirmedCriteria.join(', ') })}</p>` : ''}
    ${unverified.size ? html`<p class="muted">${fill(t().unverifiedNote, { n: unverified.size })}</p>` : ''}
    ${a.warnings.map((w) => html`<p class="error" role="note" data-warning>${w}</p>`)}
    ${o.message ? html`<p class="${o.message.ok ? 'notice' : 'error'}" role="${o.message.ok ? 'status' : 'alert'}">${o.message.text}</p>` : ''}
    <ul class="kpis"><li>${t().total}<b>${a.score.total}/${a.score.maxTotal}</b></li><li>${t().verdict}<b data-verdict>${a.verdict}</b></li>
      <li>${t().zero}<b>${a.score.zeroCriteria.length ? a.score.zeroCriteria.join(', ') : '0'}</b></li><li>${t().missing}<b>${a.evidence.filter((e) => e.missing).length}</b></li></ul>
    <ul>${a.score.reasons.map((r) => html`<li class="error">${r}</li>`)}${prev}
      ${a.step ? html`<li>${fill(t().step, { stepId: a.step.stepId, due: formatViDate(a.step.dueDate), state: a.step.stateLabel })}</li>` : ''}</ul>
    <p><a href="/api/v1/plans/${encodeURIComponent(a.planId)}/assessments/${encodeURIComponent(a.assessmentId)}/ho-so.docx">${a.requestOffered ? t().dossier : t().dossierProvisional}</a></p>
    ${o.editable && o.csrf
      ? html`<form method="post" action="${here}"><input type="hidden" name="csrf" value="${o.csrf}">${table}<button type="submit">${t().save}</button></form>
        <form method="post" action="${here}/trinh"><input type="hidden" name="csrf" value="${o.csrf}"><button type="submit">${t().submit}</button></form>`
      : html`${a.step && a.step.state === 'submitted' ? html`<p class="muted">${t().locked}</p>` : ''}${table}`}`;
  return page(fill(t().pageTitle, { year: a.year }), body);
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function findUnit(a: AssessmentView, indicatorId: string): string | undefined {
  return a.units[indicatorId];
}

/** A plan's assessments and the form that opens one. */
export function planAssessmentsPage(auth: RequestAuth, planId: string, title: string, list: AssessmentView[], o: { csrf?: string; error?: string; nextYear: number }): string {
  const here = `${planPath(planId)}/danh-gia`;
  const rows = list.map(
    (a) => html`<tr><td><a href="${assessmentPath(planId, a.assessmentId)}">${a.year}</a></td><td>${a.score.total}/${a.score.maxTotal}</td><td>${verdict(a.score)}</td>
      <td>${a.step?.stateLabel ?? ''}</td></tr>`,
  );
  return page(
    t().listTitle,
    html`${siteNav(auth, here)}<h1>${t().listTitle}</h1><p>${title}</p><p>${t().listIntro}</p>
    ${o.error ? html`<p class="error" role="alert">${o.error}</p>` : ''}
    ${list.length ? html`<table><thead><tr><th>${t().year}</th><th>${t().total}</th><th>${t().verdict}</th><th>${t().state}</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p>${t().none}</p>`}
    ${o.csrf ? html`<form method="post" action="${here}"><input type="hidden" name="csrf" value="${o.csrf}"><label>${t().yearLabel} <input name="year" value="${o.nextYear}" inputmode="numeric" size="5"></label> <button type="submit">${t().open}</button></form>` : ''}`,
  );
}
