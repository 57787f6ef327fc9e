import { HttpException, Inject, Injectable, RequestMethod, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AccessService } from './access.service.js';
import { API_PREFIX, API_ROUTE_ACCESS, routeKey } from './api-routes.js';

const first = (p: unknown): string => (Array.isArray(p) ? String(p[0] ?? '') : typeof p === 'string' ? p : '');

/**
 * Authorization on every route of the JSON API (/api/v1): the route's action from API_ROUTE_ACCESS, the target from
 * its `planId` and `stepId` parameters, the decision from AccessService. Unauthenticated: 401; refused: 403 with
 * `{ code, message, reason }`, logged. Runs before pipes and interceptors, so a refused request uploads nothing and
 * is not validated. Other routes (pages, sign-in, mailbox, health, docs) pass through.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AccessService) private readonly access: AccessService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const method = RequestMethod[this.reflector.get<RequestMethod>(METHOD_METADATA, ctx.getHandler())] ?? 'ALL';
    const key = routeKey(
      method,
      first(this.reflector.get(PATH_METADATA, ctx.getClass())),
      first(this.reflector.get(PATH_METADATA, ctx.getHandler())),
    );
    const path = key.slice(key.indexOf(' ') + 1);
    if (!`${path}/`.startsWith(API_PREFIX)) return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    const params = req.params as Record<string, string | undefined>;
    const forged = await this.access.csrfRefusal(req, path, { planId: params.planId, stepId: params.stepId });
    if (forged) throw new HttpException(forged.body, forged.status);
    const refused = await this.access.check(
      req,
      Object.hasOwn(API_ROUTE_ACCESS, key) ? API_ROUTE_ACCESS[key] : undefined,
      { planId: params.planId, stepId: params.stepId },
      path,
    );
    if (refused) throw new HttpException(refused.body, refused.status);
    return true;
  }
}
