import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { iterateRowsWithColumns } from '../db/raw';
import { openSnapshot } from '../db/reader';
import { mechanisms, partyStatuses, recommendations, sources } from '../db/schema';
import { DEFAULT_STATUS, type Language, type RecordKind, type StatusKey, type Uptake } from '../domain/vocabulary';
import { existedBy } from '../board/queries';
import { filterConditions } from '../filters/conditions';
import type { Filters } from '../filters/schema';
import { translatedTitleOf } from '../recommendations/queries';
import { BODY_SEPARATOR, THEME_SEPARATOR } from './csv-format';
import { dayBefore } from './periods';
import { overdueOn } from '../domain/overdue';

/**
 * The progress report's one query: a row per recommendation under the list's
 * filters, optionally as it stood at the end of a day (`asOf`, rebuilt from
 * the status history) or only those whose status changed in a period
 * (from `changedSince` to `asOf` or today, both days included; the status
 * at the start is the status at the end of the day before `changedSince`).
 *
 * At a point in time, the status, its date, the overdue flag and the latest
 * evidence are as of that day; names, titles, owner and "updated" are today's,
 * since only statuses and notes are dated. A recommendation belongs to that
 * day if it existed by then by the board's rule (`existedBy`: its source was
 * published or its history reaches back to it), so a report's counts on a day
 * are the board's status over time on that day.
 */
export interface ProgressQuery {
  filters: Filters;
  asOf?: string;
  changedSince?: string;
  /** The end of a changes period: `asOf`, else today. */
  until: string;
  /** The parties whose sides get a column each (csv-format.ts), as `side_<i>`; none when not given. */
  parties?: string[];
  /** The mechanisms dormant on the report's day (server/domain/dormancy.ts), for its Mechanism dormant column. */
  dormantMechanisms?: number[];
}

export interface ProgressRow {
  id: number;
  source: string;
  reference: string;
  shortTitle: string;
  fullText: string;
  kind: RecordKind;
  uptake: Uptake;
  uptakeConfidence: string | null;
  uptakeDocument: string | null;
  uptakeDocumentUrl: string | null;
  mechanism: string | null;
  /** 1 or 0; NULL without a mechanism. */
  mechanismDormant: number | null;
  mechanismLastMeeting: string | null;
  leadBody: string | null;
  supportingBodies: string | null;
  themes: string | null;
  status: StatusKey;
  statusSince: string | null;
  confidence: string;
  priority: number;
  targetDate: string | null;
  lastEvidenceDate: string | null;
  lastEvidenceNote: string | null;
  lastEvidenceUrl: string | null;
  owner: string | null;
  lastUpdatedBy: string | null;
  updatedAt: string;
  /** ── datalang ── The original's language, and the short title's translation into the interface language (if any). */
  language: Language;
  translatedTitle: string | null;
  /** Changes report only. */
  statusAtStart?: StatusKey;
  /** Changes report only: a JSON array of [effective_on, from, to, rationale]. */
  changes?: string;
}


/** The latest status-history row effective on or before the end of `date`. */
function latestChange(column: 'to_status' | 'effective_on', date: string): SQL {
  return sql`(SELECT h.${sql.raw(column)} FROM status_history h
              WHERE h.recommendation_id = ${recommendations.id} AND h.effective_on <= ${date}
              ORDER BY h.effective_on DESC, h.id DESC LIMIT 1)`;
}

export function statusAt(date: string): SQL {
  return sql`coalesce(${latestChange('to_status', date)}, ${DEFAULT_STATUS})`;
}

/** The recommendations a report covers on its day: the list's filters, applied at `asOf` when given. */
export function conditions(q: Pick<ProgressQuery, 'filters' | 'asOf'>): SQL | undefined {
  if (!q.asOf) return filterConditions(q.filters);
  // CASE: at a point in time the status and overdue filters apply to the rebuilt status.
  const { status, overdue, ...rest } = q.filters;
  const pastStatus = statusAt(q.asOf);
  return and(
    filterConditions(rest),
    // The board's rule for "existed at the end of the day" (existedBy), not the day it was typed in: a brief
    // of 2017 entered today was there in 2018, and the report and the board's chart count the same.
    existedBy(q.asOf),
    status ? sql`${pastStatus} = ${status}` : undefined,
    overdue ? overdueOn(q.asOf, recommendations.targetDate, pastStatus) : undefined,
  );
}

/** The changes of a period, both its days included: effective on or after `since`, on or before `until`. */
export function changesIn(since: string, until: string): SQL {
  return sql`h.recommendation_id = ${recommendations.id} AND h.effective_on >= ${since} AND h.effective_on <= ${until}`;
}

/** What a report lists: the recommendations it covers, and for a changes report only those with a change in the period. */
export function reportWhere(q: ProgressQuery): SQL | undefined {
  const changed = q.changedSince ? sql`EXISTS (SELECT 1 FROM status_history h WHERE ${changesIn(q.changedSince, q.until)})` : undefined;
  return and(conditions(q), changed);
}

