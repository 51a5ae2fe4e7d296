import type { Db } from '../db/client';
import { listOwners } from '../auth/users';
import { RECORD_KINDS, STATUS_KEYS } from '../domain/vocabulary';
import { filterFormModel } from '../filters/form';
import { optionalPage, toQueryString } from '../filters/schema';
import { formatDate } from '../lib/dates';
import { fieldLabel } from '../lib/field-labels';
import { t } from '../lib/i18n';
import { parseInput } from '../lib/validation';
import { filterOptions } from '../recommendations/queries';
import { changePresets, statusPresets } from './periods';
import { reportPreview } from './preview';
import { parseReportQuery, REPORT_GROUPINGS, REPORT_SETTINGS } from './report-query';
import { z } from 'zod';

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

/**
 * The reports page for a query as its address gives it, on a day: the form
 * with its values and errors (beside the fields and in a summary), the kinds
 * and presets as links that keep the filters, and the preview of a valid
 * report. `errors` is set when the query is wrong.
 */
export function reportsPageModel(db: Db, query: Record<string, string | undefined>, day: string) {
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
  return {
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
  };
}
