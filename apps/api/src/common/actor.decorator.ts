import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../../../../libs/domain/src/index.js';

export const ACTOR_HEADER = 'x-dondoc-actor';

/**
 * The acting role key. Until staff sign-in exists this comes from the X-Dondoc-Actor header and the workflow checks
 * it against the step's assignee or approver.
 */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const raw = ctx.switchToHttp().getRequest<Request>().headers[ACTOR_HEADER];
  const actor = Array.isArray(raw) ? raw[0] : raw;
  if (!actor?.trim()) throw new DomainError('ACTOR_REQUIRED', `The ${ACTOR_HEADER} header (a role key such as finance_officer) is required`);
  return actor.trim();
});
