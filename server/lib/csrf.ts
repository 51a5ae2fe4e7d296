import type { Request } from 'express';
import { csrfSync, type CsrfSync, type CsrfSyncOptions } from 'csrf-sync';
import { readCookie } from './cookies';

/**
 * csrf-sync, with the token kept where the visitor has room for it. A
 * signed-in user's token is kept in their session (the synchroniser pattern).
 *
 * An anonymous visitor (the sign-in and set-up forms) gets no session at all:
 * storing one per visitor let anyone fill the sessions table with cookieless
 * requests. Their token is kept in a cookie of its own instead, and a form must
 * send back the same value (the double-submit pattern). Another site can
 * neither read that cookie nor send it with a cross-site post (SameSite=Lax),
 * and over HTTPS nor set it from a sibling domain (the __Host- prefix). A
 * signature would add nothing: it binds a token to a session, and there is
 * none yet (docs/decisions/0003-anonymous-visitors-store-nothing.md).
 */
export function csrfSyncWithoutAnonymousSessions(secure: boolean, options: Pick<CsrfSyncOptions, 'getTokenFromRequest' | 'skipCsrfProtection'>): CsrfSync {
  const cookieName = secure ? '__Host-tracker.csrf' : 'tracker.csrf';
  const anonymous = (req: Request) => req.session.userId === undefined;
  return csrfSync({
    ...options,
    getTokenFromState: (req) => (anonymous(req) ? readCookie(req, cookieName) : req.session.csrfToken),
    storeTokenInState: (req, token) => {
      if (!anonymous(req)) req.session.csrfToken = token ?? undefined;
      else if (token) req.res!.cookie(cookieName, token, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
    },
    // 256 bits; the anonymous token travels in a cookie with every request.
    size: 32,
  });
}
