import { aliasedTable, and, count, desc, eq, gte, inArray, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { iterateRows } from '../db/raw';
import type { LongRead } from '../db/reader';
import { lastDayOf } from '../lib/dates';
import {
  bodies,
  boardCounts,
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
import { DEFAULT_STATUS, OPEN_STATUS_KEYS, type Language, type StatusKey, type Uptake } from '../domain/vocabulary';
import type { Filters } from '../filters/schema';
import { filterConditions, lastEventOn, lastNoteOn, overdueCondition, staleCondition } from '../filters/conditions';
import { leadBody, namesInTheirLanguages, translatedTitleOf } from '../recommendations/queries';
import { overdueOn } from '../domain/overdue';
import { splitPartyStatus } from '../parties/parties';

/** Read-side of the status board: headline figures, the matrix, the kanban, history over time. */

export type Grouping = 'mechanism' | 'body' | 'source' | 'party';

/**
 * The filtered board's figures, but for its history and its matrices by body
 * and by party, summed from one grouped pass over the filtered
 * recommendations: each of them read the same rows again (fifteen thousand
 * under a broad filter, tens of milliseconds a pass). The headline figures
 * each count by the very condition of the list filter they link to
 * (`status`, `overdue`, `quiet_since`), so the list has exactly the figure's
 * count; "moved" by the same set as `moved_since`'s, the recommendations with
 * a change since the date, looked up among the few changed since (from the
 * index on the date) rather than in each filtered one's history.
 */
export function filteredFigures(db: Db, filters: Filters, movedSince: string, staleCutoff: string) {
  const countIf = (condition: SQL) => sql<number>`count(*) FILTER (WHERE ${condition})`;
  const groups = db
    .select({
      mechanismId: recommendations.mechanismId,
      sourceId: recommendations.sourceId,
      uptake: recommendations.uptake,
      status: recommendations.status,
      n: count(),
      moved: countIf(sql`${recommendations.id} IN (SELECT ${statusHistory.recommendationId} FROM ${statusHistory} WHERE ${statusHistory.effectiveOn} >= ${movedSince})`),
      overdue: countIf(overdueCondition()),
      stale: countIf(staleCondition(staleCutoff)),
    })
    .from(recommendations)
    .where(filterConditions(filters))
    .groupBy(recommendations.mechanismId, recommendations.sourceId, recommendations.uptake, recommendations.status)
    .all();
  type Group = (typeof groups)[number];
  const sum = (figure: (group: Group) => number) => groups.reduce((total, group) => total + figure(group), 0);
  const sumBy = <K>(key: (group: Group) => K) => {
    const sums = new Map<K, number>();
    for (const group of groups) sums.set(key(group), (sums.get(key(group)) ?? 0) + group.n);
    return sums;
  };
  const ofStatus = (status: StatusKey) => sum((group) => (group.status === status ? group.n : 0));
  return {
    headline: () => ({
      total: sum((group) => group.n),
      implemented: ofStatus('implemented'),
      partially: ofStatus('partially_implemented'),
      stalled: ofStatus('stalled'),
      moved: sum((group) => group.moved),
      overdue: sum((group) => group.overdue),
      stale: sum((group) => group.stale),
    }),
    /** Recommendations per status: the matrix's column totals, each counted once. */
    statusTotals: (): Map<StatusKey, number> => sumBy((group) => group.status),
    matrix: (grouping: 'mechanism' | 'source'): MatrixCount[] =>
      [...sumBy((group) => `${grouping === 'mechanism' ? group.mechanismId : group.sourceId}:${group.status}`)].map(([key, n]) => {
        const [groupId, status] = key.split(':') as [string, StatusKey];
        return { groupId: groupId === 'null' ? null : Number(groupId), status, n };
      }),
    /** ── uptake ── Recommendations per source publication and uptake. */
    uptake: (): UptakeCount[] =>
      [...sumBy((group) => `${group.sourceId}:${group.uptake}`)].map(([key, n]) => {
        const [sourceId, uptake] = key.split(':') as [string, Uptake];
        return { sourceId: Number(sourceId), uptake, n };
      }),
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
 * How many recommendations stood in each status at the end of each of the
 * given days (in ascending order), rebuilt from the status history.
 *
 * A recommendation counts from the day it is known to have existed in the
 * world: its source's publication (the last day of a partial date), or its
 * first status change if that took effect earlier (a commitment re-stated in
 * a later brief); never before. Not from its creation in the tracker: an
 * analyst recording a 2017 brief today does not make its recommendations
 * new, and a history backfilled to 2017 would then have nothing to count.
 * Until its first change it stands as not yet assessed, which is what it was.
 *
 * One ordered read (each recommendation with its changes) and a walk in memory:
 * asking SQLite for each day's status of every recommendation took a
 * correlated subquery per row and day, seconds on a large tracker. It
 * reads only the filtered recommendations (the whole tracker's chart is kept:
 * keptStatusCountsOver), but a broad filter still walks tens of thousands of
 * rows, so it pauses for other requests as it goes.
 */
export async function statusCountsOver(reader: LongRead, filters: Filters, endsOfDays: string[]): Promise<Map<StatusKey, number>[]> {
  const where = filterConditions(filters);
  // The filtered recommendations first, from the filters' indexes, sorted by id (a sort of their ids alone), so that
  // each page of the changes' index, which holds all that is read of them, is read once, and the outer ORDER BY
  // costs nothing; CROSS JOIN keeps them the outer loop. A recommendation's few changes are put in order here (they
  // come in order from the index, so it costs little), where ordering them in SQL would sort each one's anew.
  const rows = iterateRows(
    reader.db,
    sql`WITH filtered AS MATERIALIZED (SELECT ${recommendations.id} AS id, ${recommendations.sourceId} AS source_id FROM ${recommendations} WHERE ${where ?? sql`1`} ORDER BY ${recommendations.id})
        SELECT filtered.id, ${sources.publishedOn}, ${statusHistory.toStatus}, ${statusHistory.effectiveOn}, ${statusHistory.id}
        FROM filtered
        CROSS JOIN ${sources} ON ${sources.id} = filtered.source_id
        LEFT JOIN ${statusHistory} ON ${statusHistory.recommendationId} = filtered.id
        ORDER BY filtered.id`,
  );
  const counts = endsOfDays.map(() => new Map<StatusKey, number>());
  const tally = (publishedOn: string, changes: Change[]) => {
    if (changes.length > 1) changes.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.id - b.id));
    const published = lastDayOf(publishedOn);
    const existedOn = changes.length > 0 && changes[0]!.on < published ? changes[0]!.on : published;
    let next = 0;
    endsOfDays.forEach((end, i) => {
      if (existedOn > end) return;
      while (next < changes.length && changes[next]!.on <= end) next++;
      const status = next > 0 ? changes[next - 1]!.status : DEFAULT_STATUS;
      counts[i]!.set(status, (counts[i]!.get(status) ?? 0) + 1);
    });
  };
  let current: { id: unknown; publishedOn: string; changes: Change[] } | undefined;
  let read = 0;
  for (const [id, publishedOn, status, on, changeId] of rows) {
    if (++read % ROWS_BETWEEN_PAUSES === 0) await reader.pause();
    if (!current || current.id !== id) {
      if (current) tally(current.publishedOn, current.changes);
      current = { id, publishedOn: publishedOn as string, changes: [] };
    }
    if (status !== null) current.changes.push({ status: status as StatusKey, on: on as string, id: changeId as number });
  }
  if (current) tally(current.publishedOn, current.changes);
  return counts;
}

interface Change {
  status: StatusKey;
  on: string;
  id: number;
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
