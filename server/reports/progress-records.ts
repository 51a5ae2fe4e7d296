import { isOverdue } from '../domain/overdue';
import type { Language, StatusKey } from '../domain/vocabulary';
import { t } from '../lib/i18n';
import { titleView } from '../translations/view';
import { CHANGE_COLUMNS, COLUMNS, columnHeader, partyColumn, type ChangeColumnKey, type ColumnKey } from './csv-format';
import type { ProgressQuery, ProgressRows } from './queries';

/**
 * The progress report's rows as the file's records, cell by cell in the order
 * of the format's columns (./csv-format): what the CSV writes and what the
 * Excel download types for a spreadsheet.
 */

const statusLabel = (key: string) => t(`status.${key}`);
const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** One change of a changes report: "2025-03-01 In progress → Implemented (rationale)". */
function describeChanges(json: string | undefined): string {
  const changes = JSON.parse(json ?? '[]') as [string, string, string, string][];
  return changes.map(([on, from, to, why]) => `${on} ${statusLabel(from)} → ${statusLabel(to)} (${why})`).join('; ');
}

export function columnsFor(q: ProgressQuery) {
  const all = (q.changedSince ? { ...COLUMNS, ...CHANGE_COLUMNS } : { ...COLUMNS }) as Record<ColumnKey | ChangeColumnKey, string>;
  return [...(Object.keys(all) as (ColumnKey | ChangeColumnKey)[]).map((key) => ({ key, header: columnHeader(key) as string })), ...(q.parties ?? []).map((party) => partyColumn(party))];
}

export function fileNameFor(q: ProgressQuery): string {
  return q.changedSince ? `progress-changes-${q.changedSince}-to-${q.until}.csv` : `progress-${q.until}.csv`;
}

/** One row of the file, its cells in the order of COLUMNS (then CHANGE_COLUMNS, then a column per party). */
export function recordOf(row: unknown[], at: ProgressRows['at'], q: ProgressQuery, baseUrl: string, day: string): unknown[] {
  const status = row[at.status] as StatusKey;
  const targetDate = row[at.targetDate] as string | null;
  const cells: unknown[] = [
    row[at.id],
    row[at.source],
    row[at.reference],
    row[at.shortTitle],
    row[at.mechanism],
    row[at.leadBody],
    row[at.supportingBodies],
    status,
    statusLabel(status),
    row[at.statusSince],
    row[at.confidence],
    yesNo(row[at.priority] === 1),
    targetDate,
    yesNo(isOverdue(day, targetDate, status)),
    row[at.lastEvidenceDate],
    row[at.lastEvidenceNote],
    row[at.lastEvidenceUrl],
    row[at.owner],
    row[at.lastUpdatedBy],
    row[at.updatedAt],
    `${baseUrl}/recommendations/${String(row[at.id])}`,
    row[at.themes],
    row[at.fullText],
    // ── datalang ──
    displayedTitleOf(row, at),
    row[at.language],
    row[at.kind],
    row[at.uptake],
    row[at.uptakeConfidence],
    row[at.uptakeDocument],
    row[at.uptakeDocumentUrl],
    row[at.mechanismDormant] === null ? null : yesNo(row[at.mechanismDormant] === 1),
    row[at.mechanismLastMeeting],
  ];
  if (q.changedSince) {
    const atStart = (row[at.statusAtStart] as StatusKey | null) ?? 'not_assessed';
    cells.push(statusLabel(atStart), statusLabel(status), describeChanges(row[at.changes] as string | undefined));
  }
  const sides = at as Record<string, number>;
  (q.parties ?? []).forEach((_, i) => cells.push(row[sides[`side_${i}`]!]));
  return cells;
}

/** ── datalang ── The short title a reader of the interface language sees: the translation into it, else the original. */
function displayedTitleOf(row: unknown[], at: ProgressRows['at']): unknown {
  return titleView({ shortTitle: row[at.shortTitle] as string, language: row[at.language] as Language, translatedTitle: row[at.translatedTitle] as string | null }).text;
}
