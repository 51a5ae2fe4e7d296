import type { Db } from '../db/client';
import { listOwners } from '../auth/users';
import { CONFIDENCES, LANGUAGES, RECORD_KINDS } from '../domain/vocabulary';
import { today } from '../lib/dates';
import { NotFoundError } from '../lib/errors';
import { fieldLabelKey } from '../lib/field-labels';
import type { FlashMessage } from '../lib/flash';
import { t } from '../lib/i18n';
import { filterOptions, findRecommendation, linkFields } from './queries';
import { splitThemes, type RecommendationInput } from './service';
import { parentFieldModel } from './view-models';

/** The recommendation form's models: its options, its values as stored, the conflict panel and the confirmation of a save. */

/** A target date further ahead than this is kept, with a warning: it is more likely a mistyped year than a plan. */
const FAR_FUTURE_YEARS = 10;
function farFuture(): string {
  const now = today();
  return `${Number(now.slice(0, 4)) + FAR_FUTURE_YEARS}${now.slice(4)}`;
}

/** The stored values that differ from the user's draft, for the conflict panel beside the form. */
function changedFields(current: Record<string, unknown>, draft: Record<string, unknown>) {
  const text = (v: unknown) => (Array.isArray(v) ? v.map(String).sort().join(', ') : v === true ? 'on' : v === false || v === undefined || v === null ? '' : String(v));
  return Object.keys(current)
    .filter((field) => field !== 'version' && text(current[field]) !== text(draft[field]))
    .map((field) => ({ field, value: text(current[field]) }));
}

/** Names instead of ids, and a label key for each field of the conflict panel. */
function describeFields(db: Db, fields: { field: string; value: string }[]) {
  const options = filterOptions(db);
  const names: Record<string, Map<string, string>> = {
    source_id: new Map(options.sources.map((o) => [String(o.id), o.title])),
    mechanism_id: new Map(options.mechanisms.map((o) => [String(o.id), o.name])),
    lead_body_id: new Map(options.bodies.map((o) => [String(o.id), o.name])),
    supporting_body_ids: new Map(options.bodies.map((o) => [String(o.id), o.name])),
    owner_id: new Map(listOwners(db).map((o) => [String(o.id), o.name])),
    kind: new Map(RECORD_KINDS.map((k) => [k, t(`record_kind.${k}`)])),
    confidence: new Map(CONFIDENCES.map((k) => [k, t(`confidence.${k}`)])),
  };
  return fields.map(({ field, value }) => ({
    label: fieldLabelKey(field, 'recommendation'),
    value: names[field] ? value.split(', ').filter(Boolean).map((v) => names[field]!.get(v) ?? v).join(', ') : value,
  }));
}

/** The conflict panel: each stored value that differs from the user's draft, named as the form names it. */
export function conflictPanel(db: Db, current: Record<string, unknown>, draft: Record<string, unknown>) {
  return describeFields(db, changedFields(current, draft));
}

/** The edit form's fields as stored now. */
export function editValues(db: Db, id: number): Record<string, unknown> {
  const found = findRecommendation(db, id);
  if (!found) throw new NotFoundError();
  const r = found.recommendation;
  return {
    version: r.version,
    source_id: r.sourceId,
    reference: r.reference,
    parent_id: r.parentId ?? '',
    short_title: r.shortTitle,
    full_text: r.fullText,
    kind: r.kind,
    mechanism_id: r.mechanismId ?? '',
    ...linkFields(db, id),
    priority: r.priority,
    target_date: r.targetDate ?? '',
    owner_id: r.ownerId ?? '',
    confidence: r.confidence,
    last_verified_on: r.lastVerifiedOn ?? '',
    language: r.language,
  };
}

/** The options and hints of the recommendation form, for these values. */
export function editFormModel(db: Db, values: Record<string, unknown>, recommendationId?: number) {
  const sourceId = Number(values.source_id) || undefined;
  const options = filterOptions(db);
  return {
    ...options,
    owners: listOwners(db),
    parentField: parentFieldModel(db, sourceId, recommendationId, Number(values.parent_id) || undefined),
    bodyOptions: options.bodies.map((b) => ({ value: b.id, text: b.acronym ? `${b.name} (${b.acronym})` : b.name })),
    themeOptions: options.themes.map((theme) => ({ value: theme.name, text: theme.name })),
    confidences: CONFIDENCES,
    recordKinds: RECORD_KINDS,
    languages: LANGUAGES,
    warnAfter: { target: farFuture(), verified: today() },
  };
}

/** A form sent back keeps every theme it was given: those in the list ticked, the others in the new-themes field. */
export function withThemeChoices(db: Db, values: Record<string, unknown>): Record<string, unknown> {
  const known = new Set(filterOptions(db).themes.map((theme) => theme.name));
  const given = [values.themes, values.new_themes].flat().filter((v): v is string => typeof v === 'string');
  const names = splitThemes(given.join(', '));
  return { ...values, themes: names.filter((n) => known.has(n)), new_themes: names.filter((n) => !known.has(n)).join(', ') };
}

/** What a saved recommendation's confirmation says, with a warning for each date that looks wrong but is kept. */
export function savedFlash(key: string, id: number, result: { name?: string }, input: RecommendationInput): FlashMessage {
  const warnings: FlashMessage['warnings'] = [];
  if (input.targetDate && input.targetDate > farFuture()) warnings.push({ key: 'recommendations.warnings.target_far', params: { date: input.targetDate } });
  if (input.lastVerifiedOn && input.lastVerifiedOn > today()) warnings.push({ key: 'recommendations.warnings.verified_future', params: { date: input.lastVerifiedOn } });
  return { key, name: result.name, href: `/recommendations/${id}`, warnings };
}
