import type { Request, Response } from 'express';
import type { Db } from '../db/client';
import { inNextCommit } from '../db/write-groups';
import { listOwners } from '../auth/users';
import { CONFIDENCES, EVIDENCE_KINDS, LANGUAGES, STATUS_KEYS, STATUSES } from '../domain/vocabulary';
import { today } from '../lib/dates';
import { NotFoundError } from '../lib/errors';
import { redirectAfterWrite, render, isHtmxFragmentRequest, seeOther } from '../lib/render';
import { ReadCache } from '../lib/read-cache';
import { constraintErrors, type ConstraintFields } from '../lib/constraint-errors';
import { logSecurityEvent } from '../lib/security-log';
import { parseInput, routeIdOf, type FieldErrors } from '../lib/validation';
import { safeNext } from '../auth/handlers';
import { filterFormModel, listQuerySchema, SORTS } from './filters';
import { filterOptions, parentCandidates, recommendationBodiesOf, themesOf } from './queries';
import { NOTE_CONSTRAINTS, noteFormSchema, RECOMMENDATION_CONSTRAINTS, recommendationFormSchema, STATUS_CONSTRAINTS, statusFormSchema } from './schemas';
import { addEvidence, createRecommendation, updateRecommendation, updateStatus, type Conflict, type WriteResult } from './service';
import { detailViewModel, FIELD_LABELS, inlineRegionViewModel, listViewModel, statusReturnOf } from './view-models';
import { findRecommendation } from './queries';

/** The options every status and note form needs. */
const vocabularies = { statuses: STATUSES, evidenceKinds: EVIDENCE_KINDS, languages: LANGUAGES, confidences: CONFIDENCES };

/**
 * A failed htmx form answers with the re-rendered form in place of the one
 * that was sent, whatever region the form would have replaced on success.
 */

type Failure = { errors: FieldErrors; conflict?: Conflict };

/** The stored values that differ from the user's draft, for the conflict panel beside the form. */
function changedFields(current: Record<string, unknown>, draft: Record<string, unknown>) {
  const text = (v: unknown) => (Array.isArray(v) ? v.map(String).sort().join(', ') : v === true ? 'on' : v === false || v === undefined || v === null ? '' : String(v));
  return Object.keys(current)
    .filter((field) => field !== 'version' && text(current[field]) !== text(draft[field]))
    .map((field) => ({ field, value: text(current[field]) }));
}

/** A save whose write the database refused: the refusal as the form's field errors. */
function refused(fields: ConstraintFields) {
  return (error: unknown): WriteResult => ({ ok: false, errors: constraintErrors(error, fields) });
}

function saveOrRefuse(save: () => WriteResult, fields: ConstraintFields): WriteResult {
  try {
    return save();
  } catch (error) {
    return refused(fields)(error);
  }
}

function retargetForm(req: Request, res: Response, formId: string): void {
  if (isHtmxFragmentRequest(req)) res.set({ 'HX-Retarget': `#${formId}`, 'HX-Reswap': 'outerHTML' });
}

