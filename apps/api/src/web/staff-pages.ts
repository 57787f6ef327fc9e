import { formatViDate, formatViDateTime } from '../../../../libs/domain/src/index.js';
import { viLabels } from '../../../../libs/mail/src/index.js';
import type { RequestAuth } from '../auth/session.js';
import { fill, vi } from '../i18n/vi.js';
import { staffScript } from './client-script.js';
import { formatPercent, type DisplayBucket } from './dashboard.js';
import type { MonitoredPlan } from './dashboard.service.js';
import { html, page, type Html } from './html.js';
import type { ApprovalItem, MyWorkItem } from './my-work.service.js';
import { siteNav } from './nav.js';

const enc = encodeURIComponent;
const stepUrl = (planId: string, stepId: string) => `/plans/${enc(planId)}/steps/${enc(stepId)}`;
const stepApi = (planId: string, stepId: string) => `/api/v1/plans/${enc(planId)}/steps/${enc(stepId)}`;

/** The label of what a person sees a step as: an official bucket, or "chờ duyệt" / "bị trả lại". */
export const displayLabel = (d: DisplayBucket): string =>
  d === 'awaiting' || d === 'returned' || d === 'cancelled' ? vi.web.display[d] : viLabels().buckets[d];

const badge = (d: DisplayBucket) => html`<span class="badge b-${d}" data-status="${d}">${displayLabel(d)}</span>`;

const dueLine = (s: { dueDate: string; extendedDueDate: string | null }) =>
  html`${vi.web.myWork.due}: <b data-due>${formatViDate(s.dueDate)}</b>${s.extendedDueDate ? html` (${fill(vi.web.myWork.extended, { date: formatViDate(s.extendedDueDate) })})` : ''}`;

const where = (s: { planTitle: string; unitName: string | null }) =>
  html`<p class="muted">${vi.web.myWork.plan}: ${s.planTitle}${s.unitName ? html` · ${vi.web.myWork.village}: ${s.unitName}` : ''}</p>`;

function timeText(item: MyWorkItem): string {
  if (!item.time) return '';
  if ('left' in item.time) return item.time.left === 0 ? vi.web.myWork.dueToday : fill(vi.web.myWork.daysLeft, { n: item.time.left });
  return fill(vi.web.myWork.late, { n: item.time.late.workingDays, days: item.time.late.calendarDays });
}

function workCard(item: MyWorkItem): Html {
  const open = item.state === 'assigned' || item.state === 'returned';
  const t = timeText(item);
  return html`<article class="card b-${item.display}" data-step="${item.stepId}" data-plan="${item.planId}">
    <h2><a href="${stepUrl(item.planId, item.stepId)}">${item.stepId} – ${item.title}</a></h2>${where(item)}
    <p>${badge(item.display)} · ${dueLine(item)}${t ? html` · <span data-left>${t}</span>` : ''}${item.notStarted && item.startDate ? html` · ${fill(vi.web.myWork.starts, { date: formatViDate(item.startDate) })}` : ''}</p>
    ${item.returnReason ? html`<p class="error">${vi.web.myWork.returnedReason}: <span data-return-reason>${item.returnReason}</span></p>` : ''}
    ${item.state === 'submitted' ? html`<p class="notice">${vi.web.myWork.awaitingNote}</p>` : ''}
    ${open
      ? html`<form data-submit="${stepApi(item.planId, item.stepId)}" novalidate>
      <label>${vi.web.myWork.note}<br><textarea name="note" rows="3" required maxlength="4000"></textarea></label>
      <label>${vi.web.myWork.links}<br><textarea name="links" rows="2" inputmode="url"></textarea></label>
      <label>${vi.web.myWork.files}<br><input type="file" name="files" multiple></label>
      <p data-out aria-live="polite"></p><button type="submit">${vi.web.myWork.submit}</button></form>`
      : ''}
  </article>`;
}

export function myWorkPage(auth: RequestAuth, items: MyWorkItem[]): string {
  return page(vi.web.myWork.title, html`${siteNav(auth, '/viec-cua-toi')}<h1>${vi.web.myWork.title}</h1>
    <p>${vi.web.myWork.intro} <b data-count>${fill(vi.web.myWork.count, { n: items.length })}</b></p>
    ${items.length ? items.map(workCard) : html`<p data-empty>${vi.web.myWork.empty}</p>`}${staffScript()}`);
}

