import i18next from 'i18next';
import en from '../i18n/en.json';

/**
 * The one translation helper. Every piece of interface text goes through `t`,
 * so a Russian or Chinese interface needs only a new catalogue.
 */
const i18n = i18next.createInstance();
void i18n.init({
  lng: 'en',
  fallbackLng: 'en',
  resources: { en: { translation: en } },
  initAsync: false,
  returnNull: false,
  // Handlebars escapes what templates print; escaping here too would double it.
  interpolation: { escapeValue: false },
});

// A page asks for a few hundred fixed labels; i18next resolves each anew, so those without parameters are remembered.
const fixed = new Map<string, string>();

export function t(key: string, params?: Record<string, unknown>): string {
  if (params && Object.keys(params).length > 0) return i18n.t(key, params) as string;
  let text = fixed.get(key);
  if (text === undefined) {
    text = i18n.t(key) as string;
    fixed.set(key, text);
  }
  return text;
}

export function hasTranslation(key: string): boolean {
  return i18n.exists(key);
}
