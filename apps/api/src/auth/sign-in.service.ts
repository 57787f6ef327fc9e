import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config/src/index.js';
import {
  ActionLinkRepository,
  hashToken,
  isTokenShape,
  newToken,
  PlanRepository,
  StaffRepository,
  type TokenRefusal,
} from '#libs/database/src/index.js';
import { MailTransport, messageIdFor, renderMail } from '#libs/mail/src/index.js';
import { SESSION_TTL_MS } from './session.js';

/** A sign-in link works for 15 minutes, once. */
export const SIGN_IN_TTL_MS = 15 * 60_000;
/** At most this many sign-in mails per address in the window. */
export const SIGN_IN_CAP = { max: 5, windowMs: 15 * 60_000 };
const SEND_ATTEMPTS = 3;
/** Sign-in requests waiting to be looked up; beyond this many the newest are dropped (and logged), never queued without end. */
const MAX_PENDING = 200;

/** A path of this site to come back to after signing in; anything else (another site, `//host`) is dropped. */
export const safeNextPath = (next: unknown): string | null =>
  typeof next === 'string' && next.length <= 500 && /^\/(?![/\\])[^\s\\]*$/.test(next) ? next : null;

export const isEmailShape = (email: unknown): email is string =>
  typeof email === 'string' && email.length <= 320 && /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(email.trim());

/**
 * Staff sign in by e-mail: a one-time link (256-bit token, only its SHA-256 stored, 15 minutes, one use) opens a
 * confirmation page whose POST starts a session (random id in an HttpOnly cookie, only its SHA-256 stored, 12 hours).
 * The link is sent straight through SMTP and never written to the outbox, so the raw token exists only in the mail.
 */
@Injectable()
export class SignInService {
  private readonly log = new Logger('SignIn');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MailTransport) private readonly transport: MailTransport,
    @Inject(StaffRepository) private readonly staff: StaffRepository,
    @Inject(PlanRepository) private readonly plans: PlanRepository,
    @Inject(ActionLinkRepository) private readonly refusals: ActionLinkRepository,
  ) {}

  private pending = 0;
  private queue: Promise<void> = Promise.resolve();

  /**
   * Takes a sign-in request and returns at once: the address is looked up, the link stored and mailed after the answer,
   * one request at a time, so the answer takes the same time for a known and an unknown address (no enumeration by
   * timing) and a flood of requests waits in a bounded line instead of loading the database.
   */
  requestLater(email: string, next: unknown): void {
    if (this.pending >= MAX_PENDING) {
      this.log.warn(`sign-in request dropped: ${MAX_PENDING} requests are already waiting`);
      return;
    }
    this.pending++;
    // setImmediate: not before this request's answer has been written.
    this.queue = this.queue
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => this.request(email, next))
      .catch((err: unknown) => this.log.error(`sign-in request failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        this.pending--;
      });
  }

  /**
   * Sends a sign-in link to a known, active address with a role in some plan, at most SIGN_IN_CAP times per window.
   * The caller learns nothing: the answer is the same for every address, and the mail goes out after it.
   */
  async request(email: string, next: unknown): Promise<void> {
    const user = await this.staff.findByEmail(email);
    if (!user?.active) {
      this.log.log('sign-in link asked for an address that is unknown or disabled; nothing sent');
      return;
    }
    const planIds = new Set((await this.staff.memberships(user.id)).map((m) => m.planId));
    const plan = (await this.plans.list()).find((p) => planIds.has(p.id));
    if (!plan) {
      this.log.log(`sign-in link asked for user ${user.id}, who holds no role in any plan; nothing sent`);
      return;
    }
    const token = newToken();
    const tokenHash = hashToken(token);
    const stored = await this.staff.addSignInToken(
      { userId: user.id, tokenHash, nextPath: safeNextPath(next), ttlMs: SIGN_IN_TTL_MS },
      SIGN_IN_CAP,
    );
    if (!stored) {
      await this.refusals.refuse({
        kind: 'sign-in',
        reason: 'rate-limited',
        userId: user.id,
        detail: `more than ${SIGN_IN_CAP.max} links in ${SIGN_IN_CAP.windowMs / 60_000} minutes`,
      });
      return;
    }
    const mail = renderMail('sign-in', {
      communeName: plan.issuerName,
      planNumber: plan.number,
      userName: user.displayName,
      signInUrl: `${this.config.baseUrl}/dang-nhap/xac-nhan?t=${token}`,
      validMinutes: SIGN_IN_TTL_MS / 60_000,
    });
    void this.send({ messageId: messageIdFor(`sign-in:${tokenHash}`), to: user.email, ...mail });
  }

  /** Sends in the background with a short backoff; a link that never arrives is asked for again. */
  private async send(m: Parameters<MailTransport['send']>[0]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.transport.send(m);
        return;
      } catch (err) {
        if (attempt >= SEND_ATTEMPTS) {
          this.log.warn(
            `sign-in mail ${m.messageId} not sent after ${attempt} attempts: ${err instanceof Error ? err.message : String(err)}`,
          );
          return;
        }
        await new Promise((r) => setTimeout(r, 2000 * 4 ** (attempt - 1)));
      }
    }
  }

  /** Whether a sign-in link is still good, without using it (the confirmation page a mail scanner may open). */
  async check(token: unknown): Promise<{ ok: true } | { refused: TokenRefusal }> {
    return isTokenShape(token) ? this.staff.peekSignInToken(hashToken(token)) : { refused: 'unknown' };
  }

  /** Uses the token once: a new session (its raw id for the cookie) and where to go next; a refusal is logged. */
  async confirm(token: unknown): Promise<{ sessionToken: string; nextPath: string | null } | { refused: TokenRefusal }> {
    const tokenHash = isTokenShape(token) ? hashToken(token) : null;
    const sessionToken = newToken();
    const r = tokenHash
      ? await this.staff.signIn(tokenHash, { idHash: hashToken(sessionToken), ttlMs: SESSION_TTL_MS })
      : ({ refused: 'unknown' } as const);
    if ('refused' in r) {
      await this.refusals.refuse({ kind: 'sign-in', reason: r.refused, refHash: tokenHash, userId: 'userId' in r ? r.userId : null });
      return { refused: r.refused };
    }
    return { sessionToken, nextPath: r.nextPath };
  }

  async signOut(sessionToken: string): Promise<void> {
    await this.staff.endSession(hashToken(sessionToken));
  }

  get secureCookie(): boolean {
    return this.config.baseUrl.startsWith('https:');
  }

  get baseUrl(): string {
    return this.config.baseUrl;
  }
}
