import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { formToken } from '../../../../libs/database/src/index.js';
import { privatePage } from '../auth/auth-pages.js';
import { authOf } from '../auth/session.js';
import { fill, vi } from '../i18n/vi.js';
import type { UploadGate } from '../common/gated-upload.js';
import type { FormPage } from './signed-in-form.js';
import { PlanStartService } from './plan-start.service.js';

/**
 * Who may upload a plan file or a plan document (to check, preview, start or import it), decided before the body is
 * read: a signed-in chairman or approving vice-chairman of a loaded plan. Anyone else gets the page with a 401 or
 * 403 and the file is never read, let alone parsed. Which plan the file may then load is decided after parsing
 * (PlanStartService.check: the plan's own managers).
 */
export abstract class PlanLoadGate implements UploadGate {
  protected abstract readonly form: FormPage;
  constructor(@Inject(PlanStartService) private readonly starts: PlanStartService) {}

  async allow(req: Request, res: Response): Promise<boolean> {
    const auth = authOf(req);
    if (!auth.user || !auth.sessionToken) {
      privatePage(res, 401);
      res.send(this.form.render(auth, '', this.form.signInRequired));
      return false;
    }
    if (!(await this.starts.mayLoadPlans(auth.user))) {
      privatePage(res, 403);
      res.send(this.form.render(auth, formToken(auth.sessionToken, this.form.purpose), vi.web.planStart.notAllowedAny));
      return false;
    }
    return true;
  }
}

/** The answer to a body declared larger than the route's limits: its page, 413, nothing read. */
export const pageTooLarge = (form: () => FormPage, text: () => string) => (req: Request, res: Response, max: number) => {
  const auth = authOf(req);
  privatePage(res, 413);
  res.setHeader('Connection', 'close');
  res.send(form().render(auth, auth.sessionToken ? formToken(auth.sessionToken, form().purpose) : '', fill(text(), { max: Math.round(max / 1024 / 1024) })));
};
