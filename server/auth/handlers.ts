import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Db } from '../db/client';
import { NotFoundError } from '../lib/errors';
import { t } from '../lib/i18n';
import { render, seeOther } from '../lib/render';
import { logSecurityEvent } from '../lib/security-log';
import { safeNext } from '../lib/safe-path';
import { parseInput, requiredText, type FieldErrors } from '../lib/validation';
import { deviceCookies } from './device-cookie';
import { LoginThrottle, type SignInAttempt } from './login-throttle';
import { authenticate, countActiveUsers, createUser } from './users';

const loginSchema = z.object({
  email: requiredText(320),
  password: z.string({ error: 'validation.required' }).min(1, { error: 'validation.required' }).max(1000),
  next: z.string().optional(),
  _csrf: z.string().optional(),
}).strict();

export const PASSWORD_MIN = 12;

/** A new password, typed twice: the set-up page's and an invitation's. */
export const newPasswordFields = {
  password: z
    .string({ error: 'validation.required' })
    .min(PASSWORD_MIN, { error: 'validation.password_length' })
    .max(1000),
  password_confirmation: z.string({ error: 'validation.required' }),
};
export const passwordsMatch: [(v: { password: string; password_confirmation: string }) => boolean, { error: string; path: string[] }] = [
  (v) => v.password === v.password_confirmation,
  { error: 'validation.password_mismatch', path: ['password_confirmation'] },
];

const setupSchema = z
  .object({
    name: requiredText(200),
    email: z.string({ error: 'validation.required' }).trim().pipe(z.email({ error: 'validation.email' })),
    ...newPasswordFields,
    _csrf: z.string().optional(),
  })
  .strict()
  .refine(...passwordsMatch);

export function startSession(req: Request, userId: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // A fresh id at login defeats session fixation.
    req.session.regenerate((err) => {
      if (err) return reject(err);
      req.session.userId = userId;
      req.session.startedAt = Date.now();
      resolve();
    });
  });
}

export interface AuthCookies {
  /** The session cookie's name, to clear it at sign-out. */
  sessionCookie: string;
  /** Signs the device cookie. */
  secret: string;
  secure: boolean;
}

export function createAuthHandlers(db: Db, cookies: AuthCookies) {
  const throttle = new LoginThrottle();
  const devices = deviceCookies(cookies.secret, cookies.secure);

  function renderLogin(req: Request, res: Response, status: number, values: Record<string, unknown>, errors?: FieldErrors) {
    render(req, res, { page: 'login', title: 'auth.login_title', status, model: { values, errors } });
  }

  return {
    showLogin(req: Request, res: Response) {
      if (res.locals.user) return seeOther(res, safeNext(req.query.next));
      render(req, res, {
        page: 'login',
        title: 'auth.login_title',
        model: { values: { next: typeof req.query.next === 'string' ? req.query.next : '' }, setupOpen: countActiveUsers(db) === 0 },
      });
    },

    async login(req: Request, res: Response) {
      const parsed = parseInput(loginSchema, req.body);
      if (!parsed.ok) return renderLogin(req, res, 422, { email: req.body?.email, next: req.body?.next }, parsed.errors);
      const { email, password, next } = parsed.data;
      const attempt: SignInAttempt = { email, address: req.ip, device: devices.read(req, email) };
      const wait = throttle.retryAfterSeconds(attempt);
      if (wait > 0) {
        logSecurityEvent(req, res, 'login_throttled', { email });
        res.set('Retry-After', String(wait));
        return renderLogin(req, res, 429, { email, next }, { _form: t('auth.throttled', { count: Math.ceil(wait / 60) }) });
      }
      const user = await authenticate(db, email, password);
      if (!user) {
        throttle.recordFailure(attempt);
        logSecurityEvent(req, res, 'login_failure', { email });
        return renderLogin(req, res, 401, { email, next }, { _form: t('auth.login_failed') });
      }
      throttle.recordSuccess(attempt);
      logSecurityEvent(req, res, 'login_success', { userId: user.id });
      await startSession(req, user.id);
      devices.issue(res, email);
      req.session.flash = 'flash.signed_in';
      seeOther(res, safeNext(parsed.data.next));
    },

    logout(req: Request, res: Response) {
      req.session.destroy(() => {
        res.clearCookie(cookies.sessionCookie, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookies.secure });
        seeOther(res, '/login');
      });
    },

    showSetup(req: Request, res: Response) {
      if (countActiveUsers(db) > 0) throw new NotFoundError();
      render(req, res, { page: 'setup', title: 'auth.setup_title', model: { values: {} } });
    },

    async setup(req: Request, res: Response) {
      if (countActiveUsers(db) > 0) throw new NotFoundError();
      const parsed = parseInput(setupSchema, req.body);
      if (!parsed.ok) {
        return render(req, res, {
          page: 'setup',
          title: 'auth.setup_title',
          status: 422,
          model: { values: { name: req.body?.name, email: req.body?.email }, errors: parsed.errors },
        });
      }
      const user = await createUser(db, { ...parsed.data, role: 'admin' });
      await startSession(req, user.id);
      req.session.flash = 'flash.setup_done';
      seeOther(res, '/admin/users');
    },
  };
}
