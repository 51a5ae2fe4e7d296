import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { prepared } from '../db/prepared';
import type { WriteTx } from '../db/commit';
import { recommendations, recommendationTranslations } from '../db/schema';
import { LANGUAGES, type Language } from '../domain/vocabulary';
import { nowIso } from '../lib/dates';
import { NotFoundError } from '../lib/errors';
import { t } from '../lib/i18n';
import type { FieldErrors } from '../lib/validation';

/**
 * Translations of a recommendation's short title and full text, entered by
 * analysts (never by machine): at most one per language, never in the
 * recommendation's own (original) language.
 */

export const ERRORS = {
  sameAsOriginal: 'datalang.errors.same_as_original',
  alreadyTranslated: 'datalang.errors.already_translated',
} as const;

export interface TranslationInput {
  language: Language;
  shortTitle: string;
  fullText: string;
}

export type TranslationResult = { ok: true; name: string } | { ok: false; errors: FieldErrors };

export function translationsOf(db: Db, recommendationId: number) {
  return prepared(db, 'translationsOf', () =>
    db
      .select({
        language: recommendationTranslations.language,
        shortTitle: recommendationTranslations.shortTitle,
        fullText: recommendationTranslations.fullText,
        updatedAt: recommendationTranslations.updatedAt,
      })
      .from(recommendationTranslations)
      .where(eq(recommendationTranslations.recommendationId, sql.placeholder('id')))
      .orderBy(asc(recommendationTranslations.language))
      .prepare(),
  ).all({ id: recommendationId });
}

export function findTranslation(db: Db, recommendationId: number, language: Language) {
  return db
    .select()
    .from(recommendationTranslations)
    .where(and(eq(recommendationTranslations.recommendationId, recommendationId), eq(recommendationTranslations.language, language)))
    .get();
}

/** The recommendation a translation belongs to: its original language and title. */
export function originalOf(db: Db, recommendationId: number) {
  const found = prepared(db, 'originalOf', () =>
    db
      .select({ id: recommendations.id, reference: recommendations.reference, shortTitle: recommendations.shortTitle, fullText: recommendations.fullText, language: recommendations.language })
      .from(recommendations)
      .where(eq(recommendations.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id: recommendationId });
  if (!found) throw new NotFoundError();
  return found;
}

/** The languages a new translation of the recommendation may be in: neither its original nor one already translated. */
export function openLanguages(db: Db, recommendationId: number): Language[] {
  const original = originalOf(db, recommendationId);
  const taken = new Set(translationsOf(db, recommendationId).map((tr) => tr.language));
  return LANGUAGES.filter((language) => language !== original.language && !taken.has(language));
}

const nameOf = (reference: string, shortTitle: string) => `${reference} ${shortTitle}`;

/** Adds a translation (`existing` undefined) or replaces the one in `existing`'s language. */
export function saveTranslation(tx: WriteTx, recommendationId: number, input: TranslationInput, userId: number, existing?: Language): TranslationResult {
  const original = originalOf(tx, recommendationId);
  if (input.language === original.language) return { ok: false, errors: { language: t(ERRORS.sameAsOriginal) } };
  const now = nowIso();
  if (existing === undefined) {
    if (findTranslation(tx, recommendationId, input.language)) return { ok: false, errors: { language: t(ERRORS.alreadyTranslated) } };
    tx.insert(recommendationTranslations)
      .values({ recommendationId, language: input.language, shortTitle: input.shortTitle, fullText: input.fullText, translatedBy: userId, createdAt: now, updatedAt: now })
      .run();
  } else {
    if (!findTranslation(tx, recommendationId, existing)) throw new NotFoundError();
    tx.update(recommendationTranslations)
      .set({ shortTitle: input.shortTitle, fullText: input.fullText, translatedBy: userId, updatedAt: now })
      .where(and(eq(recommendationTranslations.recommendationId, recommendationId), eq(recommendationTranslations.language, existing)))
      .run();
  }
  return { ok: true, name: nameOf(original.reference, original.shortTitle) };
}

export function removeTranslation(tx: WriteTx, recommendationId: number, language: Language): { name: string } {
  const original = originalOf(tx, recommendationId);
  const removed = tx
    .delete(recommendationTranslations)
    .where(and(eq(recommendationTranslations.recommendationId, recommendationId), eq(recommendationTranslations.language, language)))
    .returning({ id: recommendationTranslations.id })
    .all();
  if (removed.length === 0) throw new NotFoundError();
  return { name: nameOf(original.reference, original.shortTitle) };
}
