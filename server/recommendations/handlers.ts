import type { Request, Response } from 'express';
import type { Db } from '../db/client';
import { commit } from '../db/commit';
import { listOwners } from '../auth/users';
import { CONFIDENCES, DEFAULT_RECORD_KIND, EVIDENCE_KINDS, LANGUAGES, STATUS_KEYS, STATUSES } from '../domain/vocabulary';
import { today } from '../lib/dates';
import { z } from 'zod';
import { NotFoundError } from '../lib/errors';
import { redirectAfterWrite, render, isHtmxFragmentRequest, seeOther } from '../lib/render';
import { ReadCache } from '../lib/read-cache';
import { constraintErrors, type ConstraintFields } from '../lib/constraint-errors';
import { logSecurityEvent } from '../lib/security-log';
import { t } from '../lib/i18n';
import { optionalId, parseInput, routeIdOf, type FieldErrors } from '../lib/validation';
import { safeNext } from '../lib/safe-path';
import { filterFormModel } from '../filters/form';
import { listQuerySchema, SORTS } from './list-query';
import { childDefaults, filterOptions } from './queries';
import { NOTE_CONSTRAINTS, noteFormSchema, RECOMMENDATION_CONSTRAINTS, recommendationFormSchema, STATUS_CONSTRAINTS, statusFormSchema, UPDATE_CONSTRAINTS, updateFormSchema } from './schemas';
import { addEvidence, createRecommendation, recordUpdate, updateRecommendation, updateStatus, type Conflict, type RecommendationInput, type WriteResult } from './service';
import { conflictPanel, editFormModel, editValues, savedFlash, withThemeChoices } from './form-models';
import { detailViewModel, inlineRegionViewModel, listViewModel, parentFieldModel, statusReturnOf } from './view-models';
import { findRecommendation } from './queries';

/** The options every status and note form needs. */
const vocabularies = { statuses: STATUSES, evidenceKinds: EVIDENCE_KINDS, languages: LANGUAGES, confidences: CONFIDENCES };

/**
 * A failed htmx form answers with the re-rendered form in place of the one
 * that was sent, whatever region the form would have replaced on success.
 */

type Failure = { errors: FieldErrors; conflict?: Conflict };

/** The query of the new-recommendation form and of its parent field: ids that name nothing are ignored. */
const formQuerySchema = z.object({ source: optionalId.catch(undefined), parent: optionalId.catch(undefined) });
const parentFieldQuerySchema = z.object({ source_id: optionalId.catch(undefined), parent_id: optionalId.catch(undefined), exclude: optionalId.catch(undefined) });

/** A save whose write the database refused: the refusal as the form's field errors. */
function refused(fields: ConstraintFields) {
  return (error: unknown): WriteResult => ({ ok: false, errors: constraintErrors(error, fields) });
}

function retargetForm(req: Request, res: Response, formId: string): void {
  if (isHtmxFragmentRequest(req)) res.set({ 'HX-Retarget': `#${formId}`, 'HX-Reswap': 'outerHTML' });
}

