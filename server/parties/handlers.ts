import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Db } from '../db/client';
import { commit } from '../db/commit';
import { CONFIDENCES, EVIDENCE_KINDS, LANGUAGES, STATUSES } from '../domain/vocabulary';
import { today } from '../lib/dates';
import { NotFoundError } from '../lib/errors';
import { redirectAfterWrite, render } from '../lib/render';
import { logSecurityEvent } from '../lib/security-log';
import { constraintErrors } from '../lib/constraint-errors';
import { parseInput, routeIdOf, type FieldErrors } from '../lib/validation';
import { STATUS_CONSTRAINTS, statusFormSchema } from '../recommendations/schemas';
import type { Conflict, WriteResult } from '../recommendations/service';
import { setPartyStatus } from './service';
import { sidePageModel } from './view-model';

const vocabularies = { statuses: STATUSES, evidenceKinds: EVIDENCE_KINDS, languages: LANGUAGES, confidences: CONFIDENCES };

const routeSlug = z.object({ party: z.string().min(1).max(120) });

function slugOf(params: unknown): string {
  const parsed = routeSlug.safeParse(params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data.party;
}

export function createPartyHandlers(db: Db) {
  function renderSide(req: Request, res: Response, id: number, slug: string, values: Record<string, unknown>, failure?: { errors: FieldErrors; conflict?: Conflict }) {
    const model = sidePageModel(db, id, slug);
    if (failure?.conflict) logSecurityEvent(req, res, 'conflict', { recommendationId: id });
    render(req, res, {
      page: 'party-side',
      title: 'party.title',
      status: failure ? (failure.conflict ? 409 : 422) : 200,
      model: {
        ...model,
        // After a conflict the form carries the current version, so saving again is a deliberate overwrite.
        values: failure?.conflict ? { ...values, version: failure.conflict.version } : values,
        errors: failure?.errors,
        ...vocabularies,
      },
    });
  }

  return {
    show(req: Request, res: Response) {
      renderSide(req, res, routeIdOf(req.params), slugOf(req.params), { effective_on: today(), evidence_kind: 'official_document', evidence_language: 'en' });
    },

    async update(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const slug = slugOf(req.params);
      const { side } = sidePageModel(db, id, slug);
      const parsed = parseInput(statusFormSchema, req.body);
      const userId = res.locals.user!.id;
      const result: WriteResult = parsed.ok
        ? await commit(db, (tx) => setPartyStatus(tx, id, side.party, parsed.data, userId)).catch((error: unknown) => ({
            ok: false as const,
            errors: constraintErrors(error, STATUS_CONSTRAINTS),
          }))
        : parsed;
      if (!result.ok) return renderSide(req, res, id, slug, req.body, result);
      redirectAfterWrite(req, res, `/recommendations/${id}#sides`, { key: 'flash.side_updated', name: `${side.name} — ${result.name}`, href: `/recommendations/${id}#sides` });
    },
  };
}
