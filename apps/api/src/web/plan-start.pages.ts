import { formatViDate, formatViDateTime, isIsoDate, type PlanDiagnostic } from '../../../../libs/domain/src/index.js';
import type { RequestAuth } from '../auth/session.js';
import { fill, vi } from '../i18n/vi.js';
import { html, page, type Html } from './html.js';
import { siteNav } from './nav.js';
import type { PlanCheck, StartChoice } from './plan-start.service.js';

const HERE = '/ke-hoach/nap';
const t = () => vi.web.planStart;
/** A plan date as typed (dd/mm/yyyy); what was typed and refused is shown back as it was. */
const startValue = (v: string) => (isIsoDate(v) ? formatViDate(v) : v);

const uploadForm = (csrf: string, error?: string): Html => html`<form method="post" action="${HERE}" enctype="multipart/form-data">
  <input type="hidden" name="csrf" value="${csrf}">
  <label>${t().file}<br><input type="file" name="file" accept=".yaml,.yml,application/yaml,text/yaml,text/plain" required></label>
  ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
  <p><button type="submit">${t().check}</button></p></form>`;

export function planStartPage(auth: RequestAuth, csrf: string, error?: string): string {
  return page(t().title, html`${siteNav(auth, HERE)}<h1>${t().title}</h1><p>${t().intro}</p>${uploadForm(csrf, error)}<p><a href="/ke-hoach/nhap">${t().fromDocument}</a></p>`);
}

/** A limit's diagnostic in Vietnamese (its code in vi.json), others as the validator words them. */
const messageOf = (d: PlanDiagnostic) => {
  const limits = t().limits as Record<string, string>;
  return d.code && limits[d.code] ? fill(limits[d.code], d.vars ?? {}) : d.message;
};
const diagnostic = (d: PlanDiagnostic) =>
  html`<li data-line="${d.line}" data-col="${d.col}"${d.code ? html` data-code="${d.code}"` : ''}><code>${d.file}:${d.line}:${d.col}</code> (${fill(t().at, { line: d.line, col: d.col })}) ${d.severity === 'error' ? t().error : t().warning}: ${messageOf(d)}</li>`;

/** A page of the preview: `page` from 1, `size` rows. */
export interface PreviewPage {
  page: number;
  size: number;
}
/** Rows of the preview per page: 100 unless asked, at most 500. */
export const PREVIEW_SIZE = { default: 100, max: 500 } as const;

/** The preview's pager: buttons that post the checked file (of the form they sit in) to the check page again. */
function pager(c: Extract<PlanCheck, { ok: true }>, at: PreviewPage): Html {
  const pages = Math.max(1, Math.ceil(c.instances.length / at.size));
  const from = Math.min(c.instances.length, (at.page - 1) * at.size + 1);
  const to = Math.min(c.instances.length, at.page * at.size);
  const go = (n: number, label: string) =>
    html`<button type="submit" formaction="${HERE}?page=${n}&amp;size=${at.size}" formnovalidate data-page="${n}">${label}</button>`;
  return html`<p class="pager" data-preview-page="${at.page}" data-preview-pages="${pages}">${fill(t().previewPage, { page: at.page, pages, from, to, total: c.instances.length })}
    ${at.page > 1 ? go(at.page - 1, t().previewPrev) : ''} ${at.page < pages ? go(at.page + 1, t().previewNext) : ''}</p>`;
}

/**
 * The start form carries the checked file back (a hidden field), so the start checks exactly what was previewed; its
 * pager buttons post the same file back to the check page for another page of the preview. Without a start (refused,
 * running already) the form holds only the file and the pager.
 */
