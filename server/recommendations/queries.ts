import { aliasedTable, type Placeholder, and, asc, count, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { prepared } from '../db/prepared';
import {
  bodies,
  bodyAliases,
  evidenceNotes,
  mechanisms,
  recommendationBodies,
  recommendationChanges,
  recommendations,
  recommendationThemes,
  recommendationTranslations,
  sources,
  statusHistory,
  themes,
  users,
} from '../db/schema';
import { OPEN_STATUS_KEYS, STATUSES, type Language, type RecordKind, type StatusKey } from '../domain/vocabulary';
import { shortWordQuery } from '../db/search-words';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { currentLanguage } from '../lib/language';
import { primaryName, type NamedEntity } from '../domain/data-language';
import { today } from '../lib/dates';
import { PAGE_SIZE, type Filters, type Sort } from './filters';
import { partyStatusCondition } from '../parties/condition';
import { partyChoices } from '../parties/queries';

/** Read-side queries of recommendations: the filtered list and the detail page. */

const leadLink = aliasedTable(recommendationBodies, 'lead_link');
export const leadBody = aliasedTable(bodies, 'lead_body');

/**
 * What a row needs to be shown in the reader's language: the recommendation's
 * original language and any translation into the reader's, and the native names
 * of its mechanism and lead body (joined as `mechanisms` and `leadBody`).
 * A function: the translation sought is the current request's language.
 */
export function namesInTheirLanguages() {
  return {
    language: recommendations.language,
    translatedTitle: translatedTitleOf(recommendations.id),
    mechanismNativeName: mechanisms.nativeName,
    mechanismNativeLanguage: mechanisms.nativeLanguage,
    leadBodyNativeName: leadBody.nativeName,
    leadBodyNativeLanguage: leadBody.nativeLanguage,
  };
}
const owner = aliasedTable(users, 'owner');

const statusOrder = sql.raw(
  `CASE ${recommendations.status.name} ${STATUSES.map((s, i) => `WHEN '${s.key}' THEN ${i}`).join(' ')} END`,
);

export const lastNoteOn = sql<string | null>`(SELECT max(${evidenceNotes.observedOn}) FROM ${evidenceNotes} WHERE ${evidenceNotes.recommendationId} = ${recommendations.id})`;

/**
 * The date of a recommendation's last event in the world: its latest status
 * change (`status_since`: the date the current status took effect, which no
 * change may precede), evidence note (as observed) or verification by an
 * analyst; NULL if none. Never the database write (`updated_at`): importing or
 * editing a record is not news about the recommendation. The notes' part reads
 * one entry of their index by recommendation and date. The board's "stale" figure, the
 * kanban's "last event" and the list's `quiet_since` filter all mean this.
 */
export const lastEventOn = sql<string | null>`nullif(max(coalesce(${recommendations.lastVerifiedOn}, ''), coalesce(${lastNoteOn}, ''), coalesce(${recommendations.statusSince}, '')), '')`;

/**
 * Stale: still open, and no event (status change, evidence, verification) on
 * or after the cut-off date. A closed recommendation (implemented, not
 * implemented, superseded) needs no fresh news.
 */
export function staleCondition(cutoff: string): SQL {
  // CASE: lastEventOn < cutoff, spelt out part by part so that the notes' subquery runs only when the columns leave it open.
  return and(
    inArray(recommendations.status, OPEN_STATUS_KEYS),
    sql`coalesce(${recommendations.lastVerifiedOn}, '') < ${cutoff}`,
    sql`coalesce(${recommendations.statusSince}, '') < ${cutoff}`,
    sql`coalesce(${lastNoteOn}, '') < ${cutoff}`,
  ) as SQL;
}

/** Moved: a status change that took effect on or after the date. */
export function movedCondition(since: string): SQL {
  return sql`EXISTS (SELECT 1 FROM ${statusHistory} WHERE ${statusHistory.recommendationId} = ${recommendations.id} AND ${statusHistory.effectiveOn} >= ${since})`;
}

export function overdueCondition(): SQL {
  return and(lt(recommendations.targetDate, today()), inArray(recommendations.status, OPEN_STATUS_KEYS)) as SQL;
}

/** The WHERE clause for a set of filters; shared by the list, its counts, and later the board and exports. */
export function filterConditions(filters: Filters): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filters.status) conditions.push(eq(recommendations.status, filters.status));
  if (filters.mechanism === 'none') conditions.push(isNull(recommendations.mechanismId));
  else if (filters.mechanism) conditions.push(eq(recommendations.mechanismId, filters.mechanism));
  if (filters.source) conditions.push(eq(recommendations.sourceId, filters.source));
  if (filters.owner) conditions.push(eq(recommendations.ownerId, filters.owner));
  if (filters.priority) conditions.push(eq(recommendations.priority, filters.priority === 'yes'));
  if (filters.record_kind) conditions.push(eq(recommendations.kind, filters.record_kind));
  if (filters.body === 'none') {
    conditions.push(
      sql`NOT EXISTS (SELECT 1 FROM ${recommendationBodies} WHERE ${recommendationBodies.recommendationId} = ${recommendations.id})`,
    );
  } else if (filters.body) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${recommendationBodies} WHERE ${recommendationBodies.recommendationId} = ${recommendations.id} AND ${recommendationBodies.bodyId} = ${filters.body})`,
    );
  }
  if (filters.theme) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${recommendationThemes} WHERE ${recommendationThemes.recommendationId} = ${recommendations.id} AND ${recommendationThemes.themeId} = ${filters.theme})`,
    );
  }
  if (filters.overdue) {
    conditions.push(overdueCondition());
  }
  if (filters.moved_since) conditions.push(movedCondition(filters.moved_since));
  if (filters.quiet_since) conditions.push(staleCondition(filters.quiet_since));
  if (filters.party_status) conditions.push(partyStatusCondition(filters.party_status));
  if (filters.q) conditions.push(or(textSearchCondition(filters.q), aliasSearchCondition(filters.q)));
  return and(...conditions);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Recommendations linked to a body known by another name that matches (a
 * later official name, a name in another script): the body keeps the name its
 * publications use, and a search by the other finds its records all the same.
 * Bodies and their aliases are few, so the LIKE scan is over a small table.
 */
