import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { allRows } from '../db/raw';
import { openSnapshot } from '../db/reader';
import { recommendations } from '../db/schema';
import type { StatusKey } from '../domain/vocabulary';
import { changesIn, type ProgressQuery } from './queries';

/**
 * Every status change in a changes report's period, one row per change, with
 * who recorded it and the evidence it cites: the report's rows say only
 * which recommendations moved; this is how each one moved.
 *
 * It takes the ids of the report's rows rather than re-applying its filters,
 * so the changes listed are exactly those of the recommendations listed, in
 * the report's order, each one's by date, and the period is the report's own
 * (`changesIn`). The ids are read a batch at a time, so no statement sorts a
 * hundred thousand changes before its first row (which held the server for
 * over a second).
 */
export interface PeriodChange {
  effectiveOn: string;
  id: number;
  reference: string;
  shortTitle: string;
  mechanism: string | null;
  fromStatus: StatusKey;
  toStatus: StatusKey;
  rationale: string;
  author: string;
  evidenceNote: string | null;
  evidenceUrl: string | null;
}


function periodChangesQuery(q: ProgressQuery & { changedSince: string }, ids: number[]) {
  return sql`SELECT h.effective_on AS effectiveOn, ${recommendations.id} AS id, ${recommendations.reference} AS reference,
      ${recommendations.shortTitle} AS shortTitle, m.name AS mechanism, h.from_status AS fromStatus, h.to_status AS toStatus,
      h.rationale AS rationale, u.name AS author, n.text AS evidenceNote, n.source_url AS evidenceUrl
    FROM status_history h
    JOIN ${recommendations} ON ${recommendations.id} = h.recommendation_id
    LEFT JOIN mechanisms m ON m.id = ${recommendations.mechanismId}
    JOIN users u ON u.id = h.recorded_by
    LEFT JOIN evidence_notes n ON n.id = h.evidence_note_id
    WHERE ${changesIn(q.changedSince, q.until)}
      AND h.recommendation_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))
    ORDER BY h.recommendation_id, h.effective_on, h.id`;
}

/** Recommendations whose changes are read in one statement: a sort of a few thousand rows, never a long stall. */
const IDS_PER_READ = 500;

/**
 * The changes, read from a separate read-only connection a batch at a time
 * (as the report's rows are read), so a long download neither holds the
 * app's connection nor every change in memory.
 */
export function openPeriodChanges(db: Db, q: ProgressQuery & { changedSince: string }, ids: number[]): { rows: IterableIterator<PeriodChange>; close(): void } {
  // One snapshot for every batch: a change recorded during the download is in all of them or none.
  const snapshot = openSnapshot(db);
  function* rows(): IterableIterator<PeriodChange> {
    const order = new Map(ids.map((id, i) => [id, i]));
    for (let start = 0; start < ids.length; start += IDS_PER_READ) {
      // The batch in the report's order (the query gives it by id), each recommendation's changes by date.
      const batch = allRows<PeriodChange>(snapshot.db, periodChangesQuery(q, ids.slice(start, start + IDS_PER_READ)));
      batch.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
      yield* batch;
    }
  }
  return { rows: rows(), close: () => snapshot.close() };
}
