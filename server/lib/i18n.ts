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

// A page asks for a few hundred labels (fifty rows each with "3 days ago" and a dated title); i18next resolves each anew,
// so each text is remembered per language, key and parameters. The catalogues are fixed for the process's life, so a
// remembered text is always the one i18next would give; parameters that carry names or titles make the set open-ended,
// so it is emptied when it grows past a bound.
const remembered = new Map<Language, Map<string, string>>(CATALOGUE_LANGUAGES.map((lang) => [lang, new Map()]));
const REMEMBERED_MAX = 20_000;

/** The memo key of a call whose parameters are all plain values (typed, since a count of 1 and "1" may differ), else undefined. */
function memoKeyOf(key: string, params: Record<string, unknown> | undefined): string | undefined {
  let memoKey = key;
  if (params) {
    for (const name in params) {
      const value = params[name];
      const type = typeof value;
      if (type !== 'string' && type !== 'number' && type !== 'boolean' && value !== undefined) return undefined;
      memoKey += `\u0000${name}\u0001${type[0]!}${String(value)}`;
    }
  }
  return memoKey;
}

/** Parameters that name a moment: an ISO date or timestamp given for one is written as the language writes dates. */
const DATE_PARAMS = new Set(['date', 'at', 'until', 'since', 'from', 'to', 'start', 'time']);
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
  const memo = remembered.get(lang);
  const memoKey = memoKeyOf(key, params);
  let text = memoKey === undefined ? undefined : memo?.get(memoKey);
  if (text === undefined) {
    const translate = fixedTs.get(lang) ?? englishT;
    text = (params && Object.keys(params).length > 0 ? translate(key, localised(lang, params)) : translate(key)) as string;
    if (memo && memoKey !== undefined) {
      if (memo.size >= REMEMBERED_MAX) memo.clear();
      memo.set(memoKey, text);
    }
  }
  return text;
}

export function t(key: string, params?: Record<string, unknown>): string {
  return tIn(currentLanguage(), key, params);
}

// Asked for each vocabulary label and party name on a page; the catalogues do not change while the process runs.
const known = new Map<string, boolean>();

export function hasTranslation(key: string): boolean {
  let exists = known.get(key);
  if (exists === undefined) {
    exists = i18n.exists(key);
    if (known.size >= REMEMBERED_MAX) known.clear();
    known.set(key, exists);
  }
  return exists;
}
