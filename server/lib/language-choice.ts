import type { RequestHandler } from 'express';
import { readCookie } from './cookies';
import { CATALOGUE_LANGUAGES, t, tIn } from './i18n';
import { DEFAULT_LANGUAGE, isLanguage, languageFromAcceptLanguage, runInLanguage, switchLanguage, type Language } from './language';

/**
 * How the interface language of a request is chosen: a signed-in user's saved
 * preference; else the language an anonymous visitor picked (a cookie of its
 * own, so that, as decision 0003 says, an anonymous visitor stores nothing on
 * the server); else the best of the browser's Accept-Language; else English.
 */

/** The anonymous visitor's choice: a plain cookie, readable by no script, a year long. */
export function languageCookieName(secure: boolean): string {
  return secure ? '__Host-tracker.lang' : 'tracker.lang';
}

export const LANGUAGE_COOKIE_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;

function available(lang: Language | undefined): Language | undefined {
  return lang && CATALOGUE_LANGUAGES.includes(lang) ? lang : undefined;
}

/**
 * Mounted before the session: runs the rest of the request in the language of
 * the visitor's cookie or browser, so that even a request refused early is
 * answered in it.
 */
export function chooseLanguage(secure: boolean): RequestHandler {
  const cookie = languageCookieName(secure);
  return (req, res, next) => {
    const picked = readCookie(req, cookie);
    const fromCookie = available(isLanguage(picked) ? picked : undefined);
    const lang = fromCookie ?? available(languageFromAcceptLanguage(req.get('Accept-Language'))) ?? DEFAULT_LANGUAGE;
    // CASE: without a choice of their own, the answer depends on the browser's languages: caches must know.
    res.vary('Accept-Language');
    res.set('Content-Language', lang);
    res.locals.language = lang;
    res.locals.languagePicked = fromCookie ?? '';
    runInLanguage(lang, next);
  };
}

/** Mounted after the user is loaded: their saved preference, if any, wins. */
export function applySavedLanguage(): RequestHandler {
  return (req, res, next) => {
    const user = res.locals.user;
    const saved = available(user?.language ?? undefined);
    if (saved) {
      switchLanguage(saved);
      res.set('Content-Language', saved);
      res.locals.language = saved;
    }
    const picked = user ? (saved ?? '') : (res.locals.languagePicked ?? '');
    res.locals.languageSwitcher = {
      // A page reached by a form (a 422) returns to its address as a link would reach it.
      back: req.method === 'GET' ? req.originalUrl : req.path,
      options: [
        { value: '', text: t('interface_language.auto'), selected: picked === '' },
        ...CATALOGUE_LANGUAGES.map((lang) => ({ value: lang, text: tIn(lang, 'interface_language.name'), lang, selected: picked === lang })),
      ],
    };
    next();
  };
}
