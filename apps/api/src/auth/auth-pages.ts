import type { Response } from 'express';
import { formToken } from '../../../../libs/database/src/index.js';
import { fill, vi } from '../i18n/vi.js';
import { html, page, type Html } from '../web/html.js';
import { ACTION_FIELDS, type ActionPage, type LinkSubmission } from './action-links.service.js';
import type { RequestAuth } from './session.js';


/** Pages that show or take a secret: never cached, never named to another site in a Referer. */
export function privatePage(res: Response, status: number): void {
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

/** Who is signed in, with a sign-out button (its form token keyed by the session), or a sign-in link. */
export function userBar(auth: RequestAuth, next?: string): Html {
  if (auth.user && auth.sessionToken) {
    return html`<form method="post" action="/dang-xuat" class="user">${vi.auth.signedInAs}: <b>${auth.user.displayName}</b> (${auth.user.email})
      <input type="hidden" name="csrf" value="${formToken(auth.sessionToken, 'sign-out')}"> <button type="submit">${vi.auth.signOut}</button></form>`;
  }
  return html`<p class="user"><a href="/dang-nhap${next ? `?next=${encodeURIComponent(next)}` : ''}">${vi.auth.signIn}</a></p>`;
}

const nav = (auth: RequestAuth) => html`<nav><a href="/">${vi.home.plans}</a></nav>${userBar(auth)}`;

export function signInPage(o: { next?: string | null; sent?: boolean; email?: string; error?: boolean; minutes: number }): string {
  return page(vi.auth.signInTitle, html`<nav><a href="/">${vi.home.plans}</a></nav><h1>${vi.auth.signInTitle}</h1>
    ${o.sent ? html`<p class="notice" role="status">${fill(vi.auth.sent, { minutes: o.minutes })}</p>` : html`<p>${vi.auth.intro}</p>`}
    <form method="post" action="/dang-nhap"><label>${vi.auth.email}<br><input type="email" name="email" value="${o.email ?? ''}" required autocomplete="email"></label>
      ${o.error ? html`<p class="error" data-field="email">${vi.auth.email}: ${vi.auth.emailInvalid}</p>` : ''}
      ${o.next ? html`<input type="hidden" name="next" value="${o.next}">` : ''}
      <button type="submit">${vi.auth.send}</button></form>`);
}

export function signInConfirmPage(token: string): string {
  return page(vi.auth.confirmTitle, html`<h1>${vi.auth.confirmTitle}</h1><p>${vi.auth.confirmText}</p>
    <form method="post" action="/dang-nhap/xac-nhan"><input type="hidden" name="t" value="${token}"><button type="submit">${vi.auth.confirm}</button></form>`);
}

export function signInRefusedPage(): string {
  return page(vi.auth.confirmTitle, html`<h1>${vi.auth.confirmTitle}</h1><p class="error">${vi.auth.tokenInvalid}</p><p><a href="/dang-nhap">${vi.auth.newLink}</a></p>`);
}

export function messagePage(title: string, message: string, auth: RequestAuth): string {
  return page(title, html`${nav(auth)}<h1>${title}</h1><p>${message}</p>`);
}

/** Size of a file as people read it: "12,5 KB". */
const viSize = (n: number): string =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1).replace('.', ',')} KB` : `${(n / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;

/** What the approver is asked to decide on: the note, links and files of the evidence version the link was mailed with. */
function submissionBlock(planId: string, stepId: string, s: LinkSubmission): Html {
  const fileUrl = (id: string) => `/api/v1/plans/${encodeURIComponent(planId)}/steps/${encodeURIComponent(stepId)}/files/${encodeURIComponent(id)}`;
  return html`<section class="submission" data-version="${s.version}"><h2>${fill(vi.action.submission, { version: s.version })}</h2>
    <p class="note">${s.note}</p>
    ${s.links.length ? html`<p>${vi.action.links}:</p><ul>${s.links.map((l) => html`<li><a href="${l}" rel="noopener noreferrer">${l}</a></li>`)}</ul>` : ''}
    ${s.files.length ? html`<p>${vi.action.files}:</p><ul>${s.files.map((f) => html`<li><a href="${fileUrl(f.id)}" data-file="${f.id}">${f.name}</a> (${viSize(f.size)})</li>`)}</ul>` : html`<p>${vi.action.noFiles}</p>`}</section>`;
}

/** The HTTP status of each kind of action page. */
export const ACTION_STATUS: Record<ActionPage['kind'], number> = {
  unknown: 404, expired: 410, superseded: 410, used: 409, 'sign-in': 401, 'not-yours': 403, 'form-invalid': 403, confirm: 200, done: 200, 'step-refused': 409,
};

export function actionPage(p: ActionPage, auth: RequestAuth, ref: string): string {
  if (p.kind === 'unknown') return page(vi.action.refused, html`${nav(auth)}<h1>${vi.action.refused}</h1><p class="error" data-outcome="unknown">${vi.action.unknown}</p>`);
  const { link, step } = p;
  const title = vi.action.title[link.action];
  const stepUrl = `/plans/${encodeURIComponent(link.planId)}/steps/${encodeURIComponent(link.stepId)}`;
  const summary = html`<p><b>${step.stepId} – ${step.title}</b></p>
    <p>${vi.plan.state}: <b>${step.stateLabel}</b> · ${vi.plan.due}: ${step.dueDateVi} · ${vi.plan.assignee}: ${step.assignee} · ${vi.plan.approver}: ${step.approver ?? ''}</p>`;
  const body = (() => {
    switch (p.kind) {
      case 'expired':
        return html`<p class="error" data-outcome="expired">${vi.action.expired}</p>`;
      case 'superseded':
        return html`<p class="error" data-outcome="superseded" data-version="${link.evidenceVersion ?? ''}">${fill(vi.action.superseded, { version: link.evidenceVersion ?? '', current: p.current })}</p>`;
      case 'used':
        return html`<p class="notice" data-outcome="used">${vi.action.alreadyDone}</p>`;
      case 'sign-in':
        return html`<p data-outcome="sign-in">${vi.action.signInFirst}</p><p><a href="/dang-nhap?next=${encodeURIComponent(p.next)}">${vi.auth.signIn}</a></p>`;
      case 'not-yours':
        return html`<p class="error" data-outcome="not-yours">${fill(vi.action.notYours, { role: link.unitId ? `${link.roleKey} (${link.unitId})` : link.roleKey, plan: link.planId })}</p>`;
      case 'form-invalid':
        return html`<p class="error" data-outcome="form-invalid">${vi.auth.formInvalid}</p>`;
      case 'step-refused':
        // A refusal that is not about the state (nobody approves their own work) says what it is.
        return html`<p class="error" data-outcome="step-refused" data-code="${p.code}">${p.code === 'SELF_APPROVAL' ? (vi.web.client.codes as Record<string, string>).SELF_APPROVAL : fill(vi.action.refusedByStep, { state: step.stateLabel })}</p>`;
      case 'done':
        return html`<p class="notice" data-outcome="done">${vi.action.done}: <b>${title}</b> · ${vi.plan.state}: <b>${step.stateLabel}</b></p>`;
      case 'confirm': {
        const field = ACTION_FIELDS[link.action];
        return html`${p.submission ? submissionBlock(link.planId, link.stepId, p.submission) : ''}<p>${vi.action.ask[link.action]}</p><p><small>${vi.action.nothingYet}</small></p>
          <form method="post" action="/hanh-dong/${ref}"><input type="hidden" name="csrf" value="${p.csrf}">
          <label>${vi.action.field[link.action]}<br><textarea name="${field.name}" rows="3"${field.required ? ' required' : ''}>${p.value ?? ''}</textarea></label>
          ${p.fieldError ? html`<p class="error" data-field="${field.name}">${vi.action.required}</p>` : ''}
          <button type="submit">${vi.action.button[link.action]}</button></form>`;
      }
    }
  })();
  return page(title, html`${nav(auth)}<h1>${title}</h1>${summary}${body}<p><a href="${stepUrl}">${vi.action.openStep}</a></p>`);
}
