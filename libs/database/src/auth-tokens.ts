import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The secrets of sign-in: a token travels once (in a mail or a cookie) and only its SHA-256 is stored, so a copy of
 * the database signs nobody in. 256 random bits, base64url: 43 characters.
 */
export const newToken = (): string => randomBytes(32).toString('base64url');

export const hashToken = (raw: string): string => createHash('sha256').update(raw, 'utf8').digest('hex');

/** The shape of every token and reference dondoc hands out; anything else is refused before a look-up. */
export const isTokenShape = (raw: unknown): raw is string => typeof raw === 'string' && /^[A-Za-z0-9_-]{43}$/.test(raw);

/**
 * An action link's reference, derived from a server secret and the mail's outbox key: the same mail always carries
 * the same reference (an activity that runs twice writes one link), and without the secret nobody can make one.
 */
export const actionRef = (secret: string, mailKey: string, action: string): string =>
  createHmac('sha256', secret).update(`action-link:v1\n${mailKey}\n${action}`).digest('base64url');

/** A per-form token against cross-site requests: an HMAC of the form's purpose keyed by the session's own secret. */
/** The purpose of the form token a write to /api/v1 with the session cookie carries as X-CSRF-Token. */
export const API_CSRF_PURPOSE = 'api:v1';

export const formToken = (sessionToken: string, purpose: string): string =>
  createHmac('sha256', sessionToken).update(`form:v1\n${purpose}`).digest('base64url');

export const sameToken = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};
