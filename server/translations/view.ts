import { displayedText, displayName, type DisplayName } from '../domain/data-language';
import type { Language } from '../domain/vocabulary';
import { t } from '../lib/i18n';
import { currentLanguage } from '../lib/language';

/** What the pages place for data in its own languages: which text, in which language, and the words that say so. */

export interface TitleView {
  text: string;
  /** The language of the text shown (for the `lang` attribute). */
  lang: Language;
  /** Set when the text is a translation: the original's language, and the marker that says so ("Translated from Russian"). */
  translatedFrom?: Language;
  marker?: string;
}

/** The short title a reader of the interface language sees: its translation into that language where there is one. */
export function titleView(row: { shortTitle: string; language: Language; translatedTitle: string | null }, language: Language = currentLanguage()): TitleView {
  const shown = displayedText(row, row.translatedTitle === null ? undefined : { shortTitle: row.translatedTitle }, language);
  return shown.translatedFrom
    ? { text: shown.shortTitle, lang: shown.lang, translatedFrom: shown.translatedFrom, marker: t(`datalang.translated_from.${shown.translatedFrom}`) }
    : { text: shown.shortTitle, lang: shown.lang };
}

/** A body's or mechanism's names in the order a reader of the interface language reads them; undefined for no entity. */
export function nameView(
  name: string | null,
  nativeName: string | null,
  nativeLanguage: Language | null,
  language: Language = currentLanguage(),
): DisplayName | undefined {
  return name === null ? undefined : displayName({ name, nativeName, nativeLanguage }, language);
}
