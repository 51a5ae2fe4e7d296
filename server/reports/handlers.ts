import type { Request, Response } from 'express';
import type { Db } from '../db/client';
import { drained, timeSlices } from '../lib/concurrency';
import { today } from '../lib/dates';
import { publicBaseUrl } from '../lib/public-url';
import { render } from '../lib/render';
import { reportsPageModel } from './page-model';
import { parseReportQuery, type ReportQuery } from './report-query';
import { csvChunk } from './csv-format';
import { columnsFor, fileNameFor, recordOf } from './progress-records';
import { partiesInData } from '../parties/queries';
import { dormantMechanismIds } from '../mechanisms/queries';
import { currentLanguage, runInLanguage } from '../lib/language';
import { openProgressRows, type ProgressQuery, type ProgressRows } from './queries';

/** Records turned into CSV at a time: large enough that csv-stringify's per-call cost vanishes. */
const ROWS_PER_CHUNK = 64;

/**
 * Writes the rows as CSV chunks, waiting whenever the client reads slower than
 * we write (so memory stays flat), and yielding to other requests after each
 * slice of work. Stops early if the client goes away.
 */
async function writeCsv(res: Response, source: ProgressRows, q: ProgressQuery, baseUrl: string): Promise<void> {
  const columns = columnsFor(q);
  const day = q.until;
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

/**
 * The report a request asks for, or, when its query is wrong, the page that
 * says so (400): one parse for every format the report downloads in.
 */
export function progressQueryOf(req: Request, res: Response, day: string, db: Db, dormantGraceDays: number): ReportQuery | undefined {
  const parsed = parseReportQuery(req.query, day);
  if (!parsed.ok) {
    render(req, res, {
      page: 'report-invalid',
      title: 'reports.invalid_title',
      status: 400,
      model: { problems: Object.entries(parsed.errors).map(([param, message]) => ({ param, message, value: req.query[param] })) },
    });
    return undefined;
  }
  return { ...parsed.data, parties: partiesInData(db), dormantMechanisms: [...dormantMechanismIds(db, parsed.data.until, dormantGraceDays)] };
}

export function createReportHandlers(db: Db, publicUrl: string | undefined, clock: () => string = today, dormantGraceDays = 90) {
  return {
    /** The reports page: the form, its presets, and the preview of the report its address names. */
    async page(req: Request, res: Response) {
      const model = reportsPageModel(db, req.query as Record<string, string | undefined>, clock());
      render(req, res, { page: 'reports', fragment: 'report-preview', title: 'reports.page.title', status: model.errors ? 422 : 200, model });
    },

    async progressCsv(req: Request, res: Response) {
      const q = progressQueryOf(req, res, clock(), db, dormantGraceDays);
      if (!q) return;
      const baseUrl = publicBaseUrl(req, publicUrl);
      const source = openProgressRows(db, q);
      res.status(200).set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${fileNameFor(q)}"`,
        'Content-Language': q.lang ?? currentLanguage(),
      });
      try {
        await runInLanguage(q.lang ?? currentLanguage(), () => writeCsv(res, source, q, baseUrl));
      } finally {
        source.close();
      }
    },
  };
}
