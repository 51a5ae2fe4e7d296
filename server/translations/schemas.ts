import { z } from 'zod';
import type { ConstraintFields } from '../lib/constraint-errors';
import { LANGUAGES } from '../domain/vocabulary';
import { NotFoundError } from '../lib/errors';
import { choice, requiredText } from '../lib/validation';
import type { TranslationInput } from './service';

/** The translation form: the same text rules and lengths as the recommendation's own title and text. */
export const translationFormSchema = z
  .object({
    _csrf: z.string().optional(),
    language: choice(LANGUAGES),
    short_title: requiredText(300),
    full_text: requiredText(20_000),
  })
  .strict()
  .transform((f): TranslationInput => ({ language: f.language, shortTitle: f.short_title, fullText: f.full_text }));

/** Editing keeps the language (it names the translation); the form sends the texts only. */
export const translationEditSchema = z
  .object({
    _csrf: z.string().optional(),
    short_title: requiredText(300),
    full_text: requiredText(20_000),
  })
  .strict();

export const TRANSLATION_CONSTRAINTS: ConstraintFields = {
  recommendation_translations_short_title_present: 'short_title',
  recommendation_translations_full_text_present: 'full_text',
  recommendation_translations_language_check: 'language',
  'recommendation_translations.recommendation_id': 'language',
};

const languageParam = z.object({ language: z.enum(LANGUAGES) });

/** The `:language` of a route; one not in the vocabulary names nothing (404). */
export function routeLanguageOf(params: unknown) {
  const parsed = languageParam.safeParse(params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data.language;
}
