import { z } from 'zod';
import type { ConstraintFields } from '../lib/constraint-errors';
import { CONFIDENCES, EVIDENCE_KINDS, LANGUAGES, RECORD_KINDS, STATUS_KEYS } from '../domain/vocabulary';
import { t } from '../lib/i18n';
import {
  checkbox,
  choice,
  id,
  idList,
  optionalDate,
  optionalHttpUrl,
  optionalChoice,
  optionalId,
  optionalText,
  requiredDate,
  requiredText,
} from '../lib/validation';
import { splitThemes, type EvidenceInput, type RecommendationInput, type StatusInput, type UpdateInput } from './service';

/** The forms of the recommendation pages. Unknown fields are refused (strict). */

/** Which field each database constraint concerns, per form, for a write the database refuses anyway. */
export const RECOMMENDATION_CONSTRAINTS: ConstraintFields = {
  recommendations_reference_present: 'reference',
  recommendations_short_title_present: 'short_title',
  recommendations_full_text_present: 'full_text',
  recommendations_not_own_parent: 'parent_id',
  'recommendations.source_id': 'reference',
  themes_name_present: 'themes',
};
export const STATUS_CONSTRAINTS: ConstraintFields = {
  status_history_rationale_present: 'rationale',
  evidence_notes_text_present: 'evidence_text',
  evidence_notes_url_http: 'evidence_url',
};
export const UPDATE_CONSTRAINTS: ConstraintFields = {
  status_history_rationale_present: 'rationale',
  evidence_notes_text_present: 'evidence_text',
  evidence_notes_url_http: 'evidence_url',
};
export const NOTE_CONSTRAINTS: ConstraintFields = {
  evidence_notes_text_present: 'text',
  evidence_notes_url_http: 'source_url',
};

export const NOTE_MAX = 10_000;
const csrf = { _csrf: z.string().optional() };

export const recommendationFormSchema = z
  .object({
    ...csrf,
    source_id: id,
    reference: requiredText(50),
    parent_id: optionalId,
    short_title: requiredText(300),
    full_text: requiredText(20_000),
    // Absent or blank: a new record is a recommendation, an edited one keeps its kind.
    kind: optionalChoice(RECORD_KINDS),
    mechanism_id: optionalId,
    lead_body_id: optionalId,
    supporting_body_ids: idList,
    // Existing themes ticked in the list (one value each), and new ones typed beside it.
    themes: z.preprocess((v) => (Array.isArray(v) ? v.join(', ') : v), optionalText(5000)),
    new_themes: optionalText(1000),
    priority: checkbox,
    target_date: optionalDate,
    owner_id: optionalId,
    confidence: choice(CONFIDENCES),
    last_verified_on: optionalDate,
    version: optionalId,
    change_reason: optionalText(1000),
    language: optionalChoice(LANGUAGES),
  })
  .strict()
  .transform(
    (f): RecommendationInput => ({
      language: f.language,
      expectedVersion: f.version,
      changeReason: f.change_reason,
      sourceId: f.source_id,
      reference: f.reference,
      parentId: f.parent_id,
      shortTitle: f.short_title,
      fullText: f.full_text,
      kind: f.kind,
      mechanismId: f.mechanism_id,
      leadBodyId: f.lead_body_id,
      supportingBodyIds: f.supporting_body_ids,
      themes: splitThemes([f.themes, f.new_themes].filter(Boolean).join(', ')),
      priority: f.priority,
      targetDate: f.target_date,
      ownerId: f.owner_id,
      confidence: f.confidence,
      lastVerifiedOn: f.last_verified_on,
    }),
  );

/** The evidence that may come with a status change or an update. */
const evidenceFields = {
  evidence_text: optionalText(NOTE_MAX),
  evidence_url: optionalHttpUrl,
  evidence_title: optionalText(300),
  evidence_kind: choice(EVIDENCE_KINDS),
  evidence_language: choice(LANGUAGES),
};

export const statusFormSchema = z
  .object({
    ...csrf,
    return_to: z.string().max(2000).optional(),
    version: optionalId,
    status: choice(STATUS_KEYS),
    effective_on: requiredDate,
    rationale: requiredText(2000),
    ...evidenceFields,
  })
  .strict()
  .superRefine((f, ctx) => {
    if (!f.evidence_text && (f.evidence_url || f.evidence_title)) {
      ctx.addIssue({ code: 'custom', path: ['evidence_text'], message: 'validation.evidence_text_required' });
    }
  })
  .transform(
    (f): StatusInput => ({
      expectedVersion: f.version,
      status: f.status,
      effectiveOn: f.effective_on,
      rationale: f.rationale,
      evidence: f.evidence_text
        ? {
            text: f.evidence_text,
            sourceUrl: f.evidence_url,
            sourceTitle: f.evidence_title,
            sourceKind: f.evidence_kind,
            language: f.evidence_language,
          }
        : undefined,
    }),
  );

export const noteFormSchema = z
  .object({
    ...csrf,
    return_to: z.string().max(2000).optional(),
    observed_on: requiredDate,
    text: requiredText(NOTE_MAX),
    source_url: optionalHttpUrl,
    source_title: optionalText(300),
    source_kind: choice(EVIDENCE_KINDS),
    language: choice(LANGUAGES),
  })
  .strict()
  .transform(
    (f): EvidenceInput => ({
      observedOn: f.observed_on,
      text: f.text,
      sourceUrl: f.source_url,
      sourceTitle: f.source_title,
      sourceKind: f.source_kind,
      language: f.language,
    }),
  );


/**
 * The detail page's one "Add an update" form: evidence, a status change, or
 * both. The status is optional (an observation that changes nothing is still
 * worth recording); a status change needs its reason; without one the
 * evidence is what is saved, so it must be described.
 */
export const updateFormSchema = z
  .object({
    ...csrf,
    version: optionalId,
    occurred_on: requiredDate,
    status: optionalChoice(STATUS_KEYS),
    rationale: optionalText(2000),
    ...evidenceFields,
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.status && !f.rationale) ctx.addIssue({ code: 'custom', path: ['rationale'], message: t('detail_update.errors.rationale_required') });
    if (!f.status && f.rationale) ctx.addIssue({ code: 'custom', path: ['rationale'], message: t('detail_update.errors.rationale_without_status') });
    if (!f.evidence_text && (f.evidence_url || f.evidence_title)) {
      ctx.addIssue({ code: 'custom', path: ['evidence_text'], message: 'validation.evidence_text_required' });
    } else if (!f.status && !f.evidence_text && !f.rationale) {
      ctx.addIssue({ code: 'custom', path: ['evidence_text'], message: t('detail_update.errors.nothing_to_save') });
    }
  })
  .transform((f): UpdateInput => {
    const evidence = f.evidence_text
      ? { text: f.evidence_text, sourceUrl: f.evidence_url, sourceTitle: f.evidence_title, sourceKind: f.evidence_kind, language: f.evidence_language }
      : undefined;
    return f.status
      ? { kind: 'status', status: { expectedVersion: f.version, status: f.status, effectiveOn: f.occurred_on, rationale: f.rationale!, evidence } }
      : { kind: 'note', note: { ...evidence!, observedOn: f.occurred_on } };
  });
