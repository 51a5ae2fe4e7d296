import type { Db } from '../db/client';
import { groupNames } from '../board/queries';
import { STATUSES, type StatusKey } from '../domain/vocabulary';
import { t } from '../lib/i18n';
import { toQueryString } from '../filters/schema';
import { dayBefore } from './periods';
import { periodChangeCount, periodChanges, reportCount, statusCounts, type StatusCount } from './preview-queries';
import type { ReportQuery } from './report-query';

/** The report as the page previews it: every figure, row and link computed here; the templates only place them. */

/** Status changes listed on one page of the preview; the downloads carry all of them. */
export const CHANGES_PER_PAGE = 100;

/**
 * Status changes listed by the printable version (`print=all`), on one page:
 * a quarter of a large tracker fits (about 150 A4 pages); beyond it, paper is
 * the wrong medium and the page says the downloads hold the rest.
 */
export const PRINT_LIMIT = 5000;

/** A report's own query string, without the page: the address of its downloads and of its links. */
export function reportParams(q: ReportQuery): Record<string, string | number | undefined> {
  return {
    kind: q.kind,
    changed_since: q.changedSince,
    as_of: q.asOf,
    ...q.filters,
    group: q.group === 'mechanism' ? undefined : q.group,
  };
}

interface Tally {
  byStatus: Map<StatusKey, number>;
  total: number;
  overdue: number;
}

function tally(counts: StatusCount[]): Tally {
  const byStatus = new Map<StatusKey, number>();
  let total = 0;
  let overdue = 0;
  for (const c of counts) {
    byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + c.n);
    total += c.n;
    overdue += c.overdue;
  }
  return { byStatus, total, overdue };
}

/** A change against the start of the period, as a reader writes it: "+2", "−1", nothing for none. */
export function signed(delta: number | undefined): string {
  if (!delta) return '';
  return delta > 0 ? `+${delta}` : `−${-delta}`;
}

function figure(key: string, end: number, start: number | undefined, textKey = key) {
  const delta = start === undefined ? undefined : end - start;
  return {
    key,
    count: end,
    text: t(`reports.page.figure_${textKey}`, { count: end }),
    delta: signed(delta),
    deltaText: delta ? t('reports.page.delta_label', { delta: signed(delta) }) : undefined,
  };
}

function countTable(db: Db, q: ReportQuery, start: string | undefined, endTally: Tally, startTally: Tally | undefined) {
  const end = statusCounts(db, q, q.until, q.group);
  const before = start ? statusCounts(db, { filters: q.filters, asOf: start }, start, q.group) : [];
  const key = (groupId: number | null, status: StatusKey) => `${groupId ?? 'none'}:${status}`;
  const endMap = new Map(end.map((c) => [key(c.groupId, c.status), c.n]));
  const startMap = new Map(before.map((c) => [key(c.groupId, c.status), c.n]));
  const groupIds = [...new Set([...end, ...before].map((c) => c.groupId))];
  // Columns that are zero everywhere, at both ends of the period, say nothing.
  const columns = STATUSES.map((s) => s.key).filter((status) => (endTally.byStatus.get(status) ?? 0) > 0 || (startTally?.byStatus.get(status) ?? 0) > 0);
  const names = groupNames(db, q.group);
  const noGroup = t(q.group === 'body' ? 'filters.no_body' : 'filters.no_mechanism');
  const cell = (endN: number, startN: number) => ({ count: endN, delta: start ? signed(endN - startN) : '' });
  const rows = groupIds
    .map((groupId) => {
      const name = groupId === null ? noGroup : (names.get(groupId)?.name ?? String(groupId));
      const cells = columns.map((status) => cell(endMap.get(key(groupId, status)) ?? 0, startMap.get(key(groupId, status)) ?? 0));
      const endTotal = columns.reduce((sum, status) => sum + (endMap.get(key(groupId, status)) ?? 0), 0);
      const startTotal = columns.reduce((sum, status) => sum + (startMap.get(key(groupId, status)) ?? 0), 0);
      return { name, none: groupId === null, cells, total: cell(endTotal, startTotal) };
    })
    .sort((a, b) => Number(a.none) - Number(b.none) || a.name.localeCompare(b.name));
  return {
    groupLabel: t(`reports.page.group_${q.group}`),
    heading: t(`reports.page.counts_by_${q.group}`),
    columns,
    rows,
    totals: {
      cells: columns.map((status) => cell(endTally.byStatus.get(status) ?? 0, startTally?.byStatus.get(status) ?? 0)),
      total: cell(endTally.total, startTally?.total ?? 0),
    },
  };
}

