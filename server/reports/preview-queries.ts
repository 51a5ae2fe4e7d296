import { aliasedTable, and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { evidenceNotes, mechanisms, recommendationBodies, recommendations, statusHistory, users } from '../db/schema';
import type { StatusKey } from '../domain/vocabulary';
import { conditions, reportWhere, statusAt, type ProgressQuery } from './queries';
import type { ReportGrouping } from './report-query';
import { overdueOn } from '../domain/overdue';

/**
 * The reports page's preview, read with the conditions of the downloads
 * (`conditions`, `reportWhere` in ./queries), so the page and the files agree.
 */

export interface StatusCount {
  groupId: number | null;
  status: StatusKey;
  n: number;
  /** Of these, how many were overdue on the day. */
  overdue: number;
}

/**
 * Recommendations per status (and group) at the end of `asOf`, rebuilt from
 * the status history, or as they stand now when `asOf` is absent. By body, a
 * recommendation counts under every body linked to it, as on the board.
 */
export function statusCounts(db: Db, q: Pick<ProgressQuery, 'filters' | 'asOf'>, day: string, grouping?: ReportGrouping): StatusCount[] {
  const status = q.asOf ? statusAt(q.asOf) : sql`${recommendations.status}`;
  const where = conditions(q);
  const fields = {
    status: sql<StatusKey>`${status}`.as('report_status'),
    n: count(),
    overdue: sql<number>`count(*) FILTER (WHERE ${overdueOn(day, recommendations.targetDate, status)})`,
  };
  if (grouping === 'body') {
    const onlyBody = typeof q.filters.body === 'number' ? eq(recommendationBodies.bodyId, q.filters.body) : undefined;
    return db
      .select({ groupId: recommendationBodies.bodyId, ...fields })
      .from(recommendations)
      .leftJoin(recommendationBodies, eq(recommendationBodies.recommendationId, recommendations.id))
      .where(and(where, onlyBody))
      .groupBy(recommendationBodies.bodyId, sql`report_status`)
      .all();
  }
  const column = grouping === 'source' ? recommendations.sourceId : grouping === 'mechanism' ? recommendations.mechanismId : sql<null>`NULL`;
  return db
    .select({ groupId: sql<number | null>`${column}`.as('group_id'), ...fields })
    .from(recommendations)
    .where(where)
    .groupBy(sql`group_id`, sql`report_status`)
    .all();
}

/** How many recommendations a report lists: for a changes report, those that moved in the period. */
export function reportCount(db: Db, q: ProgressQuery): number {
  return db.select({ n: count() }).from(recommendations).where(reportWhere(q)).get()?.n ?? 0;
}

const recorder = aliasedTable(users, 'recorder');

/**
 * The status changes of a period (both days included) of the recommendations
 * a changes report lists, grouped by mechanism (by name, those without one
 * last), each group in the order the changes took effect. One page of them:
 * read from the index on the effective date.
 */
function changeWhere(q: ProgressQuery & { changedSince: string }): SQL | undefined {
  return and(reportWhere(q), sql`${statusHistory.effectiveOn} >= ${q.changedSince}`, sql`${statusHistory.effectiveOn} <= ${q.until}`);
}

export function periodChanges(db: Db, q: ProgressQuery & { changedSince: string }, limit: number, offset: number) {
  return db
    .select({
      id: statusHistory.id,
      recommendationId: recommendations.id,
      shortTitle: recommendations.shortTitle,
      reference: recommendations.reference,
      mechanismId: recommendations.mechanismId,
      mechanismName: mechanisms.name,
      effectiveOn: statusHistory.effectiveOn,
      fromStatus: statusHistory.fromStatus,
      toStatus: statusHistory.toStatus,
      rationale: statusHistory.rationale,
      author: recorder.name,
      evidenceNoteId: statusHistory.evidenceNoteId,
      evidenceUrl: evidenceNotes.sourceUrl,
      evidenceOn: evidenceNotes.observedOn,
    })
    .from(statusHistory)
    .innerJoin(recommendations, eq(recommendations.id, statusHistory.recommendationId))
    .leftJoin(mechanisms, eq(mechanisms.id, recommendations.mechanismId))
    .innerJoin(recorder, eq(recorder.id, statusHistory.recordedBy))
    .leftJoin(evidenceNotes, eq(evidenceNotes.id, statusHistory.evidenceNoteId))
    .where(changeWhere(q))
    .orderBy(sql`${mechanisms.name} IS NULL`, asc(mechanisms.name), asc(statusHistory.effectiveOn), asc(statusHistory.id))
    .limit(limit)
    .offset(offset)
    .all();
}

export function periodChangeCount(db: Db, q: ProgressQuery & { changedSince: string }): number {
  return (
    db
      .select({ n: count() })
      .from(statusHistory)
      .innerJoin(recommendations, eq(recommendations.id, statusHistory.recommendationId))
      .where(changeWhere(q))
      .get()?.n ?? 0
  );
}
