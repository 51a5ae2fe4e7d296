import { z } from 'zod';
import type { ConstraintFields } from '../lib/constraint-errors';
import { CONFIDENCES, UPTAKES } from '../domain/vocabulary';
import { t } from '../lib/i18n';
import { choice, optionalChoice, optionalId } from '../lib/validation';
import type { UptakeInput } from './service';

/**
 * The uptake form. Anything but "unknown" is a claim about the world, so it
 * needs the document that shows it and how sure the analyst is; "unknown"
 * claims nothing and clears both.
 */
export const uptakeFormSchema = z
  .object({
    _csrf: z.string().optional(),
    version: optionalId,
    uptake: choice(UPTAKES),
    uptake_note_id: optionalId,
    uptake_confidence: optionalChoice(CONFIDENCES),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.uptake === 'unknown') return;
    if (f.uptake_note_id === undefined) ctx.addIssue({ code: 'custom', path: ['uptake_note_id'], message: t('uptake.errors.document_required') });
    if (f.uptake_confidence === undefined) ctx.addIssue({ code: 'custom', path: ['uptake_confidence'], message: 'validation.required' });
  })
  .transform(
    (f): UptakeInput =>
      f.uptake === 'unknown'
        ? { expectedVersion: f.version, uptake: f.uptake }
        : { expectedVersion: f.version, uptake: f.uptake, noteId: f.uptake_note_id, confidence: f.uptake_confidence },
  );

export const UPTAKE_CONSTRAINTS: ConstraintFields = {
  recommendations_uptake_check: 'uptake',
  recommendations_uptake_confidence_check: 'uptake_confidence',
  recommendations_uptake_unknown_bare: 'uptake',
};