export function createRecommendationHandlers(db: Db) {
  const listCache = new ReadCache(db);
  function renderStatusForm(req: Request, res: Response, id: number, values: Record<string, unknown>, failure?: Failure) {
    const found = findRecommendation(db, id);
    if (!found) throw new NotFoundError();
    if (failure) retargetForm(req, res, `status-form-${id}`);
    if (failure?.conflict) logSecurityEvent(req, res, 'conflict', { recommendationId: id });
    // CASE: opened from a list row or a card: the form comes back to that place (htmx: the item; Cancel and no-JS: its anchor).
    const back = values.return_to ? statusReturnOf(values.return_to, id) : undefined;
    render(req, res, {
      page: 'status-update',
      // The inline form opens in a dialog with its heading; a failed save replaces only the form inside it.
      fragment: failure || !back ? 'status-form' : 'status-dialog',
      title: 'status_update.title',
      status: failure ? (failure.conflict ? 409 : 422) : 200,
      model: {
        recommendation: found.recommendation,
        // After a conflict the form carries the current version, so saving again is a deliberate overwrite.
        values: failure?.conflict ? { ...values, version: failure.conflict.version } : values,
        errors: failure?.errors,
        inline: back && { target: back.target, cancelHref: back.anchored },
        ...vocabularies,
      },
    });
  }

  function renderNoteForm(req: Request, res: Response, id: number, values: Record<string, unknown>, errors?: FieldErrors) {
    const found = findRecommendation(db, id);
    if (!found) throw new NotFoundError();
    if (errors) retargetForm(req, res, `note-form-${id}`);
    render(req, res, {
      page: 'note-new',
      fragment: 'note-form',
      title: 'notes.title',
      status: errors ? 422 : 200,
      model: { recommendation: found.recommendation, values, errors, ...vocabularies },
    });
  }

  const statusDefaults = () => ({ effective_on: today(), evidence_kind: 'official_document', evidence_language: 'en' });
  const updateDefaults = () => ({ occurred_on: today(), evidence_kind: 'official_document', evidence_language: 'en' });

  /**
   * The detail page: its history first, and the one "Add an update" form,
   * collapsed unless asked for (`?update=status|evidence`) or sent back with
   * its errors.
   */
  function renderDetail(req: Request, res: Response, id: number, form: { values: Record<string, unknown>; failure?: Failure; open?: string }) {
    const { failure } = form;
    if (failure?.conflict) logSecurityEvent(req, res, 'conflict', { recommendationId: id });
    render(req, res, {
      page: 'recommendation',
      fragment: 'recommendation-detail',
      title: 'recommendations.detail_title',
      status: failure ? (failure.conflict ? 409 : 422) : 200,
      model: {
        detail: detailViewModel(db, id),
        // After a conflict the form carries the current version, so saving again is a deliberate overwrite.
        updateValues: failure?.conflict ? { ...form.values, version: failure.conflict.version } : form.values,
        errors: failure?.errors,
        updateOpen: failure !== undefined || form.open !== undefined,
        focusStatus: form.open === 'status',
        focusEvidence: form.open === 'evidence',
        ...vocabularies,
      },
    });
  }

  return {
    list(req: Request, res: Response) {
      const parsed = parseInput(listQuerySchema, req.query);
      const options = filterOptions(db);
      const owners = listOwners(db);
      const filterForm = filterFormModel('/recommendations', req.query, { ...options, owners });
      if (!parsed.ok) {
        return render(req, res, {
          page: 'recommendations',
          fragment: 'recommendation-results',
          title: 'recommendations.title',
          status: 400,
          model: { values: req.query, errors: parsed.errors, options, filterForm, owners, statusKeys: STATUS_KEYS, sorts: SORTS },
        });
      }
      const list = listViewModel(db, parsed.data, listCache);
      // CASE: back from a status change, the row names the change itself; the flash at the top (out of sight) is
      // kept only when the row has left this page (it no longer matches the filters).
      const saved = res.locals.savedStatus;
      if (saved && list.rows.some((row) => row.id === saved.id)) res.locals.flash = undefined;
      render(req, res, {
        page: 'recommendations',
        fragment: 'recommendation-results',
        title: 'recommendations.title',
        model: { values: req.query, list, options, filterForm, owners, statusKeys: STATUS_KEYS, sorts: SORTS },
      });
    },

    show(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const open = req.query.update === 'status' || req.query.update === 'evidence' ? req.query.update : undefined;
      renderDetail(req, res, id, { values: updateDefaults(), open });
    },

    async addUpdate(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const parsed = parseInput(updateFormSchema, req.body);
      const userId = res.locals.user!.id;
      const result = parsed.ok ? await commit(db, (tx) => recordUpdate(tx, id, parsed.data, userId)).catch(refused(UPDATE_CONSTRAINTS)) : parsed;
      if (!result.ok) return renderDetail(req, res, id, { values: req.body, failure: result });
      const key = parsed.ok && parsed.data.kind === 'status' ? (parsed.data.status.evidence ? 'flash.status_and_evidence' : 'flash.status_updated') : 'flash.note_added';
      redirectAfterWrite(req, res, `/recommendations/${id}`, { key, name: result.name, href: `/recommendations/${id}` });
    },

    showNew(req: Request, res: Response) {
      const query = formQuerySchema.parse(req.query);
      // A sub-recommendation starts from its parent's publication, mechanism, bodies and themes.
      const fromParent = query.parent === undefined ? undefined : childDefaults(db, query.parent);
      const values = { confidence: 'unverified', kind: DEFAULT_RECORD_KIND, source_id: query.source ?? '', ...fromParent };
      render(req, res, {
        page: 'recommendation-form',
        title: fromParent ? 'recommendations.new_child_title' : 'recommendations.new_title',
        model: { values, isNew: true, parentId: fromParent?.parent_id, ...editFormModel(db, values) },
      });
    },

    /** The parent field for another publication, when the form's publication changes (htmx); without it, the form reloads. */
    parentField(req: Request, res: Response) {
      const query = parentFieldQuerySchema.parse(req.query);
      if (!isHtmxFragmentRequest(req)) return seeOther(res, `/recommendations/new${query.source_id ? `?source=${query.source_id}` : ''}`);
      const field = parentFieldModel(db, query.source_id, query.exclude, query.parent_id);
      render(req, res, {
        page: 'recommendation-form',
        fragment: 'parent-field',
        title: 'recommendations.new_title',
        model: { values: { parent_id: query.parent_id }, parentField: field, errors: field.mismatch ? { parent_id: t('recommendations.errors.parent_other_source') } : undefined, excludeId: query.exclude },
      });
    },

    async create(req: Request, res: Response) {
      const parsed = parseInput(recommendationFormSchema, req.body);
      const result = parsed.ok ? await commit(db, (tx) => createRecommendation(tx, parsed.data, res.locals.user!.id)).catch(refused(RECOMMENDATION_CONSTRAINTS)) : parsed;
      if (!result.ok) {
        return render(req, res, {
          page: 'recommendation-form',
          title: 'recommendations.new_title',
          status: 422,
          model: { values: withThemeChoices(db, req.body), errors: result.errors, isNew: true, parentId: Number(req.body.parent_id) || undefined, ...editFormModel(db, req.body) },
        });
      }
      redirectAfterWrite(req, res, `/recommendations/${result.id}`, savedFlash('flash.recommendation_created', result.id, result, (parsed as { data: RecommendationInput }).data));
    },

    showEdit(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const values = editValues(db, id);
      render(req, res, { page: 'recommendation-form', title: 'recommendations.edit_title', model: { id, values, excludeId: id, ...editFormModel(db, values, id) } });
    },

    async update(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const parsed = parseInput(recommendationFormSchema, req.body);
      const result = parsed.ok ? await commit(db, (tx) => updateRecommendation(tx, id, parsed.data, res.locals.user!.id)).catch(refused(RECOMMENDATION_CONSTRAINTS)) : parsed;
      if (!result.ok) {
        const current = editValues(db, id);
        const conflict = (result as Failure).conflict;
        if (conflict) logSecurityEvent(req, res, 'conflict', { recommendationId: id });
        return render(req, res, {
          page: 'recommendation-form',
          title: 'recommendations.edit_title',
          status: conflict ? 409 : 422,
          model: {
            id,
            excludeId: id,
            values: withThemeChoices(db, conflict ? { ...req.body, version: conflict.version } : req.body),
            errors: result.errors,
            currentValues: conflict ? conflictPanel(db, current, req.body) : undefined,
            ...editFormModel(db, req.body, id),
          },
        });
      }
      redirectAfterWrite(req, res, `/recommendations/${id}`, savedFlash('flash.recommendation_updated', id, result, (parsed as { data: RecommendationInput }).data));
    },

    showStatusForm(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const returnTo = typeof req.query.return_to === 'string' ? req.query.return_to : undefined;
      renderStatusForm(req, res, id, { ...statusDefaults(), return_to: returnTo });
    },

    async updateStatus(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const parsed = parseInput(statusFormSchema, req.body);
      const userId = res.locals.user!.id;
      const result = parsed.ok ? await commit(db, (tx) => updateStatus(tx, id, parsed.data, userId)).catch(refused(STATUS_CONSTRAINTS)) : parsed;
      if (!result.ok) return renderStatusForm(req, res, id, req.body, result);
      const flash = { key: 'flash.status_updated', name: result.name, href: `/recommendations/${id}` };
      if (req.body.return_to === undefined) return redirectAfterWrite(req, res, `/recommendations/${id}`, flash);
      // CASE: from a list row or a card: back to that item, which names the change beside it (htmx: only the item is fetched).
      const back = statusReturnOf(req.body.return_to, id);
      req.session.savedStatus = { id, status: parsed.ok ? parsed.data.status : '' };
      redirectAfterWrite(req, res, isHtmxFragmentRequest(req) ? back.region : back.anchored, flash);
    },

    /** The row (or card status region) of one recommendation, as an inline status save refreshes it; a browser goes to the page at that item. */
    showRow(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      res.vary('HX-Request');
      if (!isHtmxFragmentRequest(req)) return seeOther(res, statusReturnOf(req.query.return_to, id).anchored);
      const region = inlineRegionViewModel(db, id, req.query.return_to);
      render(req, res, {
        page: 'recommendations',
        fragment: region.kind === 'row' ? 'recommendation-row' : 'inline-status-link',
        title: 'recommendations.title',
        model: region.model,
      });
    },

    showNoteForm(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      renderNoteForm(req, res, id, { observed_on: today(), source_kind: 'official_document', language: 'en' });
    },

    async addNote(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const parsed = parseInput(noteFormSchema, req.body);
      const userId = res.locals.user!.id;
      const result = parsed.ok ? await commit(db, (tx) => addEvidence(tx, id, parsed.data, userId)).catch(refused(NOTE_CONSTRAINTS)) : parsed;
      if (!result.ok) return renderNoteForm(req, res, id, req.body, result.errors);
      redirectAfterWrite(req, res, safeNext(req.body.return_to ?? `/recommendations/${id}`), { key: 'flash.note_added', name: result.name, href: `/recommendations/${id}` });
    },
  };
}

