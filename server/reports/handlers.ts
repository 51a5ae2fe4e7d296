import type { Request, Response } from 'express';
import type { Db } from '../db/client';
import { timeSlices } from '../lib/concurrency';
import { today } from '../lib/dates';
import { t } from '../lib/i18n';
import { publicBaseUrl } from '../lib/public-url';
import { render } from '../lib/render';
import { optionalDate, parseInput } from '../lib/validation';
import { filtersSchema } from '../recommendations/filters';
import { z } from 'zod';
import { CHANGE_COLUMNS, COLUMNS, columnHeader, csvChunk, type ChangeColumnKey, type ColumnKey } from './csv-format';
import { LANGUAGES } from '../domain/vocabulary';
import { currentLanguage, runInLanguage } from '../lib/language';
import type { Language, StatusKey } from '../domain/vocabulary';
import { titleView } from '../translations/view';
import { openProgressRows, overdueOn, type ProgressQuery, type ProgressRows } from './queries';

const CHANGED_SINCE_ORDER = 'reports.errors.changed_since_order';

/** Records turned into CSV at a time: large enough that csv-stringify's per-call cost vanishes. */
const ROWS_PER_CHUNK = 64;

/** The list's filters (its sort and page ignored), a point in time, and the start of a changes period. */
const reportQuerySchema = filtersSchema
  // ── i18n: `lang` writes the header row and the labels in another interface language than the reader's ──
  .extend({ as_of: optionalDate, changed_since: optionalDate, lang: z.enum(LANGUAGES, { error: () => t('validation.invalid_choice') }).optional() })
  .superRefine((q, ctx) => {
    // CASE: nobody knows the status at the end of a day still to come; a report must not claim it.
    if (q.as_of && q.as_of > today()) ctx.addIssue({ code: 'custom', path: ['as_of'], message: t('validation.not_in_future') });
    else if (q.changed_since && q.changed_since >= (q.as_of ?? today())) {
      ctx.addIssue({ code: 'custom', path: ['changed_since'], message: t(CHANGED_SINCE_ORDER, { until: q.as_of ?? today() }) });
    }
  });

const statusLabel = (key: string) => t(`status.${key}`);
const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** One change of a changes report: "2025-03-01 In progress → Implemented (rationale)". */
function describeChanges(json: string | undefined): string {
  const changes = JSON.parse(json ?? '[]') as [string, string, string, string][];
  return changes.map(([on, from, to, why]) => `${on} ${statusLabel(from)} → ${statusLabel(to)} (${why})`).join('; ');
}

function columnsFor(q: ProgressQuery) {
  const all = (q.changedSince ? { ...COLUMNS, ...CHANGE_COLUMNS } : { ...COLUMNS }) as Record<ColumnKey | ChangeColumnKey, string>;
  return (Object.keys(all) as (ColumnKey | ChangeColumnKey)[]).map((key) => ({ key, header: columnHeader(key) }));
}

function fileNameFor(q: ProgressQuery): string {
  return q.changedSince ? `progress-changes-${q.changedSince}-to-${q.until}.csv` : `progress-${q.asOf ?? today()}.csv`;
}

/** One row of the file, its cells in the order of COLUMNS (then CHANGE_COLUMNS). */
function recordOf(row: unknown[], at: ProgressRows['at'], q: ProgressQuery, baseUrl: string, day: string): unknown[] {
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
    yesNo(overdueOn(day, { targetDate, status })),
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
  ];
  if (q.changedSince) {
    const atStart = (row[at.statusAtStart] as StatusKey | null) ?? 'not_assessed';
    cells.push(statusLabel(atStart), statusLabel(status), describeChanges(row[at.changes] as string | undefined));
  }
  return cells;
}

/** ── datalang ── The short title a reader of the interface language sees: the translation into it, else the original. */
function displayedTitleOf(row: unknown[], at: ProgressRows['at']): unknown {
  return titleView({ shortTitle: row[at.shortTitle] as string, language: row[at.language] as Language, translatedTitle: row[at.translatedTitle] as string | null }).text;
}

/** Resolves when the response can take more (or the client has gone). */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Writes the rows as CSV chunks, waiting whenever the client reads slower than
 * we write (so memory stays flat), and yielding to other requests after each
 * slice of work. Stops early if the client goes away.
 */
async function writeCsv(res: Response, source: ProgressRows, q: ProgressQuery, baseUrl: string): Promise<void> {
  const columns = columnsFor(q);
  const day = q.asOf ?? today();
  let batch: unknown[][] = [];
  let first = true;
  const pause = timeSlices();
  const flush = async () => {
    const more = res.write(csvChunk(columns, batch, first));
    first = false;
    batch = [];
    if (!more) await drained(res);
    // CASE: a fast client drains the socket within the same turn (the event comes on the next tick), so only a real turn counts as a pause.
    await pause();
  };
  for (const row of source.rows) {
    if (res.destroyed) return;
    batch.push(recordOf(row, source.at, q, baseUrl, day));
    if (batch.length === ROWS_PER_CHUNK) await flush();
  }
  if (batch.length > 0 || first) await flush();
  res.end();
}

export function createReportHandlers(db: Db, publicUrl: string | undefined) {
  return {
    async progressCsv(req: Request, res: Response) {
      const parsed = parseInput(reportQuerySchema, req.query);
      if (!parsed.ok) {
        return render(req, res, {
          page: 'report-invalid',
          title: 'reports.invalid_title',
          status: 400,
          model: { problems: Object.entries(parsed.errors).map(([param, message]) => ({ param, message, value: req.query[param] })) },
        });
      }
      const { as_of: asOf, changed_since: changedSince, lang, ...filters } = parsed.data;
      const q: ProgressQuery = { filters, asOf, changedSince, until: asOf ?? today() };
      const baseUrl = publicBaseUrl(req, publicUrl);
      const source = openProgressRows(db, q);
      res.status(200).set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${fileNameFor(q)}"`,
        'Content-Language': lang ?? currentLanguage(),
      });
      try {
        await runInLanguage(lang ?? currentLanguage(), () => writeCsv(res, source, q, baseUrl));
      } finally {
        source.close();
      }
    },
  };
}
