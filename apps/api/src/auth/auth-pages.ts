import type { Response } from 'express';
import { appPaths } from '#libs/contracts/src/index.js';
import { fill, vi } from '../i18n/vi.js';
import { renderView, userOf } from '../web/views.js';
import { ACTION_FIELDS, type ActionPage, type LinkSubmission } from './action-links.service.js';
import type { RequestAuth } from './session.js';

/** Pages that show or take a secret: never cached, never named to another site in a Referer. */
export function privatePage(res: Response, status: number): void {
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

export function signInPage(o: { next?: string | null; sent?: boolean; email?: string; error?: boolean; minutes: number }): string {
  return renderView('sign-in', {
    title: vi.auth.signInTitle,
    sent: o.sent ? fill(vi.auth.sent, { minutes: o.minutes }) : null,
    intro: vi.auth.intro,
    emailLabel: vi.auth.email,
    email: o.email ?? '',
    error: o.error ? vi.auth.emailInvalid : null,
    next: o.next ?? null,
    send: vi.auth.send,
  });
}

export function signInConfirmPage(token: string): string {
  return renderView('sign-in-confirm', { title: vi.auth.confirmTitle, text: vi.auth.confirmText, token, confirm: vi.auth.confirm });
}

export function signInRefusedPage(): string {
  return renderView('message', {
    title: vi.auth.confirmTitle,
    message: vi.auth.tokenInvalid,
    error: true,
    link: { href: '/dang-nhap', label: vi.auth.newLink },
  });
}

export function messagePage(title: string, message: string, auth: RequestAuth): string {
  return renderView('message', { title, message, ...userOf(auth) });
}

/** Size of a file as people read it: "12,5 KB". */
const viSize = (n: number): string =>
  n < 1024
    ? `${n} B`
    : n < 1024 * 1024
      ? `${(n / 1024).toFixed(1).replace('.', ',')} KB`
      : `${(n / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;

/** What the approver is asked to decide on: the note, links and files of the evidence version the link was mailed with. */
function submissionData(planId: string, stepId: string, s: LinkSubmission) {
  const fileUrl = (id: string) =>
    `/api/v1/plans/${encodeURIComponent(planId)}/steps/${encodeURIComponent(stepId)}/files/${encodeURIComponent(id)}`;
  return {
    version: s.version,
    heading: fill(vi.action.submission, { version: s.version }),
    note: s.note,
    links: s.links,
    linksLabel: vi.action.links,
    files: s.files.map((f) => ({ id: f.id, href: fileUrl(f.id), name: f.name, size: viSize(f.size) })),
    filesLabel: vi.action.files,
    noFiles: vi.action.noFiles,
  };
}

/** The HTTP status of each kind of action page. */
export const ACTION_STATUS: Record<ActionPage['kind'], number> = {
  unknown: 404,
  expired: 410,
  superseded: 410,
  used: 409,
  'sign-in': 401,
  'not-yours': 403,
  'form-invalid': 403,
  confirm: 200,
  done: 200,
  'step-refused': 409,
};

export function actionPage(p: ActionPage, auth: RequestAuth, ref: string): string {
  if (p.kind === 'unknown')
    return renderView('action', {
      title: vi.action.refused,
      ...userOf(auth),
      outcome: { kind: 'unknown', cls: 'error', text: vi.action.unknown },
    });
  const { link, step } = p;
  const title = vi.action.title[link.action];
  const stepUrl = appPaths.step(link.planId, link.stepId);
  const outcome = (() => {
    switch (p.kind) {
      case 'expired':
        return { kind: p.kind, cls: 'error', text: vi.action.expired };
      case 'superseded':
        return {
          kind: p.kind,
          cls: 'error',
          hasVersion: true,
          version: link.evidenceVersion ?? '',
          text: fill(vi.action.superseded, { version: link.evidenceVersion ?? '', current: p.current }),
        };
      case 'used':
        return { kind: p.kind, cls: 'notice', text: vi.action.alreadyDone };
      case 'sign-in':
        return {
          kind: p.kind,
          text: vi.action.signInFirst,
          signIn: { href: `/dang-nhap?next=${encodeURIComponent(p.next)}`, label: vi.auth.signIn },
        };
      case 'not-yours':
        return {
          kind: p.kind,
          cls: 'error',
          text: fill(vi.action.notYours, { role: link.unitId ? `${link.roleKey} (${link.unitId})` : link.roleKey, plan: link.planId }),
        };
      case 'form-invalid':
        return { kind: p.kind, cls: 'error', text: vi.auth.formInvalid };
      case 'step-refused':
        // A refusal that is not about the state (nobody approves their own work) says what it is.
        return {
          kind: p.kind,
          cls: 'error',
          code: p.code,
          text:
            p.code === 'SELF_APPROVAL'
              ? (vi.web.client.codes as Record<string, string>).SELF_APPROVAL
              : fill(vi.action.refusedByStep, { state: step.stateLabel }),
        };
      case 'done':
        return { kind: p.kind, cls: 'notice', text: vi.action.done, done: { title, stateLabel: vi.plan.state, state: step.stateLabel } };
      case 'confirm':
        return null;
    }
  })();
  const field = ACTION_FIELDS[link.action];
  const confirm =
    p.kind === 'confirm'
      ? {
          submission: p.submission ? submissionData(link.planId, link.stepId, p.submission) : null,
          ask: vi.action.ask[link.action],
          nothingYet: vi.action.nothingYet,
          action: `/hanh-dong/${ref}`,
          csrf: p.csrf,
          fieldLabel: vi.action.field[link.action],
          fieldName: field.name,
          required: field.required,
          value: p.value ?? '',
          fieldError: p.fieldError ? vi.action.required : null,
          button: vi.action.button[link.action],
        }
      : null;
  return renderView('action', {
    title,
    ...userOf(auth),
    labels: { state: vi.plan.state, due: vi.plan.due, assignee: vi.plan.assignee, approver: vi.plan.approver },
    step: {
      stepId: step.stepId,
      title: step.title,
      stateLabel: step.stateLabel,
      dueDateVi: step.dueDateVi,
      assignee: step.assignee,
      approver: step.approver ?? '',
    },
    outcome,
    confirm,
    stepLink: { href: stepUrl, label: vi.action.openStep },
  });
}
