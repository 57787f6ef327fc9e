import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { SignedInUser } from '#libs/database/src/index.js';
import { DomainError } from '#libs/domain/src/index.js';
import { authOf } from '../auth/session.js';

export const ACTOR_HEADER = 'x-dondoc-actor';

/**
 * Who acts: a signed-in user (their role for the step is chosen by ActorRolesService), or a role key named in the
 * X-Dondoc-Actor header — the development and test switch, accepted only with APP_ACTOR_HEADER=on; the workflow
 * then checks that role against the step's assignee or approver. `userId`: an action link acts as the role it was
 * mailed to, for the signed-in person who opened it (separation of duties compares that person).
 */
export type Actor = { role: string; userId?: string } | { user: SignedInUser };

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor =>
  actorOf(ctx.switchToHttp().getRequest<Request>()),
);

/** The request's actor (see CurrentActor), or a DomainError when there is none. */
export function actorOf(req: Request): Actor {
  const auth = authOf(req);
  const raw = req.headers[ACTOR_HEADER];
  const header = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (header) {
    if (!auth.actorHeader)
      throw new DomainError(
        'ACTOR_HEADER_DISABLED',
        `The ${ACTOR_HEADER} header is accepted only when APP_ACTOR_HEADER=on; sign in at /dang-nhap`,
      );
    return { role: header };
  }
  if (auth.user) return { user: auth.user };
  throw new DomainError(
    'ACTOR_REQUIRED',
    auth.actorHeader
      ? `Sign in at /dang-nhap, or name a role key in the ${ACTOR_HEADER} header (such as finance_officer)`
      : 'Sign in at /dang-nhap',
  );
}