export function progressQuery(q: ProgressQuery): SQL {
  const status = q.asOf ? statusAt(q.asOf) : sql`${recommendations.status}`;
  const statusSince = q.asOf ? latestChange('effective_on', q.asOf) : sql`${recommendations.statusSince}`;
  const noteCutoff = q.asOf ? sql`AND n.observed_on <= ${q.asOf}` : sql``;
  const changeColumns = q.changedSince
    ? sql`, ${statusAt(dayBefore(q.changedSince))} AS statusAtStart,
          (SELECT json_group_array(json_array(h.effective_on, h.from_status, h.to_status, h.rationale) ORDER BY h.effective_on, h.id)
             FROM status_history h WHERE ${changesIn(q.changedSince, q.until)}) AS changes`
    : sql``;
  const where = reportWhere(q);
  return sql`SELECT
      ${recommendations.id} AS id,
      ${sources.title} AS source,
      ${recommendations.reference} AS reference,
      ${recommendations.shortTitle} AS shortTitle,
      ${recommendations.fullText} AS fullText,
      ${recommendations.kind} AS kind,
      ${recommendations.uptake} AS uptake,
      ${recommendations.uptakeConfidence} AS uptakeConfidence,
      coalesce(uptake_note.source_title, uptake_note.text) AS uptakeDocument,
      uptake_note.source_url AS uptakeDocumentUrl,
      ${mechanisms.name} AS mechanism,
      CASE WHEN ${mechanisms.id} IS NOT NULL THEN ${mechanisms.id} IN (SELECT value FROM json_each(${JSON.stringify(q.dormantMechanisms ?? [])})) END AS mechanismDormant,
      (SELECT max(m.held_on) FROM mechanism_meetings m WHERE m.mechanism_id = ${mechanisms.id} AND m.held_on <= ${q.until}) AS mechanismLastMeeting,
      (SELECT b.name FROM recommendation_bodies rb JOIN bodies b ON b.id = rb.body_id
        WHERE rb.recommendation_id = ${recommendations.id} AND rb.role = 'lead') AS leadBody,
      (SELECT group_concat(b.name, ${BODY_SEPARATOR} ORDER BY b.name) FROM recommendation_bodies rb JOIN bodies b ON b.id = rb.body_id
        WHERE rb.recommendation_id = ${recommendations.id} AND rb.role = 'supporting') AS supportingBodies,
      (SELECT group_concat(t.name, ${THEME_SEPARATOR} ORDER BY t.name) FROM recommendation_themes rt JOIN themes t ON t.id = rt.theme_id
        WHERE rt.recommendation_id = ${recommendations.id}) AS themes,
      ${status} AS status,
      ${statusSince} AS statusSince,
      ${recommendations.confidence} AS confidence,
      ${recommendations.priority} AS priority,
      ${recommendations.targetDate} AS targetDate,
      note.observed_on AS lastEvidenceDate,
      note.text AS lastEvidenceNote,
      note.source_url AS lastEvidenceUrl,
      owner.name AS owner,
      updater.name AS lastUpdatedBy,
      ${recommendations.updatedAt} AS updatedAt,
      ${recommendations.language} AS language,
      ${translatedTitleOf(recommendations.id)} AS translatedTitle
      ${changeColumns}
      ${sideColumns(q)}
    FROM ${recommendations}
    JOIN ${sources} ON ${eq(sources.id, recommendations.sourceId)}
    LEFT JOIN ${mechanisms} ON ${eq(mechanisms.id, recommendations.mechanismId)}
    LEFT JOIN users owner ON owner.id = ${recommendations.ownerId}
    LEFT JOIN users updater ON updater.id = ${recommendations.updatedBy}
    LEFT JOIN evidence_notes uptake_note ON uptake_note.id = ${recommendations.uptakeNoteId}
    LEFT JOIN evidence_notes note ON note.id = (
      SELECT n.id FROM evidence_notes n WHERE n.recommendation_id = ${recommendations.id} ${noteCutoff}
      ORDER BY n.observed_on DESC, n.id DESC LIMIT 1)
    WHERE ${where ?? sql`1`}
    ORDER BY ${sources.title}, ${recommendations.reference}, ${recommendations.id}`;
}

/** Each party's side: its status now, or on the report's date (rebuilt from its history); NULL where there is no such side. */
function sideColumns(q: ProgressQuery): SQL {
  const columns = (q.parties ?? []).map((party, i) => {
    const side = sql`${partyStatuses.recommendationId} = ${recommendations.id} AND ${partyStatuses.party} = ${party}`;
    const status = q.asOf
      ? sql`CASE WHEN EXISTS (SELECT 1 FROM ${partyStatuses} WHERE ${side}) THEN coalesce((SELECT h.to_status FROM party_status_history h
          WHERE h.recommendation_id = ${recommendations.id} AND h.party = ${party} AND h.effective_on <= ${q.asOf}
          ORDER BY h.effective_on DESC, h.id DESC LIMIT 1), ${DEFAULT_STATUS}) END`
      : sql`(SELECT ${partyStatuses.status} FROM ${partyStatuses} WHERE ${side})`;
    return sql`, ${status} AS ${sql.identifier(`side_${i}`)}`;
  });
  return sql.join(columns);
}

export interface ProgressRows {
  /** Rows as arrays (cheaper than objects over a hundred thousand rows); `at` gives each column's index. */
  rows: IterableIterator<unknown[]>;
  at: Record<keyof ProgressRow, number>;
  /** Ends the iteration (a connection cannot close while a statement iterates) and closes the connection. */
  close(): void;
}

/**
 * The report's rows from a separate read-only connection, iterated one at a
 * time, so a long download neither holds the app's connection (whose writes
 * would fail while a statement iterates on it) nor loads every row at once.
 * The statement is prepared here, before any byte is sent, so a failure is
 * still an error page.
 */
export function openProgressRows(db: Db, q: ProgressQuery): ProgressRows {
  const snapshot = openSnapshot(db);
  try {
    const { rows, columns } = iterateRowsWithColumns(snapshot.db, progressQuery(q));
    return {
      rows,
      at: Object.fromEntries(columns.map((name, i) => [name, i])) as Record<keyof ProgressRow, number>,
      close: () => {
        rows.return?.();
        snapshot.close();
      },
    };
  } catch (error) {
    snapshot.close();
    throw error;
  }
}