function aliasSearchCondition(q: string): SQL {
  const pattern = `%${escapeLike(q)}%`;
  return sql`${recommendations.id} IN (SELECT ${recommendationBodies.recommendationId} FROM ${recommendationBodies} WHERE ${recommendationBodies.bodyId} IN (SELECT ${bodyAliases.bodyId} FROM ${bodyAliases} WHERE ${bodyAliases.alias} LIKE ${pattern} ESCAPE '\\'))`;
}

/**
 * The search box: every word of the query (words are what white space
 * separates, the ideographic space too) is found in the recommendation's
 * title, text or one of its evidence notes. Decision 0007.
 */
function textSearchCondition(q: string): SQL {
  const words = q.split(/\s+/u).filter((word) => word !== '');
  return and(...words.map(wordCondition)) ?? sql`1`;
}

/**
 * One word of a query. Three characters or more: anywhere, inside other words
 * too, in the trigram index (сотрудничеств finds every case ending). Fewer: in
 * the word index, a Chinese pair as a word (合作), one character or a short
 * word of another script as the start of a word (港 finds 港口, Ha finds
 * Harbin); a word of punctuation alone finds nothing.
 */
function wordCondition(word: string): SQL {
  if ([...word].length >= 3) {
    const match = yoVariants(word).map((variant) => `"${variant.replace(/"/g, '""')}"`).join(' OR ');
    return sql`${recommendations.id} IN (
      SELECT rowid FROM recommendation_search WHERE recommendation_search MATCH ${match}
      UNION
      SELECT ${evidenceNotes.recommendationId} FROM evidence_note_search JOIN ${evidenceNotes} ON ${evidenceNotes.id} = evidence_note_search.rowid
       WHERE evidence_note_search MATCH ${match}
      ${translationSearch(match)})`;
  }
  const match = shortWordQuery(word);
  if (match === undefined) return sql`0`;
  // Translations are few (analysts type them), so a short word scans them rather than keep a second word index.
  return or(
    sql`${recommendations.id} IN (
    SELECT rowid FROM recommendation_words WHERE recommendation_words MATCH ${match}
    UNION
    SELECT rowid >> 32 FROM evidence_note_words WHERE evidence_note_words MATCH ${match})`,
    translationLike(`%${escapeLike(word)}%`),
  ) as SQL;
}

