import type { Request, Response } from 'express';
import type { Db } from '../db/client';
import { drained, timeSlices } from '../lib/concurrency';
import { formatDate, today } from '../lib/dates';
import { t } from '../lib/i18n';
import { publicBaseUrl } from '../lib/public-url';
import { fieldLabel } from '../lib/field-labels';
import { render } from '../lib/render';
import { parseInput } from '../lib/validation';
import { listOwners } from '../auth/users';
import { RECORD_KINDS, STATUS_KEYS } from '../domain/vocabulary';
import { filterFormModel } from '../filters/form';
import { optionalPage, toQueryString } from '../filters/schema';
import { filterOptions } from '../recommendations/queries';
import { changePresets, statusPresets } from './periods';
import { reportPreview } from './preview';
import { parseReportQuery, REPORT_GROUPINGS, REPORT_SETTINGS, type ReportQuery } from './report-query';
import { z } from 'zod';
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

/** A field's label in the error summary, as the form shows it. */
function fieldLabelOf(field: string, kind: string): string {
  if (field === 'changed_since') return t('reports.page.from');
  if (field === 'as_of') return t(kind === 'changes' ? 'reports.page.to' : 'reports.page.date');
  if (field === 'print') return t('reports.page.printable');
  return fieldLabel(field);
}

/** Query fields the form has no field for (only links set them): their errors link nowhere. */
const LINK_ONLY_FIELDS = ['print'];

const pageQuerySchema = z.object({ page: optionalPage });


/** The page's links in one click: the periods and days offered, each keeping the filters and grouping. */
function presetLinks(day: string, filters: Record<string, unknown>, current: { kind: string; from?: string; to?: string }) {
  const base = { ...(filters as Record<string, string | number | undefined>) };
  return {
    changes: changePresets(day).map(({ key, period }) => ({
      key,
      text: t(`reports.page.preset_${key}`),
      dates: t('reports.page.preset_dates', { from: period.from, to: period.to }),
      href: `/reports${toQueryString({ kind: 'changes', changed_since: period.from, as_of: period.to, ...base })}`,
      current: current.kind === 'changes' && current.from === period.from && current.to === period.to,
    })),
    status: statusPresets(day).map(({ key, day: on }) => ({
      key,
      text: t(`reports.page.preset_${key}`),
      dates: formatDate(on),
      href: `/reports${toQueryString({ kind: 'status', as_of: on, ...base })}`,
      current: current.kind === 'status' && current.to === on,
    })),
  };
}

export function createReportHandlers(db: Db, publicUrl: string | undefined, clock: () => string = today, dormantGraceDays = 90) {
  return {
    /** The reports page: the form, its presets, and the preview of the report its address names. */
    async page(req: Request, res: Response) {
      const day = clock();
      const query = req.query as Record<string, string | undefined>;
      const parsed = parseReportQuery(query, day);
      const page = parseInput(pageQuerySchema, { page: query.page });
      const options = filterOptions(db);
      const owners = listOwners(db);
      const kind = parsed.ok ? parsed.data.kind : query.kind === 'changes' || (query.kind !== 'status' && query.changed_since) ? 'changes' : 'status';
      // CASE: "Changes in a period" opened with no dates yet is a form to fill in, not a mistake.
      const unfilled = !parsed.ok && kind === 'changes' && query.changed_since === undefined && query.as_of === undefined && Object.keys(parsed.errors).join() === 'changed_since';
      const errors = parsed.ok || unfilled ? undefined : parsed.errors;
      const values = { ...query, as_of: query.as_of ?? (kind === 'status' || unfilled ? day : undefined), group: parsed.ok ? parsed.data.group : query.group };
      const filterForm = filterFormModel('/reports', query, { ...options, owners }, REPORT_SETTINGS);
      const filterQuery = Object.fromEntries(Object.entries(query).filter(([key]) => !REPORT_SETTINGS.includes(key)));
      const thisMonth = changePresets(day)[0]!.period;
      render(req, res, {
        page: 'reports',
        fragment: 'report-preview',
        title: 'reports.page.title',
        status: errors ? 422 : 200,
        model: {
          kind,
          values,
          errors,
          options,
          owners,
          statusKeys: STATUS_KEYS,
          recordKinds: RECORD_KINDS,
          groupings: REPORT_GROUPINGS,
          filterForm,
          errorList: errors && Object.entries(errors).map(([field, message]) => ({ href: LINK_ONLY_FIELDS.includes(field) ? undefined : `#report-${field}`, fieldName: fieldLabelOf(field, kind), message })),
          filtersSummary: filterForm.chips.length > 0 ? t('reports.page.filters_on', { count: filterForm.chips.length }) : t('reports.page.filters'),
          filtersOpen: Boolean(errors && Object.keys(errors).some((field) => !['as_of', 'changed_since', 'kind', 'print'].includes(field))),
          today: day,
          kinds: [
            { key: 'status', href: `/reports${toQueryString({ kind: 'status', ...filterQuery })}`, current: kind === 'status' },
            {
              key: 'changes',
              href: `/reports${toQueryString({ kind: 'changes', changed_since: thisMonth.from, as_of: thisMonth.to, ...filterQuery })}`,
              current: kind === 'changes',
            },
          ],
          presets: presetLinks(day, filterQuery, { kind, from: parsed.ok ? parsed.data.changedSince : undefined, to: parsed.ok ? parsed.data.until : undefined }),
          preview: parsed.ok ? reportPreview(db, parsed.data, page.ok ? (page.data.page ?? 1) : 1) : undefined,
        },
      });
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
