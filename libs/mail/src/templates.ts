import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import {
  formatViDate,
  isPlaceholderNumber,
  planReference,
  startOfLocalDay,
  type StepBucket,
  type StepState,
} from '#libs/domain/src/index.js';
import type { DailyDigestVars, WeeklyDigestVars } from './digest-vars.js';
import { projectRoot } from '#libs/config/src/project-root.js';

interface CommonVars {
  communeName: string;
  planNumber: string;
  planTitle: string;
  stepId: string;
  stepTitle: string;
  stepUrl: string;
  dueDate: string;
  dueWeekday: string;
  /** How the assignee is addressed: "Vũ Thị G (Công chức Tài chính - kế toán)", or "Trưởng thôn Thôn Trung". */
  assigneeName: string;
}

/** The variables of each mail kind; a template that uses a variable not given here fails when rendered. */
export interface MailVars {
  /** `reportUrl`: the action link "Báo cáo kết quả" (/hanh-dong/<ref>). */
  'step-assigned': CommonVars & { evidence: string; approverText: string; reportUrl: string };
  /** `approveUrl`, `rejectUrl`: the action links "Phê duyệt" and "Trả lại"; opening one changes nothing. */
  'step-approval-request': CommonVars & { approverName: string; note: string; approveUrl: string; rejectUrl: string };
  'step-approved': CommonVars & { approverTitle: string; bucketLabel: string };
  'step-returned': CommonVars & { approverTitle: string; reason: string };
  'step-overdue': CommonVars & { recipientName: string; workingDaysLate: number };
  'step-reminder': CommonVars & { dueToday: boolean; workingDaysLeft: number; reportUrl: string };
  'step-escalation': CommonVars & { recipientName: string; workingDaysLate: number };
  'step-approval-escalation': CommonVars & { recipientName: string; approverName: string; submittedDate: string; slaWd: number };
  'step-cancelled': CommonVars & { actorName: string; reason: string };
  'step-extension-request': CommonVars & { recipientName: string; until: string; reason: string };
  'step-extension-decision': CommonVars & { granted: boolean; until: string; actorName: string; note: string };
  'case-emergency': CommonVars & { dueTime: string; reportedTime: string; unitName: string };
  /** To the monitoring body, when the vice-chairman approves a child-friendly commune assessment: the score and the dossier. */
  'assessment-sent': CommonVars & {
    recipientName: string;
    approverTitle: string;
    year: number;
    total: number;
    maxTotal: number;
    passMark: number;
    verdict: string;
    zeroCriteria: string;
    /** The criteria whose points are not confirmed from the decision's text ("tạm tính"), or '' when all are. */
    unconfirmedCriteria: string;
    dossierUrl: string;
  };
  /** A one-time sign-in link, asked for on /dang-nhap; `validMinutes` how long it works. */
  'sign-in': Pick<CommonVars, 'communeName' | 'planNumber'> & { userName: string; signInUrl: string; validMinutes: number };
  /** To the commune office: a mail the recipient's server refused for good (5xx), not to be sent again. */
  'mail-undeliverable': Pick<CommonVars, 'communeName' | 'planNumber' | 'planTitle'> & {
    recipientName: string;
    failedTo: string;
    failedSubject: string;
    reason: string;
    failedAt: string;
    attempts: number;
  };
  /** To the monitoring body, on the first working day of each week: the run's buckets, overdue steps, what falls due. */
  'plan-digest-weekly': WeeklyDigestVars;
  /** To a holder of a role with `digest: daily`, each working day: the reminders of the day and the overdue steps. */
  'plan-digest-daily': DailyDigestVars;
}
export type MailKind = keyof MailVars;
export const MAIL_KINDS: MailKind[] = [
  'step-assigned',
  'step-approval-request',
  'step-approved',
  'step-returned',
  'step-overdue',
  'step-reminder',
  'step-escalation',
  'step-approval-escalation',
  'step-cancelled',
  'step-extension-request',
  'step-extension-decision',
  'case-emergency',
  'assessment-sent',
];

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

