import type { Request, Response } from 'express';
import { formToken, sameToken } from '../../../../libs/database/src/index.js';
import { privatePage } from '../auth/auth-pages.js';
import { authOf, type RequestAuth } from '../auth/session.js';
import { toSignIn } from './nav.js';

export type SignedIn = RequestAuth & Required<Pick<RequestAuth, 'user' | 'sessionToken'>>;

export interface FormPage {
  /** The page's path, where signing in brings the user back to. */
  here: string;
  /** The form token's purpose: a token of one page is refused by another. */
  purpose: string;
  /** The page with a message, for the 401 and 403 answers. */
  render: (auth: RequestAuth, csrf: string, message: string) => string;
  signInRequired: string;
  formInvalid: string;
}

/**
 * A staff form page: the signed-in user and the page's form token, or the answer already sent — a GET without a
 * session goes to sign in and back; a post without one is a 401 page; a post without this page's form token
 * (`body` given) a 403 page.
 */
export function signedInForm(req: Request, res: Response, p: FormPage, body?: Record<string, unknown>): { auth: SignedIn; csrf: string } | undefined {
  const auth = authOf(req);
  if (!auth.user || !auth.sessionToken) {
    if (req.method === 'GET') toSignIn(res, p.here);
    else {
      privatePage(res, 401);
      res.send(p.render(auth, '', p.signInRequired));
    }
    return undefined;
  }
  const csrf = formToken(auth.sessionToken, p.purpose);
  if (body && (typeof body.csrf !== 'string' || !sameToken(body.csrf, csrf))) {
    privatePage(res, 403);
    res.send(p.render(auth, csrf, p.formInvalid));
    return undefined;
  }
  return { auth: auth as SignedIn, csrf };
}
