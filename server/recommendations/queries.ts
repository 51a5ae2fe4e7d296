import { aliasedTable, type Placeholder, and, asc, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { prepared } from '../db/prepared';
import { ReadCache } from '../lib/read-cache';
import {
  bodies,
  boardCounts,
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
import { LANGUAGES, STATUSES, type Language, type RecordKind, type StatusKey } from '../domain/vocabulary';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { currentLanguage } from '../lib/language';
import { collatorFor } from '../lib/dates';
import { primaryName, type NamedEntity } from '../domain/data-language';
import type { Filters } from '../filters/schema';
import { filterConditions, lastNoteOn } from '../filters/conditions';
import { PAGE_SIZE, type Sort } from './list-query';
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

/** How many of the counts by status (of `countByStatus`) the filters' status, if any, keeps. */
export function matchingOf(byStatus: Map<StatusKey, number>, filters: Filters): number {
  return filters.status ? (byStatus.get(filters.status) ?? 0) : [...byStatus.values()].reduce((sum, n) => sum + n, 0);
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

/**
 * One page of the filtered list, whose matches stand in each status as `byStatus` (of `countByStatus`) counts;
 * a page past the end is read as the last page.
 */
export function listRecommendations(
  db: Db,
  filters: Filters,
  sort: Sort,
  requestedPage: number,
  byStatus: Map<StatusKey, number>,
): { rows: ListRow[]; page: number; pages: number } {
  const total = matchingOf(byStatus, filters);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(requestedPage, pages);
  const ids =
    // CASE: unfiltered, every status is read in order from its index; any filter leaves few enough matches to sort.
    sort === 'status' && Object.values(filters).every((value) => value === undefined)
      ? idsInStatusOrder(db, filters, byStatus, (page - 1) * PAGE_SIZE)
      : pageIds(db, filters, sort, (page - 1) * PAGE_SIZE, PAGE_SIZE, total);
  const rows = ids.length === 0 ? [] : listRowQuery(db).where(inArray(recommendations.id, ids)).orderBy(...orderFor(sort)).all();
  return { rows, page, pages };
}

/**
 * The ids of `limit` matching rows from `offset` on, in the sort's order. They are chosen on the sort's columns
 * alone, then only the page's rows are read whole: SQLite computes a row's every column (joins, last note,
 * translation) before it sorts, so one query would do so for every match.
 */
function pageIds(db: Db, filters: Filters, sort: Sort, offset: number, limit: number, matches: number): number[] {
  const matching = db.select({ id: recommendations.id }).from(recommendations).$dynamic();
  // CASE: within one status the status order is the newest first, which the (status, updated_at) index reads in order.
  const order = sort === 'status' && filters.status ? 'updated' : sort;
  const inOrder = order !== 'status' && ((offset + limit) * recommendationCount(db)) / Math.max(matches, 1) <= ORDERED_READ_MAX;
  return (order === 'reference' ? matching.innerJoin(sources, eq(sources.id, recommendations.sourceId)) : matching)
    .where(filterConditions(filters, { inOrder, statusLeads: order === 'reference' || order === 'updated' }))
    .orderBy(...orderFor(order))
    .limit(limit)
    .offset(offset)
    .all()
    .map((row) => row.id);
}

/**
 * How many rows an index read in the sort's order may test before the page is reached, at most, for the read to
 * cost less than reading every match (of a status, a theme, a body, priority) and sorting them. The rank of the
 * status order is an expression that no index holds, so its matches are always sorted (or read status by status).
 */
const ORDERED_READ_MAX = 10_000;

function recommendationCount(db: Db): number {
  return matchingOf(countByStatus(db, {}), {});
}

/**
 * The page of the status order from `offset` on, read one status at a time: the counts say in which statuses the
 * page falls and where, so no status before it is read, and each is read newest first from its index instead of
 * sorting every match on the status's rank.
 */
function idsInStatusOrder(db: Db, filters: Filters, byStatus: Map<StatusKey, number>, offset: number): number[] {
  const ids: number[] = [];
  let skip = offset;
  for (const { key } of STATUSES) {
    const inStatus = byStatus.get(key) ?? 0;
    if (ids.length === PAGE_SIZE) break;
    if (skip >= inStatus) {
      skip -= inStatus;
      continue;
    }
    ids.push(...pageIds(db, { ...filters, status: key }, 'updated', skip, PAGE_SIZE - ids.length, inStatus));
    skip = 0;
  }
  return ids;
}

/** One recommendation as a row of the list: the row a status change from the list refreshes in place. */
export function findListRow(db: Db, id: number): ListRow | undefined {
  return listRowQuery(db).where(eq(recommendations.id, id)).get();
}

/**
 * The kept board counts (decision 0008) that answer a filter: none but status (every recommendation once
 * under its mechanism), or one mechanism, body or source alone (0 for "none").
 */
function keptCountsFor(filters: Filters): { grouping: 'mechanism' | 'body' | 'source'; groupId?: number } | undefined {
  const { status: _status, mechanism, body, source, ...others } = filters;
  if (Object.values(others).some((value) => value !== undefined)) return undefined;
  const groups = (['mechanism', 'body', 'source'] as const).flatMap((grouping) => {
    const value = { mechanism, body, source }[grouping];
    return value === undefined ? [] : [{ grouping, groupId: value === 'none' ? 0 : value }];
  });
  if (groups.length === 0) return { grouping: 'mechanism' };
  return groups.length === 1 ? groups[0] : undefined;
}

/** How many recommendations stand in each status under the given filters (the status filter itself ignored). */
export function countByStatus(db: Db, filters: Filters): Map<StatusKey, number> {
  const kept = keptCountsFor(filters);
  if (kept) {
    const counts = db
      .select({ status: boardCounts.status, n: sql<number>`sum(${boardCounts.n})` })
      .from(boardCounts)
      .where(and(eq(boardCounts.grouping, kept.grouping), kept.groupId === undefined ? undefined : eq(boardCounts.groupId, kept.groupId)))
      .groupBy(boardCounts.status)
      .all();
    return new Map(counts.filter((c) => c.n > 0).map((c) => [c.status, c.n]));
  }
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
  const named = rows.map((row) => ({ ...row, englishName: row.name, name: primaryName(row, language) }));
  return displayOrder(named.map((row) => row.name), language).map((at) => named[at]!);
}

// The same names come back on every list and board page but for an occasional edit, and sorting them with the
// language's collator costs more than reading them: the order is remembered for the names as read (so it needs no
// invalidation), a few lists' worth.
const orders = new Map<string, number[]>();
const ORDERS_MAX = 32;

/** The positions of `names` in the language's alphabetical order. */
function displayOrder(names: string[], language: Language): number[] {
  const key = `${language}\u0000${names.join('\u0000')}`;
  let order = orders.get(key);
  if (!order) {
    const collator = collatorFor(language);
    order = names.map((_, at) => at).sort((a, b) => collator.compare(names[a]!, names[b]!));
    if (orders.size >= ORDERS_MAX) orders.clear();
    orders.set(key, order);
  }
  return order;
}

/**
 * Options for the filter and edit forms, read on every list and board page (1-1.5 ms in the mix): kept until
 * the next write, per interface language (the names' order and the parties' names are the reader's), so the
 * pages between two saves read them once.
 */
export function filterOptions(db: Db) {
  let cache = optionsCaches.get(db);
  if (!cache) {
    cache = new ReadCache(db, LANGUAGES.length);
    optionsCaches.set(db, cache);
  }
  return cache.get('filter-options', () => readFilterOptions(db));
}

const optionsCaches = new WeakMap<Db, ReadCache>();

function readFilterOptions(db: Db) {
  const reads = prepared(db, 'filterOptions', () => ({
    mechanisms: db.select({ id: mechanisms.id, name: mechanisms.name, nativeName: mechanisms.nativeName, nativeLanguage: mechanisms.nativeLanguage }).from(mechanisms).orderBy(asc(mechanisms.name)).prepare(),
    bodies: db.select({ id: bodies.id, name: bodies.name, nativeName: bodies.nativeName, nativeLanguage: bodies.nativeLanguage, acronym: bodies.acronym }).from(bodies).orderBy(asc(bodies.name)).prepare(),
    sources: db.select({ id: sources.id, title: sources.title }).from(sources).orderBy(asc(sources.title)).prepare(),
    themes: db.select({ id: themes.id, name: themes.name }).from(themes).orderBy(asc(themes.name)).prepare(),
  }));
  return {
    mechanisms: inDisplayOrder(reads.mechanisms.all()),
    bodies: inDisplayOrder(reads.bodies.all()),
    sources: reads.sources.all(),
    themes: reads.themes.all(),
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