const templatesDir = () => join(projectRoot(), 'libs', 'mail', 'templates');

interface ViLabels {
  weekdays: string[];
  buckets: Record<StepBucket, string>;
  states: Record<StepState, string>;
  noApprover: string;
  noEvidence: string;
  timeline: Record<string, string>;
  /** The .ics event of a due date (Handlebars sources, see calendar.ts). */
  calendar: { description: string; filename: string };
}
let labels: ViLabels | undefined;
export const viLabels = (): ViLabels => (labels ??= JSON.parse(readFileSync(join(templatesDir(), 'vi.json'), 'utf8')) as ViLabels);

export const viWeekday = (isoDate: string): string =>
  viLabels().weekdays[new Date(startOfLocalDay(isoDate).getTime() + 7 * 3600e3).getUTCDay()];
export const viDueParts = (isoDate: string) => ({ dueDate: formatViDate(isoDate), dueWeekday: viWeekday(isoDate) });

const hbs = Handlebars.create();
const compiled = new Map<string, { subject: HandlebarsTemplateDelegate; body: HandlebarsTemplateDelegate }>();
let layout: HandlebarsTemplateDelegate | undefined;

function load(kind: MailKind) {
  let t = compiled.get(kind);
  if (!t) {
    const src = readFileSync(join(templatesDir(), `${kind}.hbs`), 'utf8');
    const sep = src.indexOf('\n---\n');
    if (sep < 0) throw new Error(`template ${kind}.hbs must start with a subject line followed by a line "---"`);
    t = {
      subject: hbs.compile(src.slice(0, sep).trim(), { strict: true, noEscape: true }),
      body: hbs.compile(src.slice(sep + 5), { strict: true }),
    };
    compiled.set(kind, t);
  }
  layout ??= hbs.compile(readFileSync(join(templatesDir(), 'layout.hbs'), 'utf8'), { strict: true });
  return t;
}

export function renderMail<K extends MailKind>(kind: K, vars: MailVars[K]): RenderedMail {
  const t = load(kind);
  // The plan as people name it: its number once it has one, else its title (never the placeholder "__/KH-UBND").
  const planRef = planReference(vars.planNumber, 'planTitle' in vars ? vars.planTitle : undefined);
  const all = { ...vars, planRef, planNumberReal: !isPlaceholderNumber(vars.planNumber) };
  const subject = t.subject(all).replace(/\s+/g, ' ');
  const body = t.body(all);
  const html = layout!({ ...all, subject, body });
  return { subject, html, text: htmlToText(body) + `\n\n-- \n${vars.communeName} · ${planRef}\n` };
}

/**
 * A plain-text alternative from the HTML body: paragraphs and list items on their own lines; a labelled link's address
 * on a line of its own after the label, never in parentheses, which some clients take into the link.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<a [^>]*href="([^"]*)"[^>]*>([^<]*)<\/a>/g, (_, href: string, label: string) =>
      label === href ? href : `${label}:\n${href}\n`,
    )
    .replace(/<li>/g, '- ')
    .replace(/<\/(p|li|ul)>/g, '\n')
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(lt|gt|quot|#x[0-9a-fA-F]+|#[0-9]+);/g, (_, e: string) => decodeEntity(e))
    .replace(/&amp;/g, '&') // last, so an escaped "&lt;" in a value stays "&lt;"
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', quot: '"' };
const decodeEntity = (e: string): string =>
  NAMED[e] ?? String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));

/** How a role holder is addressed in a mail: the person and the title, or for a role held in every village the title and the village. */
export function addressee(role: { person: string; title: string; fanOut?: string }, unitName?: string | null): string {
  if (role.fanOut && unitName) return `${role.title} ${unitName}`;
  return role.person && role.person !== role.title ? `${role.person} (${role.title})` : role.title;
}
