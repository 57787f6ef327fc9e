import { Inject, Injectable } from '@nestjs/common';
import {
  ActionLinkRepository,
  formToken,
  hashToken,
  isTokenShape,
  sameToken,
  StaffRepository,
  StepRepository,
  type ActionLinkRow,
  type LinkAction,
} from '#libs/database/src/index.js';
import { DomainError, holdsRole } from '#libs/domain/src/index.js';
import type { StepView } from '../plans/plan-views.js';
import { StepsService } from '../steps/steps.service.js';
import type { RequestAuth } from './session.js';

/** The field each action's form asks for, and whether it must be filled. */
export const ACTION_FIELDS: Record<LinkAction, { name: 'note' | 'reason'; required: boolean }> = {
  approve: { name: 'note', required: false },
  reject: { name: 'reason', required: true },
  submit: { name: 'note', required: true },
};

/** The evidence an approval or return link is about: the submission's note, links and files (names, sizes, ids). */
export interface LinkSubmission {
  version: number;
  note: string;
  links: string[];
  files: { id: string; name: string; size: number }[];
}

/** What an action page shows; the controller renders it with its HTTP status. */
export type ActionPage =
  | { kind: 'unknown' }
  | { kind: 'expired' | 'used'; link: ActionLinkRow; step: StepView }
  | { kind: 'superseded'; link: ActionLinkRow; step: StepView; current: number }
  | { kind: 'sign-in'; link: ActionLinkRow; step: StepView; next: string }
  | { kind: 'not-yours'; link: ActionLinkRow; step: StepView }
  | { kind: 'form-invalid'; link: ActionLinkRow; step: StepView }
  | {
      kind: 'confirm';
      link: ActionLinkRow;
      step: StepView;
      csrf: string;
      fieldError?: boolean;
      value?: string;
      submission?: LinkSubmission;
    }
  | { kind: 'done'; link: ActionLinkRow; step: StepView }
  | { kind: 'step-refused'; link: ActionLinkRow; step: StepView; code: string };

/**
 * Action links in mails: the reference in the link names a stored link (plan, step, action, the role it was sent to).
 * Opening it changes nothing; only a POST of the confirmation form, by a signed-in holder of that role, with the
 * form's token, acts, and only once. Every refusal is written to action_refusal.
 */
@Injectable()
export class ActionLinksService {
  constructor(
    @Inject(StepsService) private readonly steps: StepsService,
    @Inject(ActionLinkRepository) private readonly links: ActionLinkRepository,
    @Inject(StaffRepository) private readonly staff: StaffRepository,
    @Inject(StepRepository) private readonly stepRows: StepRepository,
  ) {}

  /** GET: what the link is for and what the user may do; never acts. */
  async open(ref: string, auth: RequestAuth): Promise<ActionPage> {
    const refHash = isTokenShape(ref) ? hashToken(ref) : null;
    const link = refHash ? await this.links.find(refHash) : undefined;
    if (!link) return this.refuse({ kind: 'unknown' }, refHash, auth, 'unknown', 'GET');
    const step = await this.stepView(link);
    const stale = this.staleness(link, step) ?? (await this.superseded(link, step));
    if (stale) return this.refuse(stale, refHash, auth, stale.kind, 'GET');
    if (!auth.user || !auth.sessionToken) return { kind: 'sign-in', link, step, next: `/hanh-dong/${ref}` };
    if (!(await this.holdsSeat(auth.user.id, link)))
      return this.refuse({ kind: 'not-yours', link, step }, refHash, auth, 'not-yours', 'GET');
    return {
      kind: 'confirm',
      link,
      step,
      csrf: formToken(auth.sessionToken, `action:${link.refHash}`),
      submission: await this.submission(link),
    };
  }

