import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import { readCookie } from '../lib/cookies';
import { normaliseEmail } from './users';

/**
 * A browser that has signed in to an account gets a cookie saying so, and the
 * sign-in throttle then counts that browser's failures on its own
 * (login-throttle.ts): someone else failing at the same address, or on the same
 * account, cannot lock it out. The cookie holds a random id and a signature
 * binding it to the account's e-mail, so it can be neither forged nor carried to
 * another account; it names neither.
 */
const DEVICE_COOKIE_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;

export interface DeviceCookies {
  /** This browser's device id for `email`, when its cookie is genuine and for that account. */
  read(req: Request, email: string): string | undefined;
  /** A new device cookie for `email`, replacing any other. */
  issue(res: Response, email: string): void;
}

export function deviceCookies(secret: string, secure: boolean): DeviceCookies {
  // The __Host- prefix pins the cookie to this host and path, over HTTPS only.
  const name = secure ? '__Host-tracker.device' : 'tracker.device';
  const signature = (email: string, id: string) =>
    crypto.createHmac('sha256', secret).update(`device\n${normaliseEmail(email)}\n${id}`).digest('base64url');
  return {
    read(req, email) {
      const [id, signed] = (readCookie(req, name) ?? '').split('.');
      if (!id || !signed) return undefined;
      const expected = Buffer.from(signature(email, id));
      const given = Buffer.from(signed);
      return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? id : undefined;
    },
    issue(res, email) {
      const id = crypto.randomBytes(16).toString('base64url');
      res.cookie(name, `${id}.${signature(email, id)}`, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: DEVICE_COOKIE_MAX_AGE_MS });
    },
  };
}
