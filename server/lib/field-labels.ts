import { hasTranslation, t } from './i18n';

/**
 * The label of each form field, by field name, for the error summary, the
 * conflict panel and the change log: a field whose catalogue key is not
 * `fields.<name>` is named here.
 */
const LABELS: Record<string, string> = {
  parent_id: 'fields.parent',
  source_id: 'fields.source',
  mechanism_id: 'fields.mechanism',
  lead_body_id: 'fields.lead_body',
  supporting_body_ids: 'fields.supporting_bodies',
  owner_id: 'fields.owner',
  new_themes: 'recommendations.new_themes',
  effective_on: 'status_update.effective_on',
  observed_on: 'notes.observed_on',
  occurred_on: 'detail_update.date',
  text: 'notes.text',
  evidence_text: 'notes.text',
  source_url: 'notes.source_url',
  evidence_url: 'notes.source_url',
  source_title: 'notes.source_title',
  evidence_title: 'notes.source_title',
  source_kind: 'notes.source_kind',
  evidence_kind: 'notes.source_kind',
  evidence_language: 'notes.language',
  status: 'status_update.new_status',
};

/** The catalogue key of a field's label. */
export function fieldLabelKey(name: string): string {
  return LABELS[name] ?? `fields.${name}`;
}

export function fieldLabel(name: string): string {
  const key = fieldLabelKey(name);
  return hasTranslation(key) ? t(key) : name;
}

export interface ErrorLink {
  href: string;
  /** The field's label (not `label`: templates have a helper of that name). */
  fieldLabel: string;
  message: string;
}

/**
 * The field errors of a form as links to their fields (`#<prefix><name>`), in
 * the order they were found (the form's order); `_form` is not a field.
 */
export function errorLinks(errors: Record<string, string> | undefined, prefix = ''): ErrorLink[] {
  if (!errors) return [];
  return Object.keys(errors)
    .filter((name) => name !== '_form')
    .map((name) => ({ href: `#${prefix}${name}`, fieldLabel: fieldLabel(name), message: errors[name]! }));
}
