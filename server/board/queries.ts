import { aliasedTable, and, count, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { iterateRows } from '../db/raw';
import type { LongRead } from '../db/reader';
import { bodies, mechanisms, recommendationBodies, recommendations, sources, statusHistory, users } from '../db/schema';
import { DEFAULT_STATUS, type StatusKey } from '../domain/vocabulary';
import type { Filters } from '../recommendations/filters';
import { filterConditions, lastNoteOn, overdueCondition, staleCondition } from '../recommendations/queries';

/** Read-side of the status board: headline figures, the matrix, the kanban, history over time. */

export type Grouping = 'mechanism' | 'body' | 'source';

/** The headline figures, counted in one pass over the filtered recommendations. */
export function headline(db: Db, filters: Filters, movedSince: string, staleCutoff: string) {
  const moved = sql`EXISTS (SELECT 1 FROM ${statusHistory} WHERE ${statusHistory.recommendationId} = ${recommendations.id} AND ${statusHistory.effectiveOn} >= ${movedSince})`;
  const countIf = (condition: SQL) => sql<number>`count(*) FILTER (WHERE ${condition})`;
  return db
    .select({
      total: count(),
      implemented: countIf(eq(recommendations.status, 'implemented')),
      partially: countIf(eq(recommendations.status, 'partially_implemented')),
      moved: countIf(moved),
      overdue: countIf(overdueCondition()),
      stale: countIf(staleCondition(staleCutoff)),
    })
    .from(recommendations)
    .where(filterConditions(filters))
    .get()!;
}

/** Recommendations per status under all the filters: the matrix's column totals, each counted once. */
export function statusTotals(db: Db, filters: Filters): Map<StatusKey, number> {
  const rows = db
    .select({ status: recommendations.status, n: count() })
    .from(recommendations)
    .where(filterConditions(filters))
    .groupBy(recommendations.status)
    .all();
  return new Map(rows.map((r) => [r.status, r.n]));
}

export interface MatrixCount {
  groupId: number | null;
  status: StatusKey;
  n: number;
}

/**
 * Counts per group and status. By body, a recommendation counts under every
 * body linked to it (lead or supporting), as the list's body filter does, so
 * each cell links to exactly the recommendations it counts.
 */
export function matrixCounts(db: Db, filters: Filters, grouping: Grouping): MatrixCount[] {
  const where = filterConditions(filters);
  if (grouping === 'body') {
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
  const column = grouping === 'mechanism' ? recommendations.mechanismId : recommendations.sourceId;
  return db
    .select({ groupId: column, status: recommendations.status, n: count() })
    .from(recommendations)
    .where(where)
    .groupBy(column, recommendations.status)
    .all();
}

export function groupNames(db: Db, grouping: Grouping): Map<number, { name: string; nativeName: string | null }> {
  const rows =
    grouping === 'mechanism'
      ? db.select({ id: mechanisms.id, name: mechanisms.name, nativeName: mechanisms.nativeName }).from(mechanisms).all()
      : grouping === 'body'
        ? db.select({ id: bodies.id, name: bodies.name, nativeName: bodies.nativeName }).from(bodies).all()
        : db.select({ id: sources.id, name: sources.title, nativeName: sql<string | null>`NULL` }).from(sources).all();
  return new Map(rows.map((r) => [r.id, { name: r.name, nativeName: r.nativeName }]));
}

const leadLink = aliasedTable(recommendationBodies, 'lead_link');
const leadBody = aliasedTable(bodies, 'lead_body');

export const KANBAN_CARDS_PER_COLUMN = 30;

/** The newest cards of each status column, and how many there are in all. */
export function kanbanCards(db: Db, filters: Filters, status: StatusKey) {
  const where = and(filterConditions({ ...filters, status: undefined }), eq(recommendations.status, status));
  const total = db.select({ n: count() }).from(recommendations).where(where).get()?.n ?? 0;
  const cards = db
    .select({
      id: recommendations.id,
      shortTitle: recommendations.shortTitle,
      status: recommendations.status,
      version: recommendations.version,
      targetDate: recommendations.targetDate,
      updatedAt: recommendations.updatedAt,
      mechanismName: mechanisms.name,
      leadBodyName: leadBody.name,
    })
    .from(recommendations)
    .leftJoin(mechanisms, eq(mechanisms.id, recommendations.mechanismId))
    .leftJoin(leadLink, and(eq(leadLink.recommendationId, recommendations.id), eq(leadLink.role, 'lead')))
    .leftJoin(leadBody, eq(leadBody.id, leadLink.bodyId))
    .where(where)
    .orderBy(desc(recommendations.updatedAt), desc(recommendations.id))
    .limit(KANBAN_CARDS_PER_COLUMN)
    .all();
  return { total, cards };
}

/** Rows walked between looks at the clock. */
const ROWS_BETWEEN_PAUSES = 1024;

/**
 * How many recommendations stood in each status at the end of each of the
 * given days (in ascending order), rebuilt from the status history. A
 * recommendation counts from its publication date (or its creation, if
 * earlier), in the status of its latest change by then.
 *
 * One ordered read (each recommendation with its changes, oldest first) and a
 * walk in memory: asking SQLite for each day's status of every recommendation
 * took a correlated subquery per row and day, seconds on a large tracker. The
 * walk still takes half a second at 100,000 recommendations, so it pauses for
 * other requests as it goes.
 */
export async function statusCountsOver(reader: LongRead, filters: Filters, endsOfDays: string[]): Promise<Map<StatusKey, number>[]> {
  const where = filterConditions(filters);
  const rows = iterateRows(
    reader.db,
    sql`SELECT ${recommendations.id}, min(${sources.publishedOn}, substr(${recommendations.createdAt}, 1, 10)), ${statusHistory.toStatus}, ${statusHistory.effectiveOn}
        FROM ${recommendations}
        JOIN ${sources} ON ${eq(sources.id, recommendations.sourceId)}
        LEFT JOIN ${statusHistory} ON ${eq(statusHistory.recommendationId, recommendations.id)}
        WHERE ${where ?? sql`1`}
        ORDER BY ${recommendations.id}, ${statusHistory.effectiveOn}, ${statusHistory.id}`,
  );
  const counts = endsOfDays.map(() => new Map<StatusKey, number>());
  const tally = (existedOn: string | null, changes: { status: StatusKey; on: string }[]) => {
    if (existedOn === null) return;
    let next = 0;
    endsOfDays.forEach((end, i) => {
      if (existedOn > end) return;
      while (next < changes.length && changes[next]!.on <= end) next++;
      const status = next > 0 ? changes[next - 1]!.status : DEFAULT_STATUS;
      counts[i]!.set(status, (counts[i]!.get(status) ?? 0) + 1);
    });
  };
  let current: { id: unknown; existedOn: string | null; changes: { status: StatusKey; on: string }[] } | undefined;
  let read = 0;
  for (const [id, existedOn, status, on] of rows) {
    if (++read % ROWS_BETWEEN_PAUSES === 0) await reader.pause();
    if (!current || current.id !== id) {
      if (current) tally(current.existedOn, current.changes);
      current = { id, existedOn: existedOn as string | null, changes: [] };
    }
    if (status !== null) current.changes.push({ status: status as StatusKey, on: on as string });
  }
  if (current) tally(current.existedOn, current.changes);
  return counts;
}

const recorder = aliasedTable(users, 'recorder');

export function latestChanges(db: Db, filters: Filters, limit = 20) {
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
    })
    .from(statusHistory)
    .innerJoin(recommendations, eq(recommendations.id, statusHistory.recommendationId))
    .innerJoin(recorder, eq(recorder.id, statusHistory.recordedBy))
    .where(filterConditions(filters))
    .orderBy(desc(statusHistory.recordedAt), desc(statusHistory.id))
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
    })
    .from(recommendations)
    .where(and(eq(recommendations.ownerId, userId), or(overdueCondition(), staleCondition(staleCutoff))))
    .orderBy(recommendations.targetDate)
    .limit(100)
    .all();
}

