/**
 * The controlled vocabularies of the tracker, each defined once: the database
 * schema (CHECK constraints), the zod schemas and the templates all read them
 * from here. Labels live in the translation catalogue under `<vocab>.<key>`.
 */

export const STATUSES = [
  { key: 'not_assessed', colour: 'grey', open: true },
  { key: 'no_action', colour: 'red', open: true },
  { key: 'under_consideration', colour: 'amber', open: true },
  { key: 'in_progress', colour: 'blue', open: true },
  { key: 'stalled', colour: 'orange', open: true },
  { key: 'partially_implemented', colour: 'teal', open: true },
  { key: 'implemented', colour: 'green', open: false },
  { key: 'not_implemented', colour: 'maroon', open: false },
  { key: 'superseded', colour: 'purple', open: false },
] as const;

export type StatusKey = (typeof STATUSES)[number]['key'];
export const STATUS_KEYS = STATUSES.map((s) => s.key) as [StatusKey, ...StatusKey[]];
export const DEFAULT_STATUS: StatusKey = 'not_assessed';
export const OPEN_STATUS_KEYS: StatusKey[] = STATUSES.filter((s) => s.open).map((s) => s.key);

export function isOpenStatus(key: StatusKey): boolean {
  return OPEN_STATUS_KEYS.includes(key);
}

export const CONFIDENCES = ['confirmed', 'likely', 'unverified'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/**
 * What a record is: a proposal the publication makes (the default), a
 * commitment of an official document that the publication reports, a side's
 * position or intention as a speaker states it, or work a speaker reports as
 * under way. Only the first is the author's proposal.
 */
export const RECORD_KINDS = ['recommendation', 'commitment', 'stated_position', 'reported_activity'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
export const DEFAULT_RECORD_KIND: RecordKind = 'recommendation';

/**
 * What became of a recommendation in the world, whoever did it (issue 21): taken up as recommended, taken up
 * changed, done independently of it (convergent), done the other way (contrary), not done, or not known (the
 * default). A publication's "taken up" share counts the first two only: convergence is not the publication's doing.
 */
export const UPTAKES = ['adopted', 'adapted', 'convergent', 'contrary', 'not_taken_up', 'unknown'] as const;
export type Uptake = (typeof UPTAKES)[number];
export const DEFAULT_UPTAKE: Uptake = 'unknown';
export const TAKEN_UP: readonly Uptake[] = ['adopted', 'adapted'];

export const SOURCE_KINDS = ['policy_brief', 'article', 'report', 'roundtable', 'journal_paper'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const MECHANISM_KINDS = [
  'intergovernmental_council',
  'commission',
  'expert_platform',
  'dialogue_club',
  'programme',
  'memorandum',
] as const;
export type MechanismKind = (typeof MECHANISM_KINDS)[number];

export const MECHANISM_LIFECYCLES = ['proposed', 'established', 'active', 'dormant', 'dissolved', 'superseded'] as const;
export type MechanismLifecycle = (typeof MECHANISM_LIFECYCLES)[number];

/** How often a mechanism is expected to meet, with the months between meetings (none: no expectation). */
export const MECHANISM_CADENCES = [
  { key: 'none', months: null },
  { key: 'every_two_years', months: 24 },
  { key: 'annual', months: 12 },
  { key: 'twice_a_year', months: 6 },
  { key: 'quarterly', months: 3 },
] as const;
export type CadenceKey = (typeof MECHANISM_CADENCES)[number]['key'];
export const CADENCE_KEYS = MECHANISM_CADENCES.map((c) => c.key) as [CadenceKey, ...CadenceKey[]];

/** Who met: the level of a mechanism's meeting. */
export const MEETING_LEVELS = ['heads_of_state', 'ministers', 'regional_governors', 'officials', 'experts'] as const;
export type MeetingLevel = (typeof MEETING_LEVELS)[number];

export const BODY_KINDS = ['ministry', 'regional_government', 'association', 'think_tank', 'academy', 'forum'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

export const BODY_ROLES = ['lead', 'supporting'] as const;
export type BodyRole = (typeof BODY_ROLES)[number];

export const EVIDENCE_KINDS = ['official_document', 'news', 'meeting_record', 'interview', 'internal_assessment'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const USER_ROLES = ['viewer', 'editor', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Languages of sources and notes (ISO 639-1). */
export const LANGUAGES = ['en', 'ru', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];
