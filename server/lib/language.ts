import { AsyncLocalStorage } from 'node:async_hooks';
import { LANGUAGES, type Language } from '../domain/vocabulary';

/**
 * The interface language of the request being served. A middleware early in
 * the app (server/app.ts) chooses it and runs the rest of the request inside
 * it; `t()`, the Handlebars helpers and the date and number formats read it
 * from here, so no function needs it passed down. Outside a request (start-up,
 * scripts, most tests) the language is English.
 */
export type { Language };
export { LANGUAGES };

/** Held in an object: the request's language is chosen before the user is known and may change once it is (their saved preference). */
interface Held {
  lang: Language;
}

const store = new AsyncLocalStorage<Held>();

export const DEFAULT_LANGUAGE: Language = 'en';

export function currentLanguage(): Language {
  return store.getStore()?.lang ?? DEFAULT_LANGUAGE;
}

/** Runs `fn` (and everything it awaits) in `lang`: for a request, a test or a script. */
export function runInLanguage<T>(lang: Language, fn: () => T): T {
  return store.run({ lang }, fn);
}

/** Changes the language of the request (or `runInLanguage` call) being run; outside one, does nothing. */
export function switchLanguage(lang: Language): void {
  const held = store.getStore();
  if (held) held.lang = lang;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A language tag (ru-RU, zh-Hans-CN, zh-TW, EN) to one of ours, or undefined. */
export function languageOfTag(tag: string): Language | undefined {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLanguage(primary) ? primary : undefined;
}

/**
 * The best of our languages for an Accept-Language header: the highest q-value
 * wins, the header's order breaks ties; `*` means English; none that we have, undefined.
 */
export function languageFromAcceptLanguage(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  let best: { lang: Language; q: number } | undefined;
  for (const part of header.split(',').slice(0, 30)) {
    const [tag = '', ...params] = part.split(';');
    let q = 1;
    for (const param of params) {
      const [name, value] = param.split('=');
      if (name?.trim().toLowerCase() === 'q') q = Number(value);
    }
    if (!(q > 0) || q > 1) continue;
    const lang = tag.trim() === '*' ? DEFAULT_LANGUAGE : languageOfTag(tag);
    if (lang && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang;
}
