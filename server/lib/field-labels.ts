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
  record_kind: 'record_kind.label',
};

/**
 * Field names that one form uses in a sense of its own: a recommendation's
 * `kind` is its record kind, where in Admin `kind` is a body's or a
 * mechanism's kind (`fields.kind`).
 */
const FORM_LABELS: Record<string, Record<string, string>> = {
  recommendation: { kind: 'record_kind.label' },
};
export type LabelledForm = keyof typeof FORM_LABELS;

/** The catalogue key of a field's label, in `form` when the form names its fields its own way. */
export function fieldLabelKey(name: string, form?: LabelledForm): string {
  return (form === undefined ? undefined : FORM_LABELS[form]?.[name]) ?? LABELS[name] ?? `fields.${name}`;
}

export function fieldLabel(name: string, form?: LabelledForm): string {
  const key = fieldLabelKey(name, form);
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
export function errorLinks(errors: Record<string, string> | undefined, prefix = '', form?: LabelledForm): ErrorLink[] {
  if (!errors) return [];
  return Object.keys(errors)
    .filter((name) => name !== '_form')
    .map((name) => ({ href: `#${prefix}${name}`, fieldLabel: fieldLabel(name, form), message: errors[name]! }));
}
