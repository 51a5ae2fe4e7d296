import type { Language } from './vocabulary';

/**
 * Data in its own languages: which name of a body or mechanism, and which
 * version of a recommendation's text, a reader sees first in their interface
 * language. Content is shown as analysts entered it; nothing is translated
 * by machine.
 *
 * - A body or mechanism has its (English) `name` and may have a native-language
 *   name in a known language. Where the interface language is that language,
 *   the native name comes first and the English one beside it; otherwise the
 *   English name comes first and the native one beside it.
 * - A recommendation is written in one language (its original) and may carry
 *   translations entered by analysts. A reader sees the translation into the
 *   interface language where one exists, marked as a translation from the
 *   original's language; otherwise the original.
 */

/** The language of a name by its script: Cyrillic is Russian, Han characters Chinese; anything else is not known. */
export function scriptLanguage(text: string | null | undefined): Language | undefined {
  if (!text) return undefined;
  if (/[\u0400-\u04ff]/u.test(text)) return 'ru';
  if (/\p{Script=Han}/u.test(text)) return 'zh';
  return undefined;
}

export interface NamedEntity {
  name: string;
  nativeName: string | null;
  nativeLanguage: Language | null;
}

/** A piece of data with the language it is written in (`lang` for the HTML attribute; undefined when not known). */
export interface InLanguage {
  text: string;
  lang: Language | undefined;
}

export interface DisplayName {
  /** The name a reader of this interface language sees first. */
  primary: InLanguage;
  /** The other name, shown beside it (absent when the entity has one name only). */
  secondary?: InLanguage;
}

/** The two names of a body or mechanism in the order a reader of `language` reads them. */
export function displayName(entity: NamedEntity, language: Language): DisplayName {
  const english: InLanguage = { text: entity.name, lang: 'en' };
  if (!entity.nativeName) return { primary: english };
  const native: InLanguage = { text: entity.nativeName, lang: entity.nativeLanguage ?? undefined };
  return entity.nativeLanguage === language ? { primary: native, secondary: english } : { primary: english, secondary: native };
}

/** The name a reader of `language` sees first, for places with room for one (a table cell, an option, a CSV cell). */
export function primaryName(entity: NamedEntity, language: Language): string {
  return displayName(entity, language).primary.text;
}

export interface TextVersion {
  shortTitle: string;
  fullText?: string;
}

export interface DisplayedText {
  shortTitle: string;
  fullText?: string;
  /** The language of what is shown. */
  lang: Language;
  /** Set when what is shown is a translation: the language of the original. */
  translatedFrom?: Language;
}

/**
 * The version of a recommendation's text a reader of `language` sees: the
 * translation into that language where there is one (and the original is in
 * another), else the original.
 */
export function displayedText(original: TextVersion & { language: Language }, translation: TextVersion | undefined | null, language: Language): DisplayedText {
  if (translation && original.language !== language) {
    return { shortTitle: translation.shortTitle, fullText: translation.fullText, lang: language, translatedFrom: original.language };
  }
  return { shortTitle: original.shortTitle, fullText: original.fullText, lang: original.language };
}
