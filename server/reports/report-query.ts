import { LANGUAGES, type Language } from '../domain/vocabulary';
import { t } from '../lib/i18n';
import { optionalChoice, optionalDate, parseInput, type ParseResult } from '../lib/validation';
import { filtersSchema } from '../filters/schema';
import type { ProgressQuery } from './queries';

/**
 * The one reading of a report's address, shared by the reports page, the CSV
 * and the Excel download, so that a download holds exactly what the page
 * previews. Parameters:
 *
 * | parameter | meaning |
 * |---|---|
 * | kind | `status` (status on a date) or `changes` (changes in a period); when absent, `changes` if `changed_since` is given, else `status` |
 * | as_of | the day the report stands at (its end of day); absent: now. For a changes report, the period's last day (absent: today) |
 * | changed_since | a changes report's first day, included |
 * | group | the preview's counts by `mechanism` (default), `body` or `source` |
 * | lang | the downloads' language (header row, labels): `en`, `ru` or `zh`; absent, the reader's |
 * | print | `all`: the page's printable version, every change of the period on one page (up to PRINT_LIMIT); the downloads ignore it |
 * | q, status, mechanism, body, source, theme, owner, priority, overdue, moved_since, quiet_since | the list's filters |
 *
 * Anything else (the page's `page`, the list's `sort`) is ignored.
 */
export const REPORT_KINDS = ['status', 'changes'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_GROUPINGS = ['mechanism', 'body', 'source'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];
export const REPORT_PRINTS = ['all'] as const;

/** Query fields of a report that are not the list's filters: no chips for them, on the page or on the Excel cover. */
export const REPORT_SETTINGS = ['kind', 'as_of', 'changed_since', 'group', 'lang', 'page', 'print'];

export const REPORT_ERRORS = {
  periodOrder: 'reports.errors.changed_since_order',
  periodStart: 'reports.errors.changed_since_required',
  future: 'validation.not_in_future',
} as const;

export interface ReportQuery extends ProgressQuery {
  kind: ReportKind;
  group: ReportGrouping;
  lang?: Language;
  /** The printable version of the page: every change on one page. */
  print: boolean;
}

const reportParamsSchema = filtersSchema.extend({
  kind: optionalChoice(REPORT_KINDS),
  group: optionalChoice(REPORT_GROUPINGS),
  as_of: optionalDate,
  changed_since: optionalDate,
  lang: optionalChoice(LANGUAGES),
  print: optionalChoice(REPORT_PRINTS),
});

/** The report's query parameters, checked against the calendar of `day` (today, unless a test says otherwise). */
export function reportQuerySchema(day: string) {
  return reportParamsSchema
    .superRefine((q, ctx) => {
      const kind = q.kind ?? (q.changed_since ? 'changes' : 'status');
      const until = q.as_of ?? day;
      // CASE: nobody knows the status at the end of a day still to come; a report must not claim it.
      if (q.as_of && q.as_of > day) ctx.addIssue({ code: 'custom', path: ['as_of'], message: t(REPORT_ERRORS.future) });
      if (kind !== 'changes') return;
      if (!q.changed_since) ctx.addIssue({ code: 'custom', path: ['changed_since'], message: t(REPORT_ERRORS.periodStart) });
      // A period of one day (start = end) is allowed: the period includes both its days.
      else if (q.changed_since > until) ctx.addIssue({ code: 'custom', path: ['changed_since'], message: t(REPORT_ERRORS.periodOrder, { until }) });
    })
    .transform(({ kind, group, lang, print, as_of: asOf, changed_since: changedSince, ...filters }): ReportQuery => {
      const resolved = kind ?? (changedSince ? 'changes' : 'status');
      return {
        kind: resolved,
        group: group ?? 'mechanism',
        lang,
        print: print === 'all',
        filters,
        asOf,
        changedSince: resolved === 'changes' ? changedSince : undefined,
        until: asOf ?? day,
      };
    });
}

/** Parses a report's query string (Express's `req.query`); errors are keyed by parameter. */
export function parseReportQuery(query: unknown, day: string): ParseResult<ReportQuery> {
  return parseInput(reportQuerySchema(day), query);
}
