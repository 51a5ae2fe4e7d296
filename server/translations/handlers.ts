import type { Request, Response } from 'express';
import type { Db } from '../db/client';
import { commit, type WriteTx } from '../db/commit';
import { constraintErrors } from '../lib/constraint-errors';
import { redirectAfterWrite, render } from '../lib/render';
import { parseInput, routeIdOf, type FieldErrors } from '../lib/validation';
import type { Language } from '../domain/vocabulary';
import { routeLanguageOf, TRANSLATION_CONSTRAINTS, translationEditSchema, translationFormSchema } from './schemas';
import { findTranslation, openLanguages, originalOf, removeTranslation, saveTranslation, type TranslationResult } from './service';
import { NotFoundError } from '../lib/errors';

/** The translation forms: their own pages, reached from the detail page, so they work without JavaScript. */
export function createTranslationHandlers(db: Db) {
  function renderForm(req: Request, res: Response, id: number, form: { values: Record<string, unknown>; editing?: Language; errors?: FieldErrors }) {
    const original = originalOf(db, id);
    const languages = form.editing ? [] : openLanguages(db, id);
    // CASE: every language already has a version: there is nothing to add, only translations to edit.
    if (!form.editing && languages.length === 0) throw new NotFoundError();
    render(req, res, {
      page: 'translation-form',
      title: form.editing ? 'datalang.edit_title' : 'datalang.new_title',
      status: form.errors ? 422 : 200,
      model: {
        original,
        editing: form.editing,
        languages,
        values: form.values,
        errors: form.errors,
        action: form.editing ? `/recommendations/${id}/translations/${form.editing}` : `/recommendations/${id}/translations`,
      },
    });
  }

  function save(write: (tx: WriteTx) => TranslationResult): Promise<TranslationResult> {
    return commit(db, write).catch((error: unknown) => ({ ok: false, errors: constraintErrors(error, TRANSLATION_CONSTRAINTS) }));
  }

  const back = (id: number) => `/recommendations/${id}#translations`;

  return {
    showNew(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const asked = typeof req.query.language === 'string' ? req.query.language : '';
      renderForm(req, res, id, { values: { language: openLanguages(db, id).includes(asked as Language) ? asked : '' } });
    },

    async create(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const parsed = parseInput(translationFormSchema, req.body);
      const result = parsed.ok ? await save((tx) => saveTranslation(tx, id, parsed.data, res.locals.user!.id)) : parsed;
      if (!result.ok) return renderForm(req, res, id, { values: req.body, errors: result.errors });
      redirectAfterWrite(req, res, back(id), { key: 'datalang.flash.added', name: result.name, href: `/recommendations/${id}` });
    },

    showEdit(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const language = routeLanguageOf(req.params);
      const found = findTranslation(db, id, language);
      if (!found) throw new NotFoundError();
      renderForm(req, res, id, { editing: language, values: { short_title: found.shortTitle, full_text: found.fullText } });
    },

    async update(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const language = routeLanguageOf(req.params);
      const parsed = parseInput(translationEditSchema, req.body);
      const result = parsed.ok
        ? await save((tx) => saveTranslation(tx, id, { language, shortTitle: parsed.data.short_title, fullText: parsed.data.full_text }, res.locals.user!.id, language))
        : parsed;
      if (!result.ok) return renderForm(req, res, id, { editing: language, values: req.body, errors: result.errors });
      redirectAfterWrite(req, res, back(id), { key: 'datalang.flash.updated', name: result.name, href: `/recommendations/${id}` });
    },

    async remove(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const language = routeLanguageOf(req.params);
      const result = await commit(db, (tx) => removeTranslation(tx, id, language));
      redirectAfterWrite(req, res, back(id), { key: 'datalang.flash.removed', name: result.name, href: `/recommendations/${id}` });
    },
  };
}
