import { eq } from 'drizzle-orm';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Db } from '../db/client';
import { commit } from '../db/commit';
import { users } from '../db/schema';
import { LANGUAGES } from '../domain/vocabulary';
import { AppError } from '../lib/errors';
import { LANGUAGE_COOKIE_MAX_AGE_MS, languageCookieName } from '../lib/language-choice';
import { seeOther } from '../lib/render';
import { safeNext } from '../lib/safe-path';
import { parseInput } from '../lib/validation';

/** The language switcher: a form of the layout and the login page, which works without JavaScript. */
const choiceSchema = z.object({
  // Empty: follow the browser's languages.
  language: z.union([z.enum(LANGUAGES), z.literal('')]),
  back: z.string().max(2000).optional(),
  _csrf: z.string().optional(),
}).strict();

export function createLanguageHandlers(db: Db, secure: boolean) {
  const cookie = languageCookieName(secure);
  return {
    /** Saves the choice (on the user, or for an anonymous visitor in a cookie) and returns to the page it was made on. */
    async choose(req: Request, res: Response) {
      const parsed = parseInput(choiceSchema, req.body);
      const back = safeNext(typeof req.body?.back === 'string' ? req.body.back : undefined);
      // CASE: the form offers only these languages; anything else was not sent by it.
      if (!parsed.ok) throw new AppError(400, 'interface_language.invalid');
      const language = parsed.data.language || null;
      const user = res.locals.user;
      if (user) {
        await commit(db, (tx) => tx.update(users).set({ language }).where(eq(users.id, user.id)).run());
      }
      // The cookie too: the choice holds on the login page after signing out, and for a user who follows the browser.
      if (language) res.cookie(cookie, language, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: LANGUAGE_COOKIE_MAX_AGE_MS });
      else res.clearCookie(cookie, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
      seeOther(res, back);
    },
  };
}