/** The status changes of one page, grouped by mechanism in the order of the query. */
function changeGroups(rows: ReturnType<typeof periodChanges>) {
  const groups: { name: string; changes: (typeof rows)[number][] }[] = [];
  for (const row of rows) {
    const name = row.mechanismName ?? t('filters.no_mechanism');
    const last = groups[groups.length - 1];
    if (last && last.name === name) last.changes.push(row);
    else groups.push({ name, changes: [row] });
  }
  return groups;
}

export function reportPreview(db: Db, q: ReportQuery, page: number) {
  const start = q.kind === 'changes' && q.changedSince ? dayBefore(q.changedSince) : undefined;
  const endTally = tally(statusCounts(db, q, q.until));
  const startTally = start ? tally(statusCounts(db, { filters: q.filters, asOf: start }, start)) : undefined;
  const params = reportParams(q);
  const href = (path: string, more: Record<string, string | number | undefined> = {}) => `${path}${toQueryString({ ...params, ...more })}`;
  // The page's own links (groupings) keep the printable version; the downloads and the way back leave it.
  const pageHref = (more: Record<string, string | number | undefined> = {}) => href('/reports', { print: q.print ? 'all' : undefined, ...more });
  const figures = [
    figure('implemented', endTally.byStatus.get('implemented') ?? 0, startTally?.byStatus.get('implemented') ?? (start ? 0 : undefined)),
    figure('stalled', endTally.byStatus.get('stalled') ?? 0, startTally?.byStatus.get('stalled') ?? (start ? 0 : undefined)),
    { ...figure('overdue', endTally.overdue, startTally?.overdue), alert: endTally.overdue > 0 },
    figure('total', endTally.total, startTally?.total),
  ];
  let changes;
  if (q.kind === 'changes' && q.changedSince) {
    const period = { ...q, changedSince: q.changedSince };
    const moved = reportCount(db, period);
    figures.unshift({ ...figure('moved', moved, undefined), deltaText: undefined });
    const total = periodChangeCount(db, period);
    // CASE: the printable version is one page of (nearly) every change; the screen pages them.
    const perPage = q.print ? PRINT_LIMIT : CHANGES_PER_PAGE;
    const pages = q.print ? 1 : Math.max(1, Math.ceil(total / perPage));
    const current = Math.min(page, pages);
    const pagedHref = (p: number) => href('/reports', { page: p > 1 ? p : undefined });
    const rows = periodChanges(db, period, perPage, (current - 1) * perPage);
    changes = {
      total,
      heading: t('reports.page.changes_heading', { count: total }),
      groups: changeGroups(rows),
      capped: q.print
        ? total > rows.length
          ? t('reports.page.print_capped', { shown: rows.length, count: total })
          : undefined
        : pages > 1
          ? t('reports.page.changes_capped', { from: (current - 1) * perPage + 1, to: (current - 1) * perPage + rows.length, count: total })
          : undefined,
      pagination: { page: current, pages, prev: current > 1 ? pagedHref(current - 1) : undefined, next: current < pages ? pagedHref(current + 1) : undefined },
    };
  }
  // Whether this page holds the whole report, so printing it prints everything.
  const whole = q.print || !changes || changes.pagination.pages === 1;
  return {
    kind: q.kind,
    title: q.kind === 'changes' ? t('reports.page.title_changes', { from: q.changedSince, to: q.until }) : t('reports.page.title_status', { date: q.until }),
    period:
      q.kind === 'changes'
        ? t('reports.page.period_changes', { from: q.changedSince, to: q.until, start })
        : q.asOf
          ? t('reports.page.period_status', { date: q.asOf })
          : t('reports.page.period_now', { date: q.until }),
    figures,
    counts: countTable(db, q, start, endTally, startTally),
    startDay: start,
    untilDay: q.until,
    groupings: (['mechanism', 'body', 'source'] as const).map((g) => ({
      key: g,
      text: t(`reports.page.group_${g}`),
      href: pageHref({ group: g === 'mechanism' ? undefined : g }),
      current: g === q.group,
    })),
    changes,
    print: q.print,
    whole,
    printHref: pageHref({ print: 'all' }),
    screenHref: href('/reports'),
    csvHref: href('/reports/progress.csv'),
    xlsxHref: href('/reports/progress.xlsx'),
  };
}
