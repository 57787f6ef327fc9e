import { importErrorLine, importSummaryLines, type ImportLabels, type ImportSummary, type PlanImportError } from '../../../../libs/plan-import/src/index.js';
import { viLabels } from '../../../../libs/mail/src/index.js';
import type { RequestAuth } from '../auth/session.js';
import { vi } from '../i18n/vi.js';
import { html, page, type Html } from './html.js';
import { siteNav } from './nav.js';

export const PLAN_IMPORT_PAGE = '/ke-hoach/nhap';
const t = () => vi.web.planImport;
/** The summary texts shared with the CLI (libs/mail/templates/vi.json, "planImport"). */
const labels = () => (viLabels() as unknown as { planImport: ImportLabels }).planImport;

const uploadForm = (csrf: string, error?: string): Html => html`<form method="post" action="${PLAN_IMPORT_PAGE}" enctype="multipart/form-data">
  <input type="hidden" name="csrf" value="${csrf}">
  <label>${t().file}<br><input type="file" name="file" accept=".docx,.doc,.txt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain" required></label>
  ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
  <p><button type="submit">${t().read}</button></p></form>`;

export function planImportPage(auth: RequestAuth, csrf: string, error?: string): string {
  return page(t().title, html`${siteNav(auth, PLAN_IMPORT_PAGE)}<h1>${t().title}</h1><p>${t().intro}</p>${uploadForm(csrf, error)}`);
}

export function planImportFailedPage(auth: RequestAuth, csrf: string, e: PlanImportError): string {
  return page(t().title, html`${siteNav(auth, PLAN_IMPORT_PAGE)}<h1>${t().title}</h1>
    <p class="error" role="alert" data-import-error="${e.code}" data-line="${e.line}" data-col="${e.col}">${t().failed}: ${importErrorLine(e, labels())}</p>
    <p class="muted"><code>${e.message}</code></p>${uploadForm(csrf)}`);
}

/**
 * The summary, the TODOs (as the validator reports them), the draft shown in full, a download, and a form that
 * takes the draft to the plan check page (/ke-hoach/nap) once it is filled in.
 */
export function planImportResultPage(auth: RequestAuth, csrf: string, startCsrf: string, s: ImportSummary, yaml: string, draftName: string): string {
  const lines = importSummaryLines(s, labels());
  const found = lines.slice(0, lines.length - 1 - s.todoDiagnostics.length);
  return page(t().title, html`${siteNav(auth, PLAN_IMPORT_PAGE)}<h1>${t().title}</h1>
    <h2>${t().found}</h2><ul data-found>${found.map((l) => html`<li>${l}</li>`)}</ul>
    <h2>${t().todos} (${s.todoDiagnostics.length})</h2>
    ${s.todoDiagnostics.length
      ? html`<ol class="diagnostics" data-todos="${s.todoDiagnostics.length}">${s.todoDiagnostics.map((d) => html`<li data-line="${d.line}" data-col="${d.col}"><code>${d.file}:${d.line}:${d.col}</code> ${d.message}</li>`)}</ol>`
      : html`<p>${t().noTodos}</p>`}
    <form method="post" action="${PLAN_IMPORT_PAGE}/tai-ve" enctype="multipart/form-data">
      <input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="name" value="${draftName}">
      <textarea name="yaml" hidden>${'\n'}${yaml}</textarea><button type="submit">${t().download}</button></form>
    <form method="post" action="/ke-hoach/nap" enctype="multipart/form-data">
      <input type="hidden" name="csrf" value="${startCsrf}"><input type="hidden" name="name" value="${draftName}">
      <h2>${t().draft}</h2><p class="muted">${t().checkNote}</p>
      <textarea name="yaml" rows="30" spellcheck="false" data-draft>${'\n'}${yaml}</textarea>
      <p><button type="submit">${t().check}</button></p></form>`);
}