/**
 * The spellings of a word with е and ё exchanged (ёлка, елка), which most
 * Russian texts and readers do not tell apart; the trigram index keeps them
 * apart. Every combination up to three such letters, beyond that the word as
 * typed and with every ё written е.
 */
function yoVariants(word: string): string[] {
  const lower = word.toLowerCase();
  const positions = [...lower].flatMap((char, i) => (char === 'е' || char === 'ё' ? [i] : []));
  if (positions.length === 0) return [word];
  if (positions.length > 3) return [...new Set([lower, lower.replace(/ё/g, 'е')])];
  const variants: string[] = [];
  for (let mask = 0; mask < 1 << positions.length; mask++) {
    const chars = [...lower];
    positions.forEach((position, bit) => (chars[position] = mask & (1 << bit) ? 'ё' : 'е'));
    variants.push(chars.join(''));
  }
  return variants;
}

// ── datalang ── translations are searched as the originals are (index: migrations/*_datalang_backfill.sql).
function translationSearch(phrase: string): SQL {
  return sql`UNION
      SELECT ${recommendationTranslations.recommendationId} FROM recommendation_translation_search
        JOIN ${recommendationTranslations} ON ${recommendationTranslations.id} = recommendation_translation_search.rowid
       WHERE recommendation_translation_search MATCH ${phrase}`;
}

function translationLike(pattern: string): SQL {
  return sql`EXISTS (SELECT 1 FROM ${recommendationTranslations} WHERE ${recommendationTranslations.recommendationId} = ${recommendations.id}
    AND (${recommendationTranslations.shortTitle} LIKE ${pattern} ESCAPE '\\' OR ${recommendationTranslations.fullText} LIKE ${pattern} ESCAPE '\\'))`;
}

function orderFor(sort: Sort): SQL[] {
  switch (sort) {
    case 'target':
      return [sql`${recommendations.targetDate} IS NULL`, asc(recommendations.targetDate), asc(recommendations.id)];
    case 'status':
      return [asc(statusOrder), desc(recommendations.updatedAt), desc(recommendations.id)];
    case 'title':
      return [sql`${recommendations.shortTitle} COLLATE NOCASE`, asc(recommendations.id)];
    case 'reference':
      return [asc(sources.title), asc(recommendations.reference), asc(recommendations.id)];
    case 'updated':
      return [desc(recommendations.updatedAt), desc(recommendations.id)];
  }
}

export interface ListRow {
  id: number;
  reference: string;
  shortTitle: string;
  status: StatusKey;
  statusSince: string | null;
  targetDate: string | null;
  priority: boolean;
  kind: RecordKind;
  confidence: string;
  updatedAt: string;
  /** The date of the newest evidence note. */
  lastEvidenceOn: string | null;
  sourceId: number;
  sourceTitle: string;
  mechanismId: number | null;
  mechanismName: string | null;
  leadBodyId: number | null;
  leadBodyName: string | null;
  ownerName: string | null;
  version: number;
  // ── datalang ──
  language: Language;
  /** The short title's translation into the interface language, if any. */
  translatedTitle: string | null;
  mechanismNativeName: string | null;
  mechanismNativeLanguage: Language | null;
  leadBodyNativeName: string | null;
  leadBodyNativeLanguage: Language | null;
}

/** How many recommendations match the filters. */
export function countMatching(db: Db, filters: Filters): number {
  return db.select({ n: count() }).from(recommendations).where(filterConditions(filters)).get()?.n ?? 0;
}