  /** POST: acts once, under the link's row lock, for a signed-in holder of its role with the form's token. */
  async act(ref: string, auth: RequestAuth, form: Record<string, unknown>): Promise<ActionPage> {
    const refHash = isTokenShape(ref) ? hashToken(ref) : null;
    const known = refHash ? await this.links.find(refHash) : undefined;
    if (!known) return this.refuse({ kind: 'unknown' }, refHash, auth, 'unknown', 'POST');
    if (!auth.user || !auth.sessionToken) {
      return this.refuse(
        { kind: 'sign-in', link: known, step: await this.stepView(known), next: `/hanh-dong/${ref}` },
        refHash,
        auth,
        'not-signed-in',
        'POST',
      );
    }
    const { user, sessionToken } = auth;
    const csrf = formToken(sessionToken, `action:${known.refHash}`);
    if (typeof form.csrf !== 'string' || !sameToken(form.csrf, csrf)) {
      return this.refuse({ kind: 'form-invalid', link: known, step: await this.stepView(known) }, refHash, auth, 'form-token', 'POST');
    }
    const field = ACTION_FIELDS[known.action];
    const value = typeof form[field.name] === 'string' ? (form[field.name] as string).trim() : '';
    let refusal: { page: ActionPage; reason: string; detail?: string } | undefined;
    const { result } = await this.links.use(
      known.refHash,
      async (link) => {
        const step = await this.stepView(link);
        const stale = this.staleness(link, step) ?? (await this.superseded(link, step));
        if (stale) return { used: false, result: (refusal = { page: stale, reason: stale.kind }).page };
        if (!(await this.holdsSeat(user.id, link)))
          return { used: false, result: (refusal = { page: { kind: 'not-yours', link, step }, reason: 'not-yours' }).page };
        if (field.required && !value)
          return {
            used: false,
            result: { kind: 'confirm', link, step, csrf, fieldError: true, value, submission: await this.submission(link) } as ActionPage,
          };
        try {
          await this.perform(link, value, user.id);
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          if (err.code === 'EVIDENCE_SUPERSEDED') {
            const now = await this.stepView(link);
            const page: ActionPage = (await this.superseded(link, now)) ?? { kind: 'step-refused', link, step: now, code: err.code };
            return { used: false, result: (refusal = { page, reason: 'superseded', detail: `${err.code}: ${err.message}` }).page };
          }
          const page: ActionPage = { kind: 'step-refused', link, step: await this.stepView(link), code: err.code };
          return { used: false, result: (refusal = { page, reason: 'step-refused', detail: `${err.code}: ${err.message}` }).page };
        }
        return { used: true, result: { kind: 'done', link, step: await this.stepView(link) } as ActionPage };
      },
      user.id,
    );
    if (refusal) return this.refuse(refusal.page, refHash, auth, refusal.reason, 'POST', refusal.detail);
    return result!;
  }

  /**
   * The link acts as the role it was sent to, for the person who opened it (separation of duties compares that
   * person), on the evidence version it was mailed with: the workflow checks that role against the step once more.
   */
  private perform(link: ActionLinkRow, value: string, userId: string) {
    const as = { role: link.roleKey, userId };
    const version = link.evidenceVersion ?? undefined;
    switch (link.action) {
      case 'approve':
        return this.steps.approve(as, link.planId, link.stepId, value || undefined, version);
      case 'reject':
        return this.steps.reject(as, link.planId, link.stepId, value, version);
      case 'submit':
        return this.steps.submit(as, link.planId, link.stepId, { note: value });
    }
  }

  private staleness(link: ActionLinkRow, step: StepView): ActionPage | undefined {
    if (link.usedAt) return { kind: 'used', link, step };
    if (link.expired) return { kind: 'expired', link, step };
    return undefined;
  }

  /** An approval or return link mailed with an evidence version that a later submission replaced. */
  private async superseded(link: ActionLinkRow, step: StepView): Promise<ActionPage | undefined> {
    if (link.action === 'submit' || link.evidenceVersion == null) return undefined;
    const last = await this.stepRows.lastSubmission(link.planId, link.stepId);
    return last && last.version !== link.evidenceVersion ? { kind: 'superseded', link, step, current: last.version } : undefined;
  }

  /** What the approver decides on: the submission the link was mailed with (an unbound link: the latest one). */
  private async submission(link: ActionLinkRow): Promise<LinkSubmission | undefined> {
    if (link.action === 'submit') return undefined;
    const s =
      link.evidenceVersion != null
        ? await this.stepRows.submission(link.planId, link.stepId, link.evidenceVersion)
        : await this.stepRows.lastSubmission(link.planId, link.stepId);
    if (!s) return undefined;
    const e = s.evidence;
    return {
      version: e?.version ?? link.evidenceVersion ?? 1,
      note: s.note ?? '',
      links: e?.links ?? [],
      files: (e?.files ?? []).map(({ id, name, size }) => ({ id, name, size })),
    };
  }

  /** The user holds the role the link was sent to, in its plan (and a village role in its village). */
  private async holdsSeat(userId: string, link: ActionLinkRow): Promise<boolean> {
    return holdsRole(await this.staff.memberships(userId, link.planId), link.roleKey, link.unitId);
  }

  private async stepView(link: ActionLinkRow): Promise<StepView> {
    return this.steps.get(link.planId, link.stepId);
  }

  private async refuse(
    page: ActionPage,
    refHash: string | null,
    auth: RequestAuth,
    reason: string,
    method: string,
    detail?: string,
  ): Promise<ActionPage> {
    const link = 'link' in page ? page.link : undefined;
    await this.links.refuse({
      kind: 'action',
      reason,
      refHash,
      userId: auth.user?.id ?? null,
      planId: link?.planId ?? null,
      stepId: link?.stepId ?? null,
      detail: [method, detail].filter(Boolean).join(' '),
    });
    return page;
  }
}
