import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Request, Response } from 'express';
import type { Db } from '../db/client';
import { today } from '../lib/dates';
import { t } from '../lib/i18n';
import { render } from '../lib/render';
import { optionalDate, parseInput } from '../lib/validation';
import { filtersSchema } from '../recommendations/filters';
import { CHANGE_COLUMNS, COLUMNS, csvWriter } from './csv-format';
import { openProgressRows, overdueOn, type ProgressQuery, type ProgressRow } from './queries';

const CHANGED_SINCE_ORDER = 'reports.errors.changed_since_order';

/** Rows written between two turns of the event loop, so other requests are served during a long download. */
const ROWS_PER_TURN = 500;

/** The list's filters (its sort and page ignored), a point in time, and the start of a changes period. */
const reportQuerySchema = filtersSchema
  .extend({ as_of: optionalDate, changed_since: optionalDate })
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
  const all: Record<string, string> = q.changedSince ? { ...COLUMNS, ...CHANGE_COLUMNS } : { ...COLUMNS };
  return Object.entries(all).map(([key, header]) => ({ key, header }));
}

function fileNameFor(q: ProgressQuery): string {
  return q.changedSince ? `progress-changes-${q.changedSince}-to-${q.until}.csv` : `progress-${q.asOf ?? today()}.csv`;
}

function recordOf(row: ProgressRow, q: ProgressQuery, baseUrl: string): Record<string, string | number | null> {
  const day = q.asOf ?? today();
  return {
    id: row.id,
    source: row.source,
    reference: row.reference,
    shortTitle: row.shortTitle,
    mechanism: row.mechanism,
    leadBody: row.leadBody,
    supportingBodies: row.supportingBodies,
    status: row.status,
    statusLabel: statusLabel(row.status),
    statusSince: row.statusSince,
    confidence: row.confidence,
    priority: yesNo(row.priority === 1),
    targetDate: row.targetDate,
    overdue: yesNo(overdueOn(day, row)),
    lastEvidenceDate: row.lastEvidenceDate,
    lastEvidenceNote: row.lastEvidenceNote,
    lastEvidenceUrl: row.lastEvidenceUrl,
    owner: row.owner,
    lastUpdatedBy: row.lastUpdatedBy,
    updatedAt: row.updatedAt,
    pageUrl: `${baseUrl}/recommendations/${row.id}`,
    themes: row.themes,
    fullText: row.fullText,
    ...(q.changedSince && {
      statusAtStart: statusLabel(row.statusAtStart ?? 'not_assessed'),
      statusAtEnd: statusLabel(row.status),
      changes: describeChanges(row.changes),
    }),
  };
}

async function* records(rows: Iterable<ProgressRow>, q: ProgressQuery, baseUrl: string) {
  let n = 0;
  for (const row of rows) {
    yield recordOf(row, q, baseUrl);
    n += 1;
    if (n % ROWS_PER_TURN === 0) await nextTurn();
  }
}

/** A client that goes away mid-download ends the stream; that is not a server error. */
function isClientGone(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'ERR_STREAM_PREMATURE_CLOSE';
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
      const { as_of: asOf, changed_since: changedSince, ...filters } = parsed.data;
      const q: ProgressQuery = { filters, asOf, changedSince, until: asOf ?? today() };
      const baseUrl = (publicUrl ?? `${req.protocol}://${req.get('host')}`).replace(/\/+$/, '');
      const source = openProgressRows(db, q);
      res.status(200).set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${fileNameFor(q)}"`,
      });
      try {
        await pipeline(Readable.from(records(source.rows, q, baseUrl)), csvWriter(columnsFor(q)), res);
      } catch (error) {
        if (!isClientGone(error)) throw error;
      } finally {
        source.close();
      }
    },
  };
}