export function createRecommendationHandlers(db: Db) {
  const listCache = new ReadCache(db);
  function editFormModel(values: Record<string, unknown>, recommendationId?: number) {
    const sourceId = Number(values.source_id) || undefined;
    return {
      ...filterOptions(db),
      owners: listOwners(db),
      parents: parentCandidates(db, sourceId, recommendationId),
      confidences: CONFIDENCES,
    };
  }

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

  /** Names instead of ids, and a label key for each field of the conflict panel. */
  function describeFields(fields: { field: string; value: string }[]) {
    const options = filterOptions(db);
    const names: Record<string, Map<string, string>> = {
      source_id: new Map(options.sources.map((o) => [String(o.id), o.title])),
      mechanism_id: new Map(options.mechanisms.map((o) => [String(o.id), o.name])),
      lead_body_id: new Map(options.bodies.map((o) => [String(o.id), o.name])),
      supporting_body_ids: new Map(options.bodies.map((o) => [String(o.id), o.name])),
      owner_id: new Map(listOwners(db).map((o) => [String(o.id), o.name])),
    };
    return fields.map(({ field, value }) => ({
      label: `fields.${FIELD_LABELS[field] ?? field}`,
      value: names[field] ? value.split(', ').filter(Boolean).map((v) => names[field]!.get(v) ?? v).join(', ') : value,
    }));
  }

  /** The edit form's fields as stored now. */
  function editValues(id: number): Record<string, unknown> {
    const found = findRecommendation(db, id);
    if (!found) throw new NotFoundError();
    const r = found.recommendation;
    const links = recommendationBodiesOf(db, id);
    return {
      version: r.version,
      source_id: r.sourceId,
      reference: r.reference,
      parent_id: r.parentId ?? '',
      short_title: r.shortTitle,
      full_text: r.fullText,
      mechanism_id: r.mechanismId ?? '',
      lead_body_id: links.find((l) => l.role === 'lead')?.id ?? '',
      supporting_body_ids: links.filter((l) => l.role === 'supporting').map((l) => l.id),
      themes: themesOf(db, id)
        .map((t) => t.name)
        .join(', '),
      priority: r.priority,
      target_date: r.targetDate ?? '',
      owner_id: r.ownerId ?? '',
      confidence: r.confidence,
      last_verified_on: r.lastVerifiedOn ?? '',
    };
  }

  const statusDefaults = () => ({ effective_on: today(), evidence_kind: 'official_document', evidence_language: 'en' });

  return {
    list(req: Request, res: Response) {
      const parsed = parseInput(listQuerySchema, req.query);
      const options = filterOptions(db);
      const filterForm = filterFormModel('/recommendations', req.query, { ...options, owners: listOwners(db) });
      if (!parsed.ok) {
        return render(req, res, {
          page: 'recommendations',
          fragment: 'recommendation-results',
          title: 'recommendations.title',
          status: 400,
          model: { values: req.query, errors: parsed.errors, options, filterForm, owners: listOwners(db), statusKeys: STATUS_KEYS, sorts: SORTS },
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
        model: { values: req.query, list, options, filterForm, owners: listOwners(db), statusKeys: STATUS_KEYS, sorts: SORTS },
      });
    },

    show(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      render(req, res, {
        page: 'recommendation',
        fragment: 'recommendation-detail',
        title: 'recommendations.detail_title',
        model: { detail: detailViewModel(db, id), statusValues: statusDefaults(), noteValues: { observed_on: today(), source_kind: 'official_document', language: 'en' }, ...vocabularies },
      });
    },

    showNew(req: Request, res: Response) {
      const values = { confidence: 'unverified', source_id: typeof req.query.source === 'string' ? req.query.source : '' };
      render(req, res, { page: 'recommendation-form', title: 'recommendations.new_title', model: { values, isNew: true, ...editFormModel(values) } });
    },

    create(req: Request, res: Response) {
      const parsed = parseInput(recommendationFormSchema, req.body);
      const result = parsed.ok ? saveOrRefuse(() => createRecommendation(db, parsed.data, res.locals.user!.id), RECOMMENDATION_CONSTRAINTS) : parsed;
      if (!result.ok) {
        return render(req, res, {
          page: 'recommendation-form',
          title: 'recommendations.new_title',
          status: 422,
          model: { values: req.body, errors: result.errors, isNew: true, ...editFormModel(req.body) },
        });
      }
      redirectAfterWrite(req, res, `/recommendations/${result.id}`, 'flash.recommendation_created');
    },

    showEdit(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const values = editValues(id);
      render(req, res, { page: 'recommendation-form', title: 'recommendations.edit_title', model: { id, values, ...editFormModel(values, id) } });
    },

    update(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const parsed = parseInput(recommendationFormSchema, req.body);
      const result = parsed.ok ? saveOrRefuse(() => updateRecommendation(db, id, parsed.data, res.locals.user!.id), RECOMMENDATION_CONSTRAINTS) : parsed;
      if (!result.ok) {
        const current = editValues(id);
        const conflict = (result as Failure).conflict;
        if (conflict) logSecurityEvent(req, res, 'conflict', { recommendationId: id });
        return render(req, res, {
          page: 'recommendation-form',
          title: 'recommendations.edit_title',
          status: conflict ? 409 : 422,
          model: {
            id,
            values: conflict ? { ...req.body, version: conflict.version } : req.body,
            errors: result.errors,
            currentValues: conflict ? describeFields(changedFields(current, req.body)) : undefined,
            ...editFormModel(req.body, id),
          },
        });
      }
      redirectAfterWrite(req, res, `/recommendations/${id}`, 'flash.recommendation_updated');
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
      const result = parsed.ok ? await inNextCommit(db, () => updateStatus(db, id, parsed.data, userId)).catch(refused(STATUS_CONSTRAINTS)) : parsed;
      if (!result.ok) return renderStatusForm(req, res, id, req.body, result);
      if (req.body.return_to === undefined) return redirectAfterWrite(req, res, `/recommendations/${id}`, 'flash.status_updated');
      // CASE: from a list row or a card: back to that item, which names the change beside it (htmx: only the item is fetched).
      const back = statusReturnOf(req.body.return_to, id);
      req.session.savedStatus = { id, status: parsed.ok ? parsed.data.status : '' };
      redirectAfterWrite(req, res, isHtmxFragmentRequest(req) ? back.region : back.anchored, 'flash.status_updated');
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
      const result = parsed.ok ? await inNextCommit(db, () => addEvidence(db, id, parsed.data, userId)).catch(refused(NOTE_CONSTRAINTS)) : parsed;
      if (!result.ok) return renderNoteForm(req, res, id, req.body, result.errors);
      redirectAfterWrite(req, res, safeNext(req.body.return_to ?? `/recommendations/${id}`), 'flash.note_added');
    },
  };
}