/** The columns of a list row, and the joins they need. */
function listRowQuery(db: Db) {
  return db
    .select({
      id: recommendations.id,
      reference: recommendations.reference,
      shortTitle: recommendations.shortTitle,
      status: recommendations.status,
      statusSince: recommendations.statusSince,
      targetDate: recommendations.targetDate,
      priority: recommendations.priority,
      kind: recommendations.kind,
      confidence: recommendations.confidence,
      updatedAt: recommendations.updatedAt,
      lastEvidenceOn: lastNoteOn,
      version: recommendations.version,
      sourceId: recommendations.sourceId,
      sourceTitle: sources.title,
      mechanismId: recommendations.mechanismId,
      mechanismName: mechanisms.name,
      leadBodyId: leadBody.id,
      leadBodyName: leadBody.name,
      ownerName: owner.name,
      ...namesInTheirLanguages(),
    })
    .from(recommendations)
    .innerJoin(sources, eq(sources.id, recommendations.sourceId))
    .leftJoin(mechanisms, eq(mechanisms.id, recommendations.mechanismId))
    .leftJoin(leadLink, and(eq(leadLink.recommendationId, recommendations.id), eq(leadLink.role, 'lead')))
    .leftJoin(leadBody, eq(leadBody.id, leadLink.bodyId))
    .leftJoin(owner, eq(owner.id, recommendations.ownerId));
}

// ── datalang ──
/**
 * A recommendation's short title translated into the interface language (NULL when there is none), read from
 * the (recommendation, language) index: one lookup per row shown.
 */
export function translatedTitleOf(recommendationId: SQLiteColumn | SQL, language: Language | Placeholder = currentLanguage()): SQL<string | null> {
  return sql<string | null>`(SELECT ${recommendationTranslations.shortTitle} FROM ${recommendationTranslations}
    WHERE ${recommendationTranslations.recommendationId} = ${recommendationId} AND ${recommendationTranslations.language} = ${language})`;
}

/** One page of the filtered list (of `total` matching rows); a page past the end is read as the last page. */
export function listRecommendations(
  db: Db,
  filters: Filters,
  sort: Sort,
  requestedPage: number,
  total: number,
): { rows: ListRow[]; page: number; pages: number } {
  const where = filterConditions(filters);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(requestedPage, pages);
  const rows = listRowQuery(db)
    .where(where)
    .orderBy(...orderFor(sort))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .all();
  return { rows, page, pages };
}

/** One recommendation as a row of the list: the row a status change from the list refreshes in place. */
export function findListRow(db: Db, id: number): ListRow | undefined {
  return listRowQuery(db).where(eq(recommendations.id, id)).get();
}

/** How many recommendations stand in each status under the given filters (the status filter itself ignored). */
export function countByStatus(db: Db, filters: Filters): Map<StatusKey, number> {
  const rows = db
    .select({ status: recommendations.status, n: count() })
    .from(recommendations)
    .where(filterConditions({ ...filters, status: undefined }))
    .groupBy(recommendations.status)
    .all();
  return new Map(rows.map((r) => [r.status, r.n]));
}

