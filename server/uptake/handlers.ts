import type { Request, Response } from 'express';
import type { Db } from '../db/client';
import { commit } from '../db/commit';
import { constraintErrors } from '../lib/constraint-errors';
import { NotFoundError } from '../lib/errors';
import { isHtmxFragmentRequest, redirectAfterWrite, render } from '../lib/render';
import { logSecurityEvent } from '../lib/security-log';
import { parseInput, routeIdOf } from '../lib/validation';
import { findRecommendation } from '../recommendations/queries';
import type { Conflict, WriteResult } from '../recommendations/service';
import { UPTAKE_CONSTRAINTS, uptakeFormSchema } from './schemas';
import { recordUptake } from './service';
import { uptakeFormModel } from './view-model';

/**
 * The uptake form: on the detail page (htmx swaps the page's detail region on
 * success, the form alone on failure), and on a page of its own where a
 * failed save without JavaScript lands.
 */
export function createUptakeHandlers(db: Db) {
  function renderForm(req: Request, res: Response, id: number, failure?: { values: Record<string, unknown>; errors: Record<string, string>; conflict?: Conflict }) {
    const found = findRecommendation(db, id);
    if (!found) throw new NotFoundError();
    if (failure?.conflict) logSecurityEvent(req, res, 'conflict', { recommendationId: id });
    if (failure && isHtmxFragmentRequest(req)) res.set({ 'HX-Retarget': `#uptake-form-${id}`, 'HX-Reswap': 'outerHTML' });
    const form = { ...uptakeFormModel(db, id, failure && failure.values), errors: failure?.errors };
    render(req, res, {
      page: 'uptake',
      fragment: 'uptake-form',
      title: 'uptake.title',
      status: failure ? (failure.conflict ? 409 : 422) : 200,
      model: {
        recommendation: found.recommendation,
        // After a conflict the form carries the current version, so saving again is a deliberate overwrite.
        form: failure?.conflict ? { ...form, values: { ...form.values, version: failure.conflict.version } } : form,
        errors: failure?.errors,
      },
    });
  }

  return {
    show(req: Request, res: Response) {
      renderForm(req, res, routeIdOf(req.params));
    },

    async save(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const parsed = parseInput(uptakeFormSchema, req.body);
      const result: WriteResult | typeof parsed = parsed.ok
        ? await commit(db, (tx) => recordUptake(tx, id, parsed.data, res.locals.user!.id)).catch((error: unknown): WriteResult => ({ ok: false, errors: constraintErrors(error, UPTAKE_CONSTRAINTS) }))
        : parsed;
      if (!result.ok) return renderForm(req, res, id, { values: req.body, errors: result.errors, conflict: 'conflict' in result ? result.conflict : undefined });
      redirectAfterWrite(req, res, `/recommendations/${id}#uptake`, { key: 'uptake.flash.saved', name: (result as { name?: string }).name, href: `/recommendations/${id}` });
    },
  };
}
