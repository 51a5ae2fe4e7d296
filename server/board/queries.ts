import { aliasedTable, and, count, desc, eq, gte, inArray, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { iterateRows } from '../db/raw';
import type { LongRead } from '../db/reader';
import { lastDayOf } from '../lib/dates';
import {
  bodies,
  boardCounts,
  boardFacts,
  boardPartyCounts,
  boardHistoryDays,
  boardHistoryMonths,
  boardLastEvents,
  boardTargets,
  boardUptake,
  mechanisms,
  partyStatuses,
  recommendationBodies,
  recommendations,
  sources,
  statusHistory,
  users,
} from '../db/schema';
import { DEFAULT_STATUS, isOpenStatus, OPEN_STATUS_KEYS, type Language, type StatusKey, type Uptake } from '../domain/vocabulary';
import type { Filters } from '../filters/schema';
import { filterConditions, lastEventOn, lastNoteOn, overdueCondition, staleCondition } from '../filters/conditions';
import { leadBody, namesInTheirLanguages, translatedTitleOf } from '../recommendations/queries';
import { isOverdue, overdueOn } from '../domain/overdue';
import { splitPartyStatus } from '../parties/parties';

/** Read-side of the status board: headline figures, the matrix, the kanban, history over time. */

export type Grouping = 'mechanism' | 'body' | 'source' | 'party';

/**
 * A filtered recommendation's facts (board_facts, kept by triggers: decision
 * 0008) with its source's publication date: all that the filtered board's
 * figures and chart need of it.
 */
export interface Fact {
  status: StatusKey;
  mechanismId: number | null;
  sourceId: number;
  uptake: Uptake;
  targetDate: string | null;
  /** lastEventOn, '' for none. */
  lastEventOn: string;
  /** Its status changes in the history's order (date, then id): `date:status` joined by `;`, '' for none. */
  changes: string;
  publishedOn: string;
}

/**
 * The filtered recommendations' facts, read once for the figures and the
 * chart: the filters pick the ids from the recommendations' indexes, sorted
 * so that each page of the narrow facts is read once. Reading the
 * recommendations' wide rows, their newest notes and their history instead
 * cost ~150 ms under a broad filter (15,000 of 100,000) right after a save,
 * with the page cache cold; a broad filter still reads thousands of rows, so
 * it pauses for other requests as it goes.
 */
export async function filteredFacts(reader: LongRead, filters: Filters): Promise<Fact[]> {
  const where = filterConditions(filters);
  // The publications are a few hundred, looked up here rather than joined to each of thousands of rows.
  const published = new Map(reader.db.select({ id: sources.id, publishedOn: sources.publishedOn }).from(sources).all().map((s) => [s.id, s.publishedOn]));
  // lastEventOn's three dates as one: fewer values made for each row, and "stale" compares all three at once.
  const rows = iterateRows(
    reader.db,
    sql`WITH filtered AS MATERIALIZED (SELECT ${recommendations.id} AS id FROM ${recommendations} WHERE ${where ?? sql`1`} ORDER BY ${recommendations.id})
        SELECT ${boardFacts.status}, ${boardFacts.mechanismId}, ${boardFacts.sourceId}, ${boardFacts.uptake}, ${boardFacts.targetDate},
          max(coalesce(${boardFacts.lastVerifiedOn}, ''), coalesce(${boardFacts.lastNoteOn}, ''), coalesce(${boardFacts.statusSince}, '')), ${boardFacts.changes}
        FROM filtered
        CROSS JOIN ${boardFacts} ON ${boardFacts.recommendationId} = filtered.id`,
  );
  const facts: Fact[] = [];
  for (const [status, mechanismId, sourceId, uptake, targetDate, lastEventOn, changes] of rows) {
    if (facts.length % ROWS_BETWEEN_PAUSES === ROWS_BETWEEN_PAUSES - 1) await reader.pause();
    facts.push({ status, mechanismId, sourceId, uptake, targetDate, lastEventOn, changes, publishedOn: published.get(sourceId as number) } as Fact);
  }
  return facts;
}

/** A fact's changes, oldest first. */
function changesOf(fact: Fact): Change[] {
  if (fact.changes === '') return [];
  return fact.changes.split(';').map((change) => ({ on: change.slice(0, 10), status: change.slice(11) as StatusKey }));
}

/**
 * The filtered board's figures, but for its history and its matrices by body
 * and by party, from the filtered recommendations' facts. Each headline figure
 * means the very condition of the list filter it links to (`status`,
 * `overdue`, `quiet_since`, `moved_since`: server/filters/conditions.ts), so
 * the list has exactly the figure's count.
 */
export function filteredFigures(facts: readonly Fact[], movedSince: string, staleCutoff: string, day: string) {
  const statusTotals = new Map<StatusKey, number>();
  const cells = { mechanism: new Map<number | null, Map<StatusKey, number>>(), source: new Map<number | null, Map<StatusKey, number>>() };
  const uptakes = new Map<number, Map<Uptake, number>>();
  const add = <K>(counts: Map<K, number>, key: K) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const addIn = <G, K>(groups: Map<G, Map<K, number>>, group: G, key: K) => {
    let counts = groups.get(group);
    if (!counts) groups.set(group, (counts = new Map()));
    add(counts, key);
  };
  let moved = 0;
  let overdue = 0;
  let stale = 0;
  for (const fact of facts) {
    add(statusTotals, fact.status);
    addIn(cells.mechanism, fact.mechanismId, fact.status);
    addIn(cells.source, fact.sourceId, fact.status);
    addIn(uptakes, fact.sourceId, fact.uptake);
    // movedCondition: the changes are in date order, so the last one's date is the latest.
    const lastChange = fact.changes.lastIndexOf(';') + 1;
    if (fact.changes !== '' && fact.changes.slice(lastChange, lastChange + 10) >= movedSince) moved++;
    if (isOverdue(day, fact.targetDate, fact.status)) overdue++;
    // staleCondition: each of the three dates before the cut-off, so their latest.
    if (isOpenStatus(fact.status) && fact.lastEventOn < staleCutoff) stale++;
  }
  const ofStatus = (status: StatusKey) => statusTotals.get(status) ?? 0;
  return {
    headline: () => ({
      total: facts.length,
      implemented: ofStatus('implemented'),
      partially: ofStatus('partially_implemented'),
      stalled: ofStatus('stalled'),
      moved,
      overdue,
      stale,
    }),
    /** Recommendations per status: the matrix's column totals, each counted once. */
    statusTotals: (): Map<StatusKey, number> => statusTotals,
    matrix: (grouping: 'mechanism' | 'source'): MatrixCount[] =>
      [...cells[grouping]].flatMap(([groupId, counts]) => [...counts].map(([status, n]) => ({ groupId, status, n }))),
    /** ── uptake ── Recommendations per source publication and uptake. */
    uptake: (): UptakeCount[] => [...uptakes].flatMap(([sourceId, counts]) => [...counts].map(([uptake, n]) => ({ sourceId, uptake, n }))),
  };
}

export type Headline = ReturnType<ReturnType<typeof filteredFigures>['headline']>;

export interface MatrixCount {
  /** A party's name (server/parties) when grouped by party; an id otherwise. */
  groupId: number | string | null;
  status: StatusKey;
  n: number;
}

/**
 * Counts per group and status by body or by party under the filters (by
 * mechanism and by source: filteredFigures). By body, a recommendation counts under every
 * body linked to it (lead or supporting), as the list's body filter does, so
 * each cell links to exactly the recommendations it counts.
 */
export function matrixCounts(db: Db, filters: Filters, grouping: 'body' | 'party'): MatrixCount[] {
  const where = filterConditions(filters);
  if (grouping === 'party') {
    // CASE: filtered to a party's side, only that side: as by body, each cell links to exactly what it counts.
    const only = filters.party_status ? splitPartyStatus(filters.party_status) : undefined;
    return db
      .select({ groupId: partyStatuses.party, status: partyStatuses.status, n: count() })
      .from(partyStatuses)
      .innerJoin(recommendations, eq(recommendations.id, partyStatuses.recommendationId))
      .where(and(where, only && eq(partyStatuses.party, only.party), only?.status === undefined ? undefined : eq(partyStatuses.status, only.status as StatusKey)))
      .groupBy(partyStatuses.party, partyStatuses.status)
      .all();
  }
  // CASE: filtered to one body, only that body's row: the others could not link to exactly what they count.
  const onlyBody = typeof filters.body === 'number' ? eq(recommendationBodies.bodyId, filters.body) : undefined;
  return db
    .select({ groupId: recommendationBodies.bodyId, status: recommendations.status, n: count() })
    .from(recommendations)
    .leftJoin(recommendationBodies, eq(recommendationBodies.recommendationId, recommendations.id))
    .where(and(where, onlyBody))
    .groupBy(recommendationBodies.bodyId, recommendations.status)
    .all();
}

export interface UptakeCount {
  sourceId: number;
  uptake: Uptake;
  n: number;
}

export function groupNames(db: Db, grouping: Exclude<Grouping, 'party'>): Map<number, { name: string; nativeName: string | null; nativeLanguage: Language | null }> {
  const rows =
    grouping === 'mechanism'
      ? db.select({ id: mechanisms.id, name: mechanisms.name, nativeName: mechanisms.nativeName, nativeLanguage: mechanisms.nativeLanguage }).from(mechanisms).all()
      : grouping === 'body'
        ? db.select({ id: bodies.id, name: bodies.name, nativeName: bodies.nativeName, nativeLanguage: bodies.nativeLanguage }).from(bodies).all()
        : db.select({ id: sources.id, name: sources.title, nativeName: sql<string | null>`NULL`, nativeLanguage: sql<Language | null>`NULL` }).from(sources).all();
  return new Map(rows.map((r) => [r.id, { name: r.name, nativeName: r.nativeName, nativeLanguage: r.nativeLanguage }]));
}

const leadLink = aliasedTable(recommendationBodies, 'lead_link');

export const KANBAN_CARDS_PER_COLUMN = 30;

/**
 * The most recently edited cards of each status column (from the (status,
 * updated_at) index: ordering by last event would compute it for every
 * recommendation in the column); the column's total is the board's count. Each card
 * shows its last event in the world, not the edit.
 */
export function kanbanCards(db: Db, filters: Filters, status: StatusKey) {
  const where = and(filterConditions({ ...filters, status: undefined }), eq(recommendations.status, status));
  const cards = db
    .select({
      id: recommendations.id,
      shortTitle: recommendations.shortTitle,
      status: recommendations.status,
      version: recommendations.version,
      targetDate: recommendations.targetDate,
      lastEventOn,
      mechanismName: mechanisms.name,
      leadBodyName: leadBody.name,
      ...namesInTheirLanguages(),
    })
    .from(recommendations)
    .leftJoin(mechanisms, eq(mechanisms.id, recommendations.mechanismId))
    .leftJoin(leadLink, and(eq(leadLink.recommendationId, recommendations.id), eq(leadLink.role, 'lead')))
    .leftJoin(leadBody, eq(leadBody.id, leadLink.bodyId))
    .where(where)
    .orderBy(desc(recommendations.updatedAt), desc(recommendations.id))
    .limit(KANBAN_CARDS_PER_COLUMN)
    .all();
  return { cards };
}

/** Rows walked between looks at the clock. */
const ROWS_BETWEEN_PAUSES = 1024;

export { lastDayOf };

/**
 * Whether a recommendation existed at the end of `day`, in SQL: the one rule
 * of the board's status over time (statusCountsOver below, and the counts
 * kept by migrations/0012_board_counts.sql) and of the reports' counts on a
 * day (server/reports/queries.ts, `conditions`). It existed once its source
 * was published (lastDayOf a partial date) or once its first status change
 * took effect, whichever came first; when it was typed into the tracker does
 * not matter (decision 0006).
 */
export function existedBy(day: string): SQL {
  const published = sql`CASE length(s.published_on) WHEN 4 THEN s.published_on || '-12-31'
    WHEN 7 THEN date(s.published_on || '-01', '+1 month', '-1 day') ELSE s.published_on END`;
  return sql`(EXISTS (SELECT 1 FROM sources s WHERE s.id = ${recommendations.sourceId} AND ${published} <= ${day})
    OR EXISTS (SELECT 1 FROM status_history h WHERE h.recommendation_id = ${recommendations.id} AND h.effective_on <= ${day}))`;
}

/**
 * How many of the given recommendations stood in each status at the end of
 * each of the given days (in ascending order), from their status changes.
 *
 * A recommendation counts from the day it is known to have existed in the
 * world: its source's publication (the last day of a partial date), or its
 * first status change if that took effect earlier (a commitment re-stated in
 * a later brief); never before. Not from its creation in the tracker: an
 * analyst recording a 2017 brief today does not make its recommendations
 * new, and a history backfilled to 2017 would then have nothing to count.
 * Until its first change it stands as not yet assessed, which is what it was.
 * The whole tracker's chart is kept (keptStatusCountsOver); this is a
 * filtered board's, and the reference the kept one is tested against.
 */
export function statusCountsOver(facts: readonly Fact[], endsOfDays: string[]): Map<StatusKey, number>[] {
  const counts = endsOfDays.map(() => new Map<StatusKey, number>());
  for (const fact of facts) {
    const changes = changesOf(fact);
    const published = lastDayOf(fact.publishedOn);
    const existedOn = changes.length > 0 && changes[0]!.on < published ? changes[0]!.on : published;
    let next = 0;
    endsOfDays.forEach((end, i) => {
      if (existedOn > end) return;
      while (next < changes.length && changes[next]!.on <= end) next++;
      const status = next > 0 ? changes[next - 1]!.status : DEFAULT_STATUS;
      counts[i]!.set(status, (counts[i]!.get(status) ?? 0) + 1);
    });
  }
  return counts;
}

interface Change {
  status: StatusKey;
  on: string;
}

const recorder = aliasedTable(users, 'recorder');

/**
 * The newest status changes by the date they took effect (what moved in the
 * world, not what was typed in last). Looked for first among the changes
 * since `recentSince` (the board's "moved since": a few thousand), newest
 * first from the index on that date, each checked against the filters:
 * otherwise SQLite reads every filtered recommendation's changes and sorts
 * them, tens of milliseconds under a broad filter.
 */
export function latestChanges(db: Db, filters: Filters, limit: number, recentSince: string) {
  const where = filterConditions(filters);
  // CROSS JOIN: SQLite keeps the changes as the outer loop, in the date index's order.
  const recent = db
    .select({ id: statusHistory.id })
    .from(statusHistory)
    .crossJoin(recommendations)
    .where(and(eq(recommendations.id, statusHistory.recommendationId), gte(statusHistory.effectiveOn, recentSince), where))
    .orderBy(desc(statusHistory.effectiveOn), desc(statusHistory.id))
    .limit(limit)
    .all();
  // CASE: fewer than `limit` recent changes under the filters: the newest go further back, so all of them are asked.
  const chosen = recent.length === limit ? inArray(statusHistory.id, recent.map((change) => change.id)) : where;
  return db
    .select({
      recommendationId: recommendations.id,
      shortTitle: recommendations.shortTitle,
      fromStatus: statusHistory.fromStatus,
      toStatus: statusHistory.toStatus,
      effectiveOn: statusHistory.effectiveOn,
      recordedAt: statusHistory.recordedAt,
      rationale: statusHistory.rationale,
      recordedByName: recorder.name,
      language: recommendations.language,
      translatedTitle: translatedTitleOf(recommendations.id),
    })
    .from(statusHistory)
    .innerJoin(recommendations, eq(recommendations.id, statusHistory.recommendationId))
    .innerJoin(recorder, eq(recorder.id, statusHistory.recordedBy))
    .where(chosen)
    .orderBy(desc(statusHistory.effectiveOn), desc(statusHistory.id))
    .limit(limit)
    .all();
}

/** An editor's queue: what they own that is overdue or stale. */
export function myQueue(db: Db, userId: number, staleCutoff: string) {
  return db
    .select({
      id: recommendations.id,
      shortTitle: recommendations.shortTitle,
      status: recommendations.status,
      targetDate: recommendations.targetDate,
      overdue: sql<number>`${overdueCondition()}`,
      lastNoteOn,
      lastVerifiedOn: recommendations.lastVerifiedOn,
      language: recommendations.language,
      translatedTitle: translatedTitleOf(recommendations.id),
    })
    .from(recommendations)
    .where(and(eq(recommendations.ownerId, userId), or(overdueCondition(), staleCondition(staleCutoff))))
    .orderBy(recommendations.targetDate)
    .limit(100)
    .all();
}


/*
 * The unfiltered board, from the summaries the triggers of the board_counts
 * migration keep current in the transaction of every write (decision 0008):
 * a few hundred rows read, whatever the size of the tracker.
 */

/** True when no filter narrows the board: it is then read from the summaries. */
export function isUnfiltered(filters: Filters): boolean {
  return Object.values(filters).every((value) => value === undefined || value === '');
}

/** Recommendations per status, each once (the mechanism rows: every recommendation has one, or none). */
export function keptStatusTotals(db: Db): Map<StatusKey, number> {
  const rows = db
    .select({ status: boardCounts.status, n: sql<number>`sum(${boardCounts.n})` })
    .from(boardCounts)
    .where(eq(boardCounts.grouping, 'mechanism'))
    .groupBy(boardCounts.status)
    .all();
  return new Map(rows.map((r) => [r.status, r.n]));
}

/** The matrix's cells: group 0 is "none". */
export function keptMatrixCounts(db: Db, grouping: Grouping): MatrixCount[] {
  if (grouping === 'party') {
    return db
      .select({ groupId: boardPartyCounts.party, status: boardPartyCounts.status, n: boardPartyCounts.n })
      .from(boardPartyCounts)
      .where(ne(boardPartyCounts.n, 0))
      .all();
  }
  return db
    .select({ groupId: boardCounts.groupId, status: boardCounts.status, n: boardCounts.n })
    .from(boardCounts)
    .where(and(eq(boardCounts.grouping, grouping), ne(boardCounts.n, 0)))
    .all()
    .map((r) => ({ ...r, groupId: r.groupId === 0 ? null : r.groupId }));
}

/** Open recommendations whose target date is before the day (overdueCondition). */
export function keptOverdue(db: Db, day: string): number {
  return (
    db
      .select({ n: sql<number>`coalesce(sum(${boardTargets.n}), 0)` })
      .from(boardTargets)
      .where(overdueOn(day, boardTargets.targetDate, boardTargets.status))
      .get()?.n ?? 0
  );
}

/** Open recommendations with no event on or after the cut-off (staleCondition). */
export function keptStale(db: Db, cutoff: string): number {
  return (
    db
      .select({ n: sql<number>`coalesce(sum(${boardLastEvents.n}), 0)` })
      .from(boardLastEvents)
      .where(and(lt(boardLastEvents.day, cutoff), inArray(boardLastEvents.status, OPEN_STATUS_KEYS)))
      .get()?.n ?? 0
  );
}

/**
 * Recommendations with a status change on or after the date (movedCondition):
 * not kept, since the date is the reader's; a range of the index on the
 * effective date, as long as the period asked for (90 days: a few thousand entries).
 */
export function movedSince(db: Db, since: string): number {
  return (
    db
      .select({ n: sql<number>`count(DISTINCT ${statusHistory.recommendationId})` })
      .from(statusHistory)
      .where(gte(statusHistory.effectiveOn, since))
      .get()?.n ?? 0
  );
}

/**
 * statusCountsOver for the whole tracker, from the changes kept per month and
 * day: the count at a month's end is the sum of the months up to it, in one
 * pass over them for all the ends; a day within a month (today) adds that
 * month's days up to it instead.
 */
export function keptStatusCountsOver(db: Db, endsOfDays: string[]): Map<StatusKey, number>[] {
  const months = db
    .select({ month: boardHistoryMonths.month, status: boardHistoryMonths.status, n: boardHistoryMonths.n })
    .from(boardHistoryMonths)
    .where(ne(boardHistoryMonths.n, 0))
    .orderBy(boardHistoryMonths.month)
    .all();
  const running = new Map<StatusKey, number>();
  const add = (counts: Map<StatusKey, number>, status: StatusKey, n: number) => counts.set(status, (counts.get(status) ?? 0) + n);
  let next = 0;
  return endsOfDays.map((end) => {
    const month = end.slice(0, 7);
    const wholeMonth = lastDayOf(month) === end;
    while (next < months.length && (wholeMonth ? months[next]!.month <= month : months[next]!.month < month)) {
      add(running, months[next]!.status, months[next]!.n);
      next++;
    }
    const counts = new Map(running);
    if (!wholeMonth) {
      const days = db
        .select({ status: boardHistoryDays.status, n: sql<number>`sum(${boardHistoryDays.n})` })
        .from(boardHistoryDays)
        .where(and(gte(boardHistoryDays.day, `${month}-01`), lte(boardHistoryDays.day, end)))
        .groupBy(boardHistoryDays.status)
        .all();
      for (const row of days) add(counts, row.status, row.n);
    }
    for (const [status, n] of counts) if (n === 0) counts.delete(status);
    return counts;
  });
}

/** ── uptake ── Recommendations per source publication and uptake, as the uptake triggers keep them. */
export function keptUptakeCounts(db: Db): UptakeCount[] {
  return db
    .select({ sourceId: boardUptake.sourceId, uptake: boardUptake.uptake, n: boardUptake.n })
    .from(boardUptake)
    .where(ne(boardUptake.n, 0))
    .all();
}