function startForm(csrf: string, c: Extract<PlanCheck, { ok: true }>, text: string, choice: StartChoice | undefined, problems: string[], at: PreviewPage, startable: boolean): Html {
  const real = choice?.real ?? false;
  const head = html`<input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="name" value="${c.file}">
    <textarea name="yaml" hidden>${'\n'}${text}</textarea>`;
  if (!startable) return html`<form method="post" action="${HERE}" enctype="multipart/form-data" novalidate>${head}${pager(c, at)}</form>`;
  return html`<form method="post" action="${HERE}/trien-khai" enctype="multipart/form-data" data-start novalidate>
    ${head}
    <fieldset><legend>${t().mode}</legend>
      <label><input type="radio" name="mode" value="rehearsal"${real ? '' : html` checked`}> ${t().rehearsal}</label><br>
      <label>${t().speed}<br><input type="number" name="speed" min="0.001" step="any" value="${choice?.speed ?? 1}"></label><br>
      <label>${t().planStart}<br><input type="text" name="planStart" inputmode="numeric" placeholder="dd/mm/yyyy" value="${startValue(choice?.planStart ?? c.plan.rehearsalStart)}"></label><br>
      <label><input type="radio" name="mode" value="real"${real ? html` checked` : ''}> ${t().real}</label></fieldset>
    ${problems.map((p) => html`<p class="error" role="alert">${p}</p>`)}
    <p><button type="submit">${t().start}</button></p>${pager(c, at)}</form>`;
}

export function planCheckPage(auth: RequestAuth, csrf: string, c: PlanCheck, text: string, o: { choice?: StartChoice; problems?: string[]; page?: PreviewPage; pageProblem?: string } = {}): string {
  const head = html`${siteNav(auth, HERE)}<h1>${t().title}</h1>`;
  if (!c.ok) {
    return page(t().title, html`${head}<p class="error" role="alert" data-invalid>${fill(t().invalid, { file: c.file, n: c.errors.length })}</p>
      <ol class="diagnostics">${c.errors.map(diagnostic)}</ol>${c.warnings.length ? html`<h2>${t().warnings}</h2><ul>${c.warnings.map(diagnostic)}</ul>` : ''}${uploadForm(csrf)}`);
  }
  const p = c.plan;
  const steps = p.items.reduce((n, i) => n + i.steps.length, 0);
  const planUrl = `/plans/${encodeURIComponent(p.id)}`;
  const status = c.runStartedAt
    ? html`<p class="notice" data-running>${fill(t().running, { id: p.id, at: formatViDateTime(new Date(c.runStartedAt)) })} <a href="${planUrl}">${t().openPlan}</a></p>`
    : c.stored === 'same' ? html`<p class="notice">${fill(t().alreadyLoaded, { id: p.id })}</p>` : '';
  const refusal = c.refusal ? html`<p class="error" role="alert" data-refused="${c.refusal}">${fill(t()[c.refusal], { id: p.id })}</p>` : '';
  const at = o.page ?? { page: 1, size: PREVIEW_SIZE.default };
  const rows = c.instances.slice((at.page - 1) * at.size, at.page * at.size).map(
    (i) => html`<tr><td data-label="#">${i.key}</td><td data-label="${vi.plan.step}">${i.title}</td><td data-label="${vi.plan.assignee}">${p.roles[i.assignee]?.title ?? i.assignee}</td>
      <td data-label="${vi.plan.due}">${formatViDate(i.dueEffective)}</td></tr>`,
  );
  return page(t().title, html`${head}<p class="notice" data-valid>${fill(t().valid, { file: c.file })}</p>
    <h2 data-plan-id="${p.id}">${p.title}</h2><p>${p.issuer.name} · ${vi.plan.number} ${p.number} · ${p.id}</p>
    <p>${fill(t().summary, { items: p.items.length, steps, instances: c.instances.length })}</p>
    ${c.triggered.length ? html`<p>${fill(t().triggered, { list: c.triggered.join(', ') })}</p>` : ''}
    <p>${t().rehearsalStart}: ${formatViDate(p.rehearsalStart)}</p>
    ${c.warnings.length ? html`<h2>${t().warnings}</h2><ul>${c.warnings.map(diagnostic)}</ul>` : ''}
    ${status}${refusal}${o.pageProblem ? html`<p class="error" role="alert" data-page-problem>${o.pageProblem}</p>` : ''}
    ${startForm(csrf, c, text, o.choice, o.problems ?? [], at, !c.refusal && !c.runStartedAt)}
    <div class="scroll"><table class="stack"><thead><tr><th>#</th><th>${vi.plan.step}</th><th>${vi.plan.assignee}</th><th>${vi.plan.due}</th></tr></thead><tbody>${rows}</tbody></table></div>`);
}
