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

const diagnostic = (d: PlanDiagnostic) =>
  html`<li data-line="${d.line}" data-col="${d.col}"><code>${d.file}:${d.line}:${d.col}</code> (${fill(t().at, { line: d.line, col: d.col })}) ${d.severity === 'error' ? t().error : t().warning}: ${d.message}</li>`;

/** The start form carries the checked file back (a hidden field), so the start checks exactly what was previewed. */
function startForm(csrf: string, c: Extract<PlanCheck, { ok: true }>, text: string, choice: StartChoice | undefined, problems: string[]): Html {
  const real = choice?.real ?? false;
  return html`<form method="post" action="${HERE}/trien-khai" enctype="multipart/form-data" data-start novalidate>
    <input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="name" value="${c.file}">
    <textarea name="yaml" hidden>${'\n'}${text}</textarea>
    <fieldset><legend>${t().mode}</legend>
      <label><input type="radio" name="mode" value="rehearsal"${real ? '' : html` checked`}> ${t().rehearsal}</label><br>
      <label>${t().speed}<br><input type="number" name="speed" min="0.001" step="any" value="${choice?.speed ?? 1}"></label><br>
      <label>${t().planStart}<br><input type="text" name="planStart" inputmode="numeric" placeholder="dd/mm/yyyy" value="${startValue(choice?.planStart ?? c.plan.rehearsalStart)}"></label><br>
      <label><input type="radio" name="mode" value="real"${real ? html` checked` : ''}> ${t().real}</label></fieldset>
    ${problems.map((p) => html`<p class="error" role="alert">${p}</p>`)}
    <p><button type="submit">${t().start}</button></p></form>`;
}

export function planCheckPage(auth: RequestAuth, csrf: string, c: PlanCheck, text: string, o: { choice?: StartChoice; problems?: string[] } = {}): string {
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
  const rows = c.instances.map(
    (i) => html`<tr><td data-label="#">${i.key}</td><td data-label="${vi.plan.step}">${i.title}</td><td data-label="${vi.plan.assignee}">${p.roles[i.assignee]?.title ?? i.assignee}</td>
      <td data-label="${vi.plan.due}">${formatViDate(i.dueEffective)}</td></tr>`,
  );
  return page(t().title, html`${head}<p class="notice" data-valid>${fill(t().valid, { file: c.file })}</p>
    <h2 data-plan-id="${p.id}">${p.title}</h2><p>${p.issuer.name} · ${vi.plan.number} ${p.number} · ${p.id}</p>
    <p>${fill(t().summary, { items: p.items.length, steps, instances: c.instances.length })}</p>
    ${c.triggered.length ? html`<p>${fill(t().triggered, { list: c.triggered.join(', ') })}</p>` : ''}
    <p>${t().rehearsalStart}: ${formatViDate(p.rehearsalStart)}</p>
    ${c.warnings.length ? html`<h2>${t().warnings}</h2><ul>${c.warnings.map(diagnostic)}</ul>` : ''}
    ${status}${refusal}${!c.refusal && !c.runStartedAt ? startForm(csrf, c, text, o.choice, o.problems ?? []) : ''}
    <div class="scroll"><table class="stack"><thead><tr><th>#</th><th>${vi.plan.step}</th><th>${vi.plan.assignee}</th><th>${vi.plan.due}</th></tr></thead><tbody>${rows}</tbody></table></div>`);
}
