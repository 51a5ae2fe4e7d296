import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { formatDate, formatDateTime } from './dates';
import { currentLanguage, isLanguage, type Language } from './language';
import { projectPath } from './paths';

/**
 * The one translation helper. Every piece of interface text goes through `t`,
 * in the language of the request being served (server/lib/language.ts). The
 * catalogues are the files of server/i18n, one per language; a language whose
 * catalogue lacks a key falls back to English.
 */
const CATALOGUE_DIR = projectPath('server', 'i18n');

function readCatalogues(): Partial<Record<Language, { translation: Record<string, unknown> }>> {
  const resources: Partial<Record<Language, { translation: Record<string, unknown> }>> = {};
  for (const file of fs.readdirSync(CATALOGUE_DIR)) {
    const lang = path.basename(file, '.json');
    if (file.endsWith('.json') && isLanguage(lang)) {
      resources[lang] = { translation: JSON.parse(fs.readFileSync(path.join(CATALOGUE_DIR, file), 'utf8')) as Record<string, unknown> };
    }
  }
  return resources;
}

const resources = readCatalogues();

/** The languages that have a catalogue. */
export const CATALOGUE_LANGUAGES = Object.keys(resources) as Language[];

const i18n = i18next.createInstance();
void i18n.init({
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: CATALOGUE_LANGUAGES,
  resources,
  initAsync: false,
  returnNull: false,
  // Handlebars escapes what templates print; escaping here too would double it.
  interpolation: { escapeValue: false },
});

const fixedTs = new Map(CATALOGUE_LANGUAGES.map((lang) => [lang, i18n.getFixedT(lang)]));
const englishT = i18n.getFixedT('en');

// A page asks for a few hundred fixed labels; i18next resolves each anew, so those without parameters are remembered, per language.
const fixed = new Map<string, string>();

/** Parameters that name a moment: an ISO date or timestamp given for one is written as the language writes dates. */
const DATE_PARAMS = new Set(['date', 'at', 'until', 'since']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}.*)?$/;

function localised(lang: Language, params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params, lng: lang };
  for (const [name, value] of Object.entries(params)) {
    if (DATE_PARAMS.has(name) && typeof value === 'string' && ISO_DATE.test(value)) out[name] = value.length > 10 ? formatDateTime(value, lang) : formatDate(value, lang);
  }
  return out;
}

/** A catalogue entry in `lang`, whatever the current request's language. */
export function tIn(lang: Language, key: string, params?: Record<string, unknown>): string {
  const translate = fixedTs.get(lang) ?? englishT;
  if (params && Object.keys(params).length > 0) return translate(key, localised(lang, params)) as string;
  const memoKey = `${lang}\u0000${key}`;
  let text = fixed.get(memoKey);
  if (text === undefined) {
    text = translate(key) as string;
    fixed.set(memoKey, text);
  }
  return text;
}

export function t(key: string, params?: Record<string, unknown>): string {
  return tIn(currentLanguage(), key, params);
}

export function hasTranslation(key: string): boolean {
  return i18n.exists(key);
}
