import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import {
  BODY_KINDS,
  BODY_ROLES,
  CONFIDENCES,
  DEFAULT_STATUS,
  EVIDENCE_KINDS,
  LANGUAGES,
  MECHANISM_KINDS,
  MECHANISM_LIFECYCLES,
  CADENCE_KEYS,
  MEETING_LEVELS,
  DEFAULT_RECORD_KIND,
  RECORD_KINDS,
  SOURCE_KINDS,
  STATUS_KEYS,
  UPTAKES,
  DEFAULT_UPTAKE,
  USER_ROLES,
} from '../domain/vocabulary';
import { INVISIBLE_CODE_POINTS } from '../domain/text';

// ── datalang ──
/**
 * A native-language name's language: one of the vocabulary, and only beside a native name. A native name whose
 * language is not known (NULL) is shown after the English one, as before languages were recorded.
 */
function nativeLanguageRule() {
  const known = LANGUAGES.map((l) => `'${l}'`).join(', ');
  return sql.raw(`native_language IS NULL OR (native_name IS NOT NULL AND native_language IN (${known}))`);
}

/** `col IN ('a','b',…)` for a CHECK constraint over a vocabulary. */
function oneOf(column: string, values: readonly string[]) {
  return sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(', ')})`);
}

const INVISIBLE = `char(${INVISIBLE_CODE_POINTS.join(', ')})`;

/** The text rule of server/domain/text.ts: not blank once its invisible characters are trimmed. */
function hasText(column: string) {
  return sql.raw(`length(trim(${column}, ${INVISIBLE})) > 0`);
}

/** The web-address rule of server/domain/text.ts: http:// or https:// (any case), then a host. */
function httpUrlOrNull(column: string) {
  const after = (scheme: string) =>
    `(lower(substr(${column}, 1, ${scheme.length})) = '${scheme}' AND substr(${column}, ${scheme.length + 1}, 1) NOT IN ('', '/', '?', '#'))`;
  return sql.raw(`${column} IS NULL OR ${after('http://')} OR ${after('https://')}`);
}

// Timestamps are ISO-8601 UTC text (sortable, readable in sqlite3 and CSV);
// calendar dates are YYYY-MM-DD text.
const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    // Stored lower-cased, so the unique index makes e-mail case-insensitive.
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: USER_ROLES }).notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
    // ── i18n: the interface language the user chose; null follows the browser ──
    language: text('language', { enum: LANGUAGES }),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(t.email),
    check('users_role_check', oneOf('role', USER_ROLES)),
    check('users_email_lower', sql.raw('email = lower(email)')),
    check('users_name_present', hasText('name')),
  ],
);

export const sessions = sqliteTable(
  'sessions',
  {
    sid: text('sid').primaryKey(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    data: text('data').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_expires_at_idx').on(t.expiresAt), index('sessions_user_id_idx').on(t.userId)],
);

export const sources = sqliteTable(
  'sources',
  {
    id: integer('id').primaryKey(),
    title: text('title').notNull(),
    authors: text('authors').notNull(),
    publisher: text('publisher').notNull(),
    publishedOn: text('published_on').notNull(),
    kind: text('kind', { enum: SOURCE_KINDS }).notNull(),
    url: text('url'),
    language: text('language', { enum: LANGUAGES }).notNull(),
    /** What the tracker holds of the publication, when not all of it (e.g. only its summary page's proposals). */
    coverageNote: text('coverage_note'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('sources_title_unique').on(t.title),
    check('sources_kind_check', oneOf('kind', SOURCE_KINDS)),
    check('sources_language_check', oneOf('language', LANGUAGES)),
    check('sources_title_present', hasText('title')),
    check('sources_authors_present', hasText('authors')),
    check('sources_publisher_present', hasText('publisher')),
    check('sources_url_http', httpUrlOrNull('url')),
  ],
);

export const bodies = sqliteTable(
  'bodies',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    nativeName: text('native_name'),
    acronym: text('acronym'),
    country: text('country').notNull(),
    kind: text('kind', { enum: BODY_KINDS }).notNull(),
    createdAt: text('created_at').notNull().default(now),
    /** ── datalang ── The language the native-language name is written in. */
    nativeLanguage: text('native_language', { enum: LANGUAGES }),
  },
  (t) => [
    uniqueIndex('bodies_name_unique').on(t.name),
    check('bodies_kind_check', oneOf('kind', BODY_KINDS)),
    check('bodies_name_present', hasText('name')),
    check('bodies_country_present', hasText('country')),
    // ── datalang ──
    check('bodies_native_language_check', nativeLanguageRule()),
  ],
);

export const mechanisms = sqliteTable(
  'mechanisms',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    nativeName: text('native_name'),
    kind: text('kind', { enum: MECHANISM_KINDS }).notNull(),
    lifecycle: text('lifecycle', { enum: MECHANISM_LIFECYCLES }).notNull(),
    yearEstablished: integer('year_established'),
    description: text('description').notNull().default(''),
    createdAt: text('created_at').notNull().default(now),
    /** ── datalang ── The language the native-language name is written in. */
    nativeLanguage: text('native_language', { enum: LANGUAGES }),
    /** ── mechanisms (issue 21) ── How often it is expected to meet: the dormant rule (server/domain/dormancy.ts). */
    expectedCadence: text('expected_cadence', { enum: CADENCE_KEYS }).notNull().default('none'),
  },
  (t) => [
    uniqueIndex('mechanisms_name_unique').on(t.name),
    check('mechanisms_kind_check', oneOf('kind', MECHANISM_KINDS)),
    check('mechanisms_lifecycle_check', oneOf('lifecycle', MECHANISM_LIFECYCLES)),
    check('mechanisms_name_present', hasText('name')),
    // ── datalang ──
    check('mechanisms_native_language_check', nativeLanguageRule()),
    check('mechanisms_expected_cadence_check', oneOf('expected_cadence', CADENCE_KEYS)),
  ],
);

/**
 * ── mechanisms (issue 21) ── A dated occasion on which a mechanism acted: a session, a meeting of its
 * members. Its evidence for recommendations is kept as evidence notes that name it (evidence_notes.meeting_id).
 */
export const mechanismMeetings = sqliteTable(
  'mechanism_meetings',
  {
    id: integer('id').primaryKey(),
    mechanismId: integer('mechanism_id')
      .notNull()
      .references(() => mechanisms.id, { onDelete: 'cascade' }),
    heldOn: text('held_on').notNull(),
    place: text('place'),
    level: text('level', { enum: MEETING_LEVELS }),
    participants: text('participants'),
    outcome: text('outcome').notNull(),
    documents: text('documents'),
    sourceUrl: text('source_url'),
    sourceTitle: text('source_title'),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    recordedAt: text('recorded_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [
    index('mechanism_meetings_mechanism_idx').on(t.mechanismId, t.heldOn),
    // A NULL level passes: a CHECK fails only on false.
    check('mechanism_meetings_level_check', oneOf('level', MEETING_LEVELS)),
    check('mechanism_meetings_outcome_present', hasText('outcome')),
    check('mechanism_meetings_source_url_http', httpUrlOrNull('source_url')),
  ],
);

/** ── mechanisms (issue 21) ── The mechanism's participating bodies that took part in a meeting. */
export const mechanismMeetingBodies = sqliteTable(
  'mechanism_meeting_bodies',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => mechanismMeetings.id, { onDelete: 'cascade' }),
    bodyId: integer('body_id')
      .notNull()
      .references(() => bodies.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.bodyId] }), index('mechanism_meeting_bodies_body_idx').on(t.bodyId)],
);

/**
 * ── mechanisms (issue 21) ── A mechanism's lifecycle, change by change: the stage it entered, when (as precise as
 * the source says: YYYY, YYYY-MM or YYYY-MM-DD), why and on what source. mechanisms.lifecycle and
 * year_established follow from it (server/mechanisms/service.ts, deriveLifecycle).
 */
export const mechanismLifecycleChanges = sqliteTable(
  'mechanism_lifecycle_changes',
  {
    id: integer('id').primaryKey(),
    mechanismId: integer('mechanism_id')
      .notNull()
      .references(() => mechanisms.id, { onDelete: 'cascade' }),
    stage: text('stage', { enum: MECHANISM_LIFECYCLES }).notNull(),
    effectiveOn: text('effective_on').notNull(),
    rationale: text('rationale').notNull(),
    sourceUrl: text('source_url'),
    sourceTitle: text('source_title'),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    recordedAt: text('recorded_at').notNull().default(now),
  },
  (t) => [
    index('mechanism_lifecycle_changes_mechanism_idx').on(t.mechanismId, t.effectiveOn),
    check('mechanism_lifecycle_changes_stage_check', oneOf('stage', MECHANISM_LIFECYCLES)),
    check('mechanism_lifecycle_changes_rationale_present', hasText('rationale')),
    check('mechanism_lifecycle_changes_source_url_http', httpUrlOrNull('source_url')),
  ],
);

export const mechanismBodies = sqliteTable(
  'mechanism_bodies',
  {
    mechanismId: integer('mechanism_id')
      .notNull()
      .references(() => mechanisms.id, { onDelete: 'cascade' }),
    bodyId: integer('body_id')
      .notNull()
      .references(() => bodies.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.mechanismId, t.bodyId] }), index('mechanism_bodies_body_idx').on(t.bodyId)],
);

/**
 * Other names a body is known by (a later or earlier official name, a name in
 * another language, an acronym in another script), so that a search by any of
 * them finds the body's recommendations. The body's own name stays the one its
 * publications use.
 */
export const bodyAliases = sqliteTable(
  'body_aliases',
  {
    id: integer('id').primaryKey(),
    bodyId: integer('body_id')
      .notNull()
      .references(() => bodies.id, { onDelete: 'cascade' }),
    alias: text('alias').notNull(),
  },
  (t) => [uniqueIndex('body_aliases_body_alias_unique').on(t.bodyId, t.alias), check('body_aliases_alias_present', hasText('alias'))],
);

/** Data migrations (TypeScript steps run once after the SQL migrations), by name, when applied. */
export const dataMigrations = sqliteTable('data_migrations', {
  name: text('name').primaryKey(),
  appliedAt: text('applied_at').notNull().default(now),
  /** What the step did and what it left, as its log line said. */
  outcome: text('outcome').notNull(),
});

export const themes = sqliteTable(
  'themes',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull().unique(),
  },
  () => [check('themes_name_present', hasText('name'))],
);

export const recommendations = sqliteTable(
  'recommendations',
  {
    id: integer('id').primaryKey(),
    sourceId: integer('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'restrict' }),
    reference: text('reference').notNull(),
    parentId: integer('parent_id').references((): AnySQLiteColumn => recommendations.id, { onDelete: 'restrict' }),
    shortTitle: text('short_title').notNull(),
    fullText: text('full_text').notNull(),
    kind: text('kind', { enum: RECORD_KINDS }).notNull().default(DEFAULT_RECORD_KIND),
    mechanismId: integer('mechanism_id').references(() => mechanisms.id, { onDelete: 'restrict' }),
    priority: integer('priority', { mode: 'boolean' }).notNull().default(false),
    targetDate: text('target_date'),
    ownerId: integer('owner_id').references(() => users.id, { onDelete: 'set null' }),
    status: text('status', { enum: STATUS_KEYS }).notNull().default(DEFAULT_STATUS),
    statusSince: text('status_since'),
    confidence: text('confidence', { enum: CONFIDENCES }).notNull().default('unverified'),
    lastVerifiedOn: text('last_verified_on'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
    /**
     * ── datalang ── The language the short title and full text were written in (translations are in
     * recommendation_translations). Its vocabulary is enforced by triggers (migrations: datalang_backfill), not a
     * CHECK: a CHECK would rebuild this large table and drop its search triggers.
     */
    language: text('language', { enum: LANGUAGES }).notNull().default('en'),
    // ── uptake (issue 21): what became of it in the world, the evidence note that shows it, and how sure the analyst is ──
    uptake: text('uptake', { enum: UPTAKES }).notNull().default(DEFAULT_UPTAKE),
    uptakeNoteId: integer('uptake_note_id').references((): AnySQLiteColumn => evidenceNotes.id, { onDelete: 'set null' }),
    uptakeConfidence: text('uptake_confidence', { enum: CONFIDENCES }),
  },
  (t) => [
    uniqueIndex('recommendations_source_reference_unique').on(t.sourceId, t.reference),
    // The list filtered by status, newest first, without sorting the whole status; also every lookup by status
    // alone (an index on status by itself would only cost each status change two more pages written).
    index('recommendations_status_updated_idx').on(t.status, t.updatedAt),
    index('recommendations_mechanism_status_idx').on(t.mechanismId, t.status),
    // The list's default order (publication, reference) within a status, read in order without the table; and
    // the priority filter's counts by status from the index alone.
    index('recommendations_status_source_reference_idx').on(t.status, t.sourceId, t.reference),
    // The priority filter's board reads its history's recommendations and their sources from this index alone; a
    // status save rewrites the entry either way.
    index('recommendations_priority_status_idx').on(t.priority, t.status, t.sourceId),
    index('recommendations_owner_idx').on(t.ownerId),
    index('recommendations_parent_idx').on(t.parentId),
    index('recommendations_updated_at_idx').on(t.updatedAt),
    index('recommendations_target_date_idx').on(t.targetDate),
    // The list's filters by theme or body (id IN the links' ids) and their counts: each id looked up in this narrow
    // index, which holds every column the list filters and sorts on but the title, instead of in the wide table.
    index('recommendations_list_idx').on(t.id, t.status, t.mechanismId, t.sourceId, t.priority, t.updatedAt, t.targetDate, t.reference),
    // The list by title: read in order. A status save does not touch the title, so the index costs it nothing.
    index('recommendations_title_idx').on(sql`${t.shortTitle} COLLATE NOCASE`),
    // The list by target date, undated last: read in order; a status save does not touch it either.
    index('recommendations_target_order_idx').on(sql`${t.targetDate} IS NULL`, t.targetDate),
    // The board and the list filtered by record kind read only the rows filtered (decision 0008); a status
    // save does not touch the column, so the index costs it nothing. Priority is served by (priority, status).
    index('recommendations_kind_idx').on(t.kind),
    check('recommendations_status_check', oneOf('status', STATUS_KEYS)),
    check('recommendations_kind_check', oneOf('kind', RECORD_KINDS)),
    check('recommendations_confidence_check', oneOf('confidence', CONFIDENCES)),
    check('recommendations_reference_present', hasText('reference')),
    check('recommendations_short_title_present', hasText('short_title')),
    check('recommendations_full_text_present', hasText('full_text')),
    check('recommendations_not_own_parent', sql.raw('parent_id IS NULL OR parent_id <> id')),
    // ── uptake ── "Unknown" claims nothing, so it carries neither a document nor a confidence.
    check('recommendations_uptake_check', oneOf('uptake', UPTAKES)),
    check('recommendations_uptake_confidence_check', sql.raw(`uptake_confidence IS NULL OR uptake_confidence IN (${CONFIDENCES.map((c) => `'${c}'`).join(', ')})`)),
    check('recommendations_uptake_unknown_bare', sql.raw(`uptake <> 'unknown' OR (uptake_note_id IS NULL AND uptake_confidence IS NULL)`)),
  ],
);

export const recommendationBodies = sqliteTable(
  'recommendation_bodies',
  {
    recommendationId: integer('recommendation_id')
      .notNull()
      .references(() => recommendations.id, { onDelete: 'cascade' }),
    bodyId: integer('body_id')
      .notNull()
      .references(() => bodies.id, { onDelete: 'restrict' }),
    role: text('role', { enum: BODY_ROLES }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.recommendationId, t.bodyId] }),
    index('recommendation_bodies_body_role_idx').on(t.bodyId, t.role),
    // At most one lead body per recommendation.
    uniqueIndex('recommendation_bodies_one_lead').on(t.recommendationId).where(sql`role = 'lead'`),
    check('recommendation_bodies_role_check', oneOf('role', BODY_ROLES)),
  ],
);

export const recommendationThemes = sqliteTable(
  'recommendation_themes',
  {
    recommendationId: integer('recommendation_id')
      .notNull()
      .references(() => recommendations.id, { onDelete: 'cascade' }),
    themeId: integer('theme_id')
      .notNull()
      .references(() => themes.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.recommendationId, t.themeId] }), index('recommendation_themes_theme_idx').on(t.themeId, t.recommendationId)],
);

export const evidenceNotes = sqliteTable(
  'evidence_notes',
  {
    id: integer('id').primaryKey(),
    recommendationId: integer('recommendation_id')
      .notNull()
      .references(() => recommendations.id, { onDelete: 'cascade' }),
    observedOn: text('observed_on').notNull(),
    text: text('text').notNull(),
    sourceUrl: text('source_url'),
    sourceTitle: text('source_title'),
    sourceKind: text('source_kind', { enum: EVIDENCE_KINDS }).notNull(),
    language: text('language', { enum: LANGUAGES }).notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    recordedAt: text('recorded_at').notNull().default(now),
    /** ── mechanisms (issue 21) ── The meeting this note records as evidence; kept in step with it, deleted with it. */
    meetingId: integer('meeting_id').references((): AnySQLiteColumn => mechanismMeetings.id, { onDelete: 'cascade' }),
  },
  (t) => [
    index('evidence_notes_recommendation_idx').on(t.recommendationId, t.observedOn),
    uniqueIndex('evidence_notes_meeting_unique').on(t.meetingId, t.recommendationId).where(sql`meeting_id IS NOT NULL`),
    check('evidence_notes_kind_check', oneOf('source_kind', EVIDENCE_KINDS)),
    check('evidence_notes_language_check', oneOf('language', LANGUAGES)),
    check('evidence_notes_text_present', hasText('text')),
    check('evidence_notes_url_http', httpUrlOrNull('source_url')),
  ],
);

export const statusHistory = sqliteTable(
  'status_history',
  {
    id: integer('id').primaryKey(),
    recommendationId: integer('recommendation_id')
      .notNull()
      .references(() => recommendations.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status', { enum: STATUS_KEYS }).notNull(),
    toStatus: text('to_status', { enum: STATUS_KEYS }).notNull(),
    effectiveOn: text('effective_on').notNull(),
    recordedAt: text('recorded_at').notNull().default(now),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    rationale: text('rationale').notNull(),
    evidenceNoteId: integer('evidence_note_id').references(() => evidenceNotes.id, { onDelete: 'set null' }),
  },
  (t) => [
    // The filtered board's history walks each recommendation's changes (date, status) from this index alone, in the
    // order of the history (date, then id).
    index('status_history_recommendation_idx').on(t.recommendationId, t.effectiveOn, t.id, t.toStatus),
    index('status_history_effective_idx').on(t.effectiveOn),
    // The board's "moved since" counts distinct recommendations in a range of dates from this index alone.
    index('status_history_effective_recommendation_idx').on(t.effectiveOn, t.recommendationId),
    index('status_history_recorded_at_idx').on(t.recordedAt),
    check('status_history_from_check', oneOf('from_status', STATUS_KEYS)),
    check('status_history_to_check', oneOf('to_status', STATUS_KEYS)),
    check('status_history_rationale_present', hasText('rationale')),
  ],
);

// ── parties (issue 21): each side's progress ──
/**
 * The sides of a joint recommendation (server/parties/parties.ts): one row per recommendation and party (a country
 * as its bodies name it), kept by the triggers of the party_statuses migration whenever its bodies change. A side
 * nobody has assessed is `not_assessed`, never updated; its status is never computed into the overall one.
 */
export const partyStatuses = sqliteTable(
  'party_statuses',
  {
    recommendationId: integer('recommendation_id')
      .notNull()
      .references(() => recommendations.id, { onDelete: 'cascade' }),
    party: text('party').notNull(),
    status: text('status', { enum: STATUS_KEYS }).notNull().default(DEFAULT_STATUS),
    statusSince: text('status_since'),
    /** Each side's own version: two analysts updating Russia's and China's sides at once do not refuse each other. */
    version: integer('version').notNull().default(1),
    updatedAt: text('updated_at'),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.recommendationId, t.party] }),
    // The list filtered by a side's status, and the board's matrix by party under filters.
    index('party_statuses_party_status_idx').on(t.party, t.status),
    check('party_statuses_status_check', oneOf('status', STATUS_KEYS)),
  ],
);

/** A side's status changes, as status_history is the overall status's. */
export const partyStatusHistory = sqliteTable(
  'party_status_history',
  {
    id: integer('id').primaryKey(),
    recommendationId: integer('recommendation_id')
      .notNull()
      .references(() => recommendations.id, { onDelete: 'cascade' }),
    party: text('party').notNull(),
    fromStatus: text('from_status', { enum: STATUS_KEYS }).notNull(),
    toStatus: text('to_status', { enum: STATUS_KEYS }).notNull(),
    effectiveOn: text('effective_on').notNull(),
    recordedAt: text('recorded_at').notNull().default(now),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    rationale: text('rationale').notNull(),
    evidenceNoteId: integer('evidence_note_id').references(() => evidenceNotes.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('party_status_history_side_idx').on(t.recommendationId, t.party, t.effectiveOn),
    check('party_status_history_from_check', oneOf('from_status', STATUS_KEYS)),
    check('party_status_history_to_check', oneOf('to_status', STATUS_KEYS)),
    check('party_status_history_rationale_present', hasText('rationale')),
  ],
);

// ── datalang ──
/**
 * A recommendation's short title and full text in a language other than its original, as an analyst entered
 * them (never machine-translated). One per recommendation and language.
 */
export const recommendationTranslations = sqliteTable(
  'recommendation_translations',
  {
    id: integer('id').primaryKey(),
    recommendationId: integer('recommendation_id')
      .notNull()
      .references(() => recommendations.id, { onDelete: 'cascade' }),
    language: text('language', { enum: LANGUAGES }).notNull(),
    shortTitle: text('short_title').notNull(),
    fullText: text('full_text').notNull(),
    translatedBy: integer('translated_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('recommendation_translations_language_unique').on(t.recommendationId, t.language),
    check('recommendation_translations_language_check', oneOf('language', LANGUAGES)),
    check('recommendation_translations_short_title_present', hasText('short_title')),
    check('recommendation_translations_full_text_present', hasText('full_text')),
  ],
);

export type RecommendationTranslation = typeof recommendationTranslations.$inferSelect;

export type User = typeof users.$inferSelect;
export type Recommendation = typeof recommendations.$inferSelect;
export type Source = typeof sources.$inferSelect;
export type Body = typeof bodies.$inferSelect;
export type Mechanism = typeof mechanisms.$inferSelect;
export type EvidenceNote = typeof evidenceNotes.$inferSelect;

/**
 * An uploaded CSV waiting for its uploader to confirm the import: the preview
 * is computed from it, and confirming applies it. Deleted once applied; an
 * unconfirmed one is dropped a day later.
 */
export const imports = sqliteTable(
  'imports',
  {
    id: integer('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    content: text('content').notNull(),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [index('imports_user_idx').on(t.userId, t.createdAt)],
);

/** Every change to a recommendation's fields (status changes live in status_history): who, when, old and new. */
export const recommendationChanges = sqliteTable(
  'recommendation_changes',
  {
    id: integer('id').primaryKey(),
    recommendationId: integer('recommendation_id')
      .notNull()
      .references(() => recommendations.id, { onDelete: 'cascade' }),
    field: text('field').notNull(),
    // Values as a reader sees them (names, not ids), so the log stays legible after renames.
    oldValue: text('old_value'),
    newValue: text('new_value'),
    reason: text('reason'),
    changedBy: integer('changed_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    changedAt: text('changed_at').notNull().default(now),
  },
  (t) => [index('recommendation_changes_recommendation_idx').on(t.recommendationId, t.changedAt)],
);

/**
 * An invitation to join: an admin names the colleague, their e-mail and role,
 * and passes on a one-time link; the colleague sets their own password there.
 * Only a SHA-256 hash of the link's token is kept, so the database (or a
 * backup of it) cannot be used to join. A link works until it is used,
 * revoked, or expires.
 */
export const invitations = sqliteTable(
  'invitations',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    role: text('role', { enum: USER_ROLES }).notNull(),
    tokenHash: text('token_hash').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull().default(now),
    expiresAt: text('expires_at').notNull(),
    acceptedAt: text('accepted_at'),
    /** The account the invitation created. */
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: text('revoked_at'),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_unique').on(t.tokenHash),
    index('invitations_email_idx').on(t.email),
    check('invitations_role_check', oneOf('role', USER_ROLES)),
    check('invitations_email_lower', sql.raw('email = lower(email)')),
    check('invitations_name_present', hasText('name')),
  ],
);

export type Invitation = typeof invitations.$inferSelect;

/* ── board (issue 20): summaries kept current by the triggers of the board_counts migration ── */

/**
 * Recommendations per group and status, for the board's matrix and headline
 * (by mechanism and source each recommendation once, group 0 for none; by
 * body once under every body linked to it, or under 0 if none).
 */
export const boardCounts = sqliteTable(
  'board_counts',
  {
    grouping: text('grouping', { enum: ['mechanism', 'body', 'source'] }).notNull(),
    groupId: integer('group_id').notNull(),
    status: text('status', { enum: STATUS_KEYS }).notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.grouping, t.groupId, t.status] })],
);

/**
 * The status-over-time chart as changes per day: on each day, how many more
 * (or fewer) recommendations stood in each status at its end than at the end
 * of the day before. The count on a day is the sum up to it.
 */
export const boardHistoryDays = sqliteTable(
  'board_history_days',
  {
    day: text('day').notNull(),
    status: text('status', { enum: STATUS_KEYS }).notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.status] })],
);

/** The same changes summed per month ('YYYY-MM'), so a month's end is a sum over a few hundred rows. */
export const boardHistoryMonths = sqliteTable(
  'board_history_months',
  {
    month: text('month').notNull(),
    status: text('status', { enum: STATUS_KEYS }).notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.status] })],
);

/** Recommendations per target date and status: "overdue" on any day is a sum over the dates before it. */
export const boardTargets = sqliteTable(
  'board_targets',
  {
    targetDate: text('target_date').notNull(),
    status: text('status', { enum: STATUS_KEYS }).notNull(),
    n: integer('n').notNull(),
  },
  // The covering index: "overdue" sums n over a range of dates per open status without reading the table.
  (t) => [primaryKey({ columns: [t.targetDate, t.status] }), index('board_targets_status_idx').on(t.status, t.targetDate, t.n)],
);

/** Recommendations per last event in the world (lastEventOn; '' for none) and status: "stale" is a sum over the days before the cut-off. */
export const boardLastEvents = sqliteTable(
  'board_last_events',
  {
    day: text('day').notNull(),
    status: text('status', { enum: STATUS_KEYS }).notNull(),
    n: integer('n').notNull(),
  },
  // The covering index: "stale" sums n over a range of days per open status without reading the table.
  (t) => [primaryKey({ columns: [t.day, t.status] }), index('board_last_events_status_idx').on(t.status, t.day, t.n)],
);

/** ── uptake (issue 21) ── Recommendations per source publication and uptake, for the board's "taken up" figures. */
export const boardUptake = sqliteTable(
  'board_uptake',
  {
    sourceId: integer('source_id').notNull(),
    uptake: text('uptake', { enum: UPTAKES }).notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.uptake] })],
);

/**
 * A filtered board's facts, one narrow row per recommendation (decision 0008): what its figures and chart read, kept
 * by the board_facts migration's triggers. The filters select the ids from the recommendations' indexes; reading
 * those recommendations' wide rows, their newest note and their history instead cost ~150 ms per broad filter.
 */
export const boardFacts = sqliteTable('board_facts', {
  recommendationId: integer('recommendation_id').primaryKey(),
  status: text('status', { enum: STATUS_KEYS }).notNull(),
  mechanismId: integer('mechanism_id'),
  sourceId: integer('source_id').notNull(),
  uptake: text('uptake', { enum: UPTAKES }).notNull(),
  targetDate: text('target_date'),
  statusSince: text('status_since'),
  lastVerifiedOn: text('last_verified_on'),
  /** The newest evidence note's observed date. */
  lastNoteOn: text('last_note_on'),
  /** The status changes in the history's order (date, then id), as `date:status` joined by `;`; '' for none. */
  changes: text('changes').notNull(),
});

/** Sides per party and status, for the board's matrix by party (kept by the party_statuses migration's triggers). */
export const boardPartyCounts = sqliteTable(
  'board_party_counts',
  {
    party: text('party').notNull(),
    status: text('status', { enum: STATUS_KEYS }).notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.party, t.status] })],
);