function approvalCard(item: ApprovalItem): Html {
  const api = stepApi(item.planId, item.stepId);
  return html`<article class="card b-awaiting" data-step="${item.stepId}" data-plan="${item.planId}">
    <h2><a href="${stepUrl(item.planId, item.stepId)}">${item.stepId} – ${item.title}</a></h2>${where(item)}
    <p>${badge(item.display)} · ${dueLine(item)} · ${vi.plan.assignee}: ${item.assignee}</p>
    <p>${vi.web.approvals.submittedAt}: ${item.submittedAtVi ?? ''}${item.version ? html` · ${vi.web.approvals.version}: ${item.version}` : ''}</p>
    <p>${vi.web.approvals.note}: <q data-note>${item.note ?? ''}</q></p>
    ${item.links.length ? html`<p>${vi.web.approvals.links}: ${item.links.map((l, i) => html`${i ? ', ' : ''}<a href="${l}" rel="noopener noreferrer" target="_blank">${l}</a>`)}</p>` : ''}
    ${item.files.length ? html`<p>${vi.web.approvals.files}: ${item.files.map((f, i) => html`${i ? ', ' : ''}<a href="${api}/files/${enc(f.id)}" data-file>${f.name}</a> (${f.size} ${vi.mailbox.bytes})`)}</p>` : ''}
    <form data-decide="${api}" novalidate><label>${vi.web.approvals.text}<br><textarea name="text" rows="2" maxlength="4000"></textarea></label>
      <p data-out aria-live="polite"></p>
      <button type="submit" name="decision" value="approve">${vi.web.approvals.approve}</button> <button type="submit" name="decision" value="reject">${vi.web.approvals.reject}</button></form>
  </article>`;
}

export function approvalsPage(auth: RequestAuth, items: ApprovalItem[]): string {
  return page(vi.web.approvals.title, html`${siteNav(auth, '/phe-duyet')}<h1>${vi.web.approvals.title}</h1><p>${vi.web.approvals.intro}</p>
    ${items.length ? items.map(approvalCard) : html`<p data-empty>${vi.web.approvals.empty}</p>`}${staffScript()}`);
}

export function monitoringPage(auth: RequestAuth, plans: MonitoredPlan[]): string {
  const d = vi.web.dashboard;
  const m = vi.web.monitoring;
  const rows = plans.map(
    (p) => html`<tr data-plan="${p.id}"><td data-label="${m.plan}"><a href="/plans/${enc(p.id)}">${p.title}</a><br><small>${vi.plan.number} ${p.number}</small></td>
      <td data-label="${m.issuer}">${p.issuer}</td>
      <td data-label="${m.started}">${p.runStartedAt ? formatViDateTime(new Date(p.runStartedAt)) : vi.home.notStarted}</td>
      <td data-label="${d.steps}" data-kpi="steps">${p.steps}</td>
      <td data-label="${d.percentComplete}" data-kpi="percent-complete">${formatPercent(p.percentComplete)}</td>
      <td data-label="${d.onTime}" data-kpi="on-time">${formatPercent(p.onTime)}</td>
      <td data-label="${d.overdue}" data-kpi="overdue" class="${p.overdue ? 'b-open_overdue' : ''}">${p.overdue}</td>
      <td><a href="/plans/${enc(p.id)}">${m.open}</a></td></tr>`,
  );
  return page(m.title, html`${siteNav(auth, '/giam-sat')}<h1>${m.title}</h1><p>${m.intro}</p>
    ${plans.length
      ? html`<table class="stack"><thead><tr><th>${m.plan}</th><th>${m.issuer}</th><th>${m.started}</th><th>${d.steps}</th><th>${d.percentComplete}</th><th>${d.onTime}</th><th>${d.overdue}</th><th></th></tr></thead>
        <tbody>${rows}</tbody></table><p><small>${d.onTimeHelp}</small></p>`
      : html`<p data-empty>${m.empty}</p>`}`);
}