export function findRecommendation(db: Db, id: number) {
  return prepared(db, 'findRecommendation', () =>
    db
      .select({
        recommendation: recommendations,
        source: sources,
        mechanism: mechanisms,
        ownerName: owner.name,
      })
      .from(recommendations)
      .innerJoin(sources, eq(sources.id, recommendations.sourceId))
      .leftJoin(mechanisms, eq(mechanisms.id, recommendations.mechanismId))
      .leftJoin(owner, eq(owner.id, recommendations.ownerId))
      .where(eq(recommendations.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });
}

export function recommendationBodiesOf(db: Db, id: number) {
  return prepared(db, 'recommendationBodiesOf', () =>
    db
      .select({ id: bodies.id, name: bodies.name, nativeName: bodies.nativeName, nativeLanguage: bodies.nativeLanguage, acronym: bodies.acronym, role: recommendationBodies.role })
      .from(recommendationBodies)
      .innerJoin(bodies, eq(bodies.id, recommendationBodies.bodyId))
      .where(eq(recommendationBodies.recommendationId, sql.placeholder('id')))
      .orderBy(asc(recommendationBodies.role), asc(bodies.name))
      .prepare(),
  ).all({ id });
}

export function themesOf(db: Db, id: number) {
  return prepared(db, 'themesOf', () =>
    db
      .select({ id: themes.id, name: themes.name })
      .from(recommendationThemes)
      .innerJoin(themes, eq(themes.id, recommendationThemes.themeId))
      .where(eq(recommendationThemes.recommendationId, sql.placeholder('id')))
      .orderBy(asc(themes.name))
      .prepare(),
  ).all({ id });
}

export function childrenOf(db: Db, id: number) {
  return prepared(db, 'childrenOf', () =>
    db
      .select({
        id: recommendations.id,
        reference: recommendations.reference,
        shortTitle: recommendations.shortTitle,
        status: recommendations.status,
        language: recommendations.language,
        translatedTitle: translatedTitleOf(recommendations.id, sql.placeholder('language')),
      })
      .from(recommendations)
      .where(eq(recommendations.parentId, sql.placeholder('id')))
      .orderBy(asc(recommendations.reference))
      .prepare(),
  ).all({ id, language: currentLanguage() });
}

export function parentOf(db: Db, parentId: number | null) {
  if (parentId === null) return undefined;
  return db
    .select({
      id: recommendations.id,
      reference: recommendations.reference,
      shortTitle: recommendations.shortTitle,
      status: recommendations.status,
      language: recommendations.language,
      translatedTitle: translatedTitleOf(recommendations.id),
    })
    .from(recommendations)
    .where(eq(recommendations.id, parentId))
    .get();
}

const recorder = aliasedTable(users, 'recorder');

export function historyOf(db: Db, id: number) {
  return prepared(db, 'historyOf', () =>
    db
      .select({
        id: statusHistory.id,
        fromStatus: statusHistory.fromStatus,
        toStatus: statusHistory.toStatus,
        effectiveOn: statusHistory.effectiveOn,
        recordedAt: statusHistory.recordedAt,
        rationale: statusHistory.rationale,
        evidenceNoteId: statusHistory.evidenceNoteId,
        recordedByName: recorder.name,
      })
      .from(statusHistory)
      .innerJoin(recorder, eq(recorder.id, statusHistory.recordedBy))
      .where(eq(statusHistory.recommendationId, sql.placeholder('id')))
      .prepare(),
  ).all({ id });
}

const author = aliasedTable(users, 'author');

export function notesOf(db: Db, id: number) {
  return prepared(db, 'notesOf', () =>
    db
      .select({
        id: evidenceNotes.id,
        observedOn: evidenceNotes.observedOn,
        text: evidenceNotes.text,
        sourceUrl: evidenceNotes.sourceUrl,
        sourceTitle: evidenceNotes.sourceTitle,
        sourceKind: evidenceNotes.sourceKind,
        language: evidenceNotes.language,
        recordedAt: evidenceNotes.recordedAt,
        authorName: author.name,
      })
      .from(evidenceNotes)
      .innerJoin(author, eq(author.id, evidenceNotes.authorId))
      .where(eq(evidenceNotes.recommendationId, sql.placeholder('id')))
      .prepare(),
  ).all({ id });
}

/**
 * ── datalang ── Bodies or mechanisms as options: each named as a reader of the interface language reads it
 * first (`name` becomes that name; the stored English one stays as `englishName`), in that name's order.
 */
function inDisplayOrder<T extends NamedEntity & { id: number }>(rows: T[], language = currentLanguage()): (T & { englishName: string })[] {
  const collator = new Intl.Collator(language);
  return rows
    .map((row) => ({ ...row, englishName: row.name, name: primaryName(row, language) }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

/** Options for the filter and edit forms. */
export function filterOptions(db: Db) {
  return {
    mechanisms: inDisplayOrder(
      db.select({ id: mechanisms.id, name: mechanisms.name, nativeName: mechanisms.nativeName, nativeLanguage: mechanisms.nativeLanguage }).from(mechanisms).orderBy(asc(mechanisms.name)).all(),
    ),
    bodies: inDisplayOrder(
      db.select({ id: bodies.id, name: bodies.name, nativeName: bodies.nativeName, nativeLanguage: bodies.nativeLanguage, acronym: bodies.acronym }).from(bodies).orderBy(asc(bodies.name)).all(),
    ),
    sources: db.select({ id: sources.id, title: sources.title }).from(sources).orderBy(asc(sources.title)).all(),
    themes: db.select({ id: themes.id, name: themes.name }).from(themes).orderBy(asc(themes.name)).all(),
    parties: partyChoices(db),
  };
}

/**
 * Recommendations that may be chosen as a parent: top-level ones of the chosen
 * publication (of every publication while none is chosen), and the one already
 * chosen even when it is not among them, so that a form sent back keeps it
 * (and says by the field why it cannot stay) instead of silently dropping it.
 */
export function parentCandidates(db: Db, sourceId: number | undefined, excludeId?: number, chosenId?: number) {
  const candidates = () =>
    db
      .select({ id: recommendations.id, reference: recommendations.reference, shortTitle: recommendations.shortTitle, sourceId: recommendations.sourceId, sourceTitle: sources.title })
      .from(recommendations)
      .innerJoin(sources, eq(sources.id, recommendations.sourceId));
  const rows = candidates()
    .where(
      and(
        sourceId === undefined ? undefined : eq(recommendations.sourceId, sourceId),
        isNull(recommendations.parentId),
        excludeId === undefined ? undefined : sql`${recommendations.id} <> ${excludeId}`,
      ),
    )
    .orderBy(asc(sources.title), asc(recommendations.reference))
    .all();
  if (chosenId !== undefined && !rows.some((r) => r.id === chosenId)) {
    const chosen = candidates().where(eq(recommendations.id, chosenId)).get();
    if (chosen) rows.push(chosen);
  }
  return rows;
}

/** A recommendation's fields that its sub-recommendations start from. */
export function childDefaults(db: Db, parentId: number) {
  const parent = db
    .select({ id: recommendations.id, sourceId: recommendations.sourceId, reference: recommendations.reference, mechanismId: recommendations.mechanismId, parentId: recommendations.parentId })
    .from(recommendations)
    .where(eq(recommendations.id, parentId))
    .get();
  if (!parent || parent.parentId !== null) return undefined;
  return {
    source_id: parent.sourceId,
    parent_id: parent.id,
    reference: `${parent.reference}.`,
    mechanism_id: parent.mechanismId ?? '',
    ...linkFields(db, parentId),
  };
}

/** A recommendation's bodies and themes as the recommendation form's fields. */
export function linkFields(db: Db, id: number) {
  const links = recommendationBodiesOf(db, id);
  return {
    lead_body_id: links.find((l) => l.role === 'lead')?.id ?? '',
    supporting_body_ids: links.filter((l) => l.role === 'supporting').map((l) => l.id),
    themes: themesOf(db, id).map((t) => t.name),
  };
}

const editor = aliasedTable(users, 'editor');

export function changesOf(db: Db, id: number) {
  return prepared(db, 'changesOf', () =>
    db
      .select({
        field: recommendationChanges.field,
        oldValue: recommendationChanges.oldValue,
        newValue: recommendationChanges.newValue,
        reason: recommendationChanges.reason,
        changedAt: recommendationChanges.changedAt,
        changedByName: editor.name,
      })
      .from(recommendationChanges)
      .innerJoin(editor, eq(editor.id, recommendationChanges.changedBy))
      .where(eq(recommendationChanges.recommendationId, sql.placeholder('id')))
      .orderBy(asc(recommendationChanges.id))
      .prepare(),
  ).all({ id });
}
