import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { formToken, sameToken } from '#libs/database/src/index.js';
import { vi } from '../i18n/vi.js';
import { messagePage, privatePage, signInConfirmPage, signInPage, signInRefusedPage } from './auth-pages.js';
import { API_CSRF_PURPOSE } from './access.service.js';
import { authOf, fromThisSite, SESSION_TTL_MS, setSessionCookie } from './session.js';
import { isEmailShape, safeNextPath, SIGN_IN_TTL_MS, SignInService } from './sign-in.service.js';

/** Sign-in pages (Vietnamese): ask for a link by e-mail, confirm it with a POST, sign out. */
@ApiExcludeController()
@Controller()
export class SignInController {
  constructor(@Inject(SignInService) private readonly signIn: SignInService) {}

  @Get('dang-nhap')
  form(@Query('next') next: unknown, @Res({ passthrough: true }) res: Response) {
    privatePage(res, 200);
    return signInPage({ next: safeNextPath(next), minutes: SIGN_IN_TTL_MS / 60_000 });
  }

  /** The same answer, in the same time, for every well-formed address, known or not: the lookup runs after it. */
  @Post('dang-nhap')
  @HttpCode(200)
  async request(@Body() body: Record<string, unknown> = {}, @Res({ passthrough: true }) res: Response) {
    const next = safeNextPath(body.next);
    if (!isEmailShape(body.email)) {
      privatePage(res, 422);
      return signInPage({ next, error: true, email: typeof body.email === 'string' ? body.email : '', minutes: SIGN_IN_TTL_MS / 60_000 });
    }
    this.signIn.requestLater(body.email, next);
    privatePage(res, 200);
    return signInPage({ next, sent: true, minutes: SIGN_IN_TTL_MS / 60_000 });
  }

  /** What the mailed link opens: a page with a button. Opening it (a mail scanner does) signs nobody in. */
  @Get('dang-nhap/xac-nhan')
  async confirmForm(@Query('t') token: unknown, @Res({ passthrough: true }) res: Response) {
    const check = await this.signIn.check(token);
    if ('refused' in check) {
      privatePage(res, check.refused === 'unknown' ? 404 : 410);
      return signInRefusedPage();
    }
    privatePage(res, 200);
    return signInConfirmPage(token as string);
  }

  /** Uses the link once and starts a session; only from this site's own page (no signing someone in from elsewhere). */
  @Post('dang-nhap/xac-nhan')
  async confirm(@Req() req: Request, @Body() body: Record<string, unknown> = {}, @Res({ passthrough: true }) res: Response) {
    if (!fromThisSite(req, this.signIn.baseUrl)) {
      privatePage(res, 403);
      return signInRefusedPage();
    }
    const r = await this.signIn.confirm(body.t);
    if ('refused' in r) {
      privatePage(res, r.refused === 'unknown' ? 404 : 410);
      return signInRefusedPage();
    }
    setSessionCookie(res, r.sessionToken, SESSION_TTL_MS, this.signIn.secureCookie);
    privatePage(res, 303);
    res.setHeader('Location', r.nextPath ?? '/app/');
    return '';
  }

  @Post('dang-xuat')
  async signOut(@Req() req: Request, @Body() body: Record<string, unknown> = {}, @Res({ passthrough: true }) res: Response) {
    const auth = authOf(req);
    // The page's form token, or the web app's CSRF token (GET /api/v1/me).
    const token = typeof body.csrf === 'string' ? body.csrf : '';
    if (
      !auth.sessionToken ||
      !(sameToken(token, formToken(auth.sessionToken, 'sign-out')) || sameToken(token, formToken(auth.sessionToken, API_CSRF_PURPOSE)))
    ) {
      privatePage(res, 403);
      return messagePage(vi.auth.signOut, vi.auth.formInvalid, auth);
    }
    await this.signIn.signOut(auth.sessionToken);
    setSessionCookie(res, '', 0, this.signIn.secureCookie);
    privatePage(res, 200);
    return messagePage(vi.auth.signOut, vi.auth.signedOut, { actorHeader: auth.actorHeader });
  }
}
