import { sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { closeDatabase, openDatabase, type Db } from '../db/client';
import { recommendations } from '../db/schema';
import type { StatusKey } from '../domain/vocabulary';
import { changesIn, type ProgressQuery } from './queries';

/**
 * Every status change in a changes report's period, one row per change, with
 * who recorded it and the evidence it cites: the report's rows say only
 * which recommendations moved; this is how each one moved.
 *
 * It takes the ids of the report's rows rather than re-applying its filters,
 * so the changes listed are exactly those of the recommendations listed, and
 * the period is the report's own (`changesIn`).
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

const dialect = new SQLiteSyncDialect();

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
    ORDER BY m.name IS NULL, m.name, h.effective_on, h.id`;
}

/**
 * The changes, read from a separate read-only connection one at a time (as
 * the report's rows are), so a long download holds neither the app's
 * connection nor every change in memory.
 */
export function openPeriodChanges(db: Db, q: ProgressQuery & { changedSince: string }, ids: number[]): { rows: IterableIterator<PeriodChange>; close(): void } {
  const { sql: text, params } = dialect.sqlToQuery(periodChangesQuery(q, ids));
  // CASE: an in-memory database cannot be opened twice; it is small, so read it at once.
  if (db.$client.memory) {
    const all = db.$client.prepare(text).all(...params) as PeriodChange[];
    return { rows: all[Symbol.iterator](), close: () => undefined };
  }
  const reader = openDatabase(db.$client.name, { readonly: true });
  try {
    const rows = reader.$client.prepare(text).iterate(...params) as IterableIterator<PeriodChange>;
    return {
      rows,
      close: () => {
        rows.return?.();
        closeDatabase(reader);
      },
    };
  } catch (error) {
    closeDatabase(reader);
    throw error;
  }
}
