import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '#libs/config/src/index.js';
import { hashToken, isTokenShape, StaffRepository } from '#libs/database/src/index.js';
import { isLocalClient } from '../common/local-client.js';
import { fromThisSite, readCookie, SESSION_COOKIE, type AuthedRequest } from './session.js';

/**
 * Finds the signed-in user of every request from its session cookie (stored hashed); a stale cookie counts as none.
 * Also decides whether the development switches (X-Dondoc-Actor header, mailbox) count: only when configured and only
 * for a request from this machine.
 */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(StaffRepository) private readonly staff: StaffRepository,
  ) {}

  async use(req: Request, _res: Response, next: NextFunction) {
    try {
      const token = readCookie(req, SESSION_COOKIE);
      const user =
        isTokenShape(token) && fromThisSite(req, this.config.baseUrl) ? await this.staff.sessionUser(hashToken(token)) : undefined;
      // The development switches count only for requests from this machine (the TCP peer, not a header).
      const local = isLocalClient(req);
      (req as AuthedRequest).dondocAuth = {
        actorHeader: this.config.actorHeader && local,
        mailbox: !!this.config.mailboxDir && local,
        ...(user ? { user, sessionToken: token } : {}),
      };
      next();
    } catch (err) {
      next(err);
    }
  }
}
