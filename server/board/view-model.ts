import { displayName } from '../domain/data-language';
import { currentLanguage } from '../lib/language';
import { nameView, titleView } from '../translations/view';
import type { Db } from '../db/client';
import { longRead, type LongRead } from '../db/reader';
import { statusBar } from '../domain/status-bar';
import { STATUSES, type StatusKey } from '../domain/vocabulary';
import { daysBefore, daysBetween, today } from '../lib/dates';
import { t } from '../lib/i18n';
import type { ReadCache } from '../lib/read-cache';
import { toQueryString, type Filters } from '../recommendations/filters';
import {
  groupNames,
  headline,
  kanbanCards,
  latestChanges,
  matrixCounts,
  myQueue,
  statusCountsOver,
  statusTotals,
  type Grouping,
} from './queries';

/** The board's view model: every figure, link and chart coordinate computed here; the templates only place them. */

export type BoardView = 'matrix' | 'kanban';
export type Period = 'month' | 'quarter';

export interface BoardQuery {
  filters: Filters;
  view: BoardView;
  group: Grouping;
  movedSince: string;
  period: Period;
  /** The page of the matrix's rows. */
  page: number;
  /** Leave out the matrix's status columns that are zero in every row. */
  hideZeros: boolean;
}

/** Status changes listed beside the headline figures: what fits beside them on a laptop's first screen. */
export const LATEST_CHANGES = 5;

/** Matrix rows per page: a manager's screenful; hundreds of bodies or sources page. */
export const MATRIX_ROWS_PER_PAGE = 50;

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 100) : 0;
}

function listHref(params: Record<string, string | number | undefined>): string {
  return `/recommendations${toQueryString(params)}`;
}

function matrix(db: Db, filters: Filters, group: Grouping, requestedPage: number, hideZeros: boolean, pageHref: (page: number) => string) {
  const names = groupNames(db, group);
  const byGroup = new Map<number | null, Map<StatusKey, number>>();
  for (const { groupId, status, n } of matrixCounts(db, filters, group)) {
    const cells = byGroup.get(groupId) ?? new Map<StatusKey, number>();
    cells.set(status, n);
    byGroup.set(groupId, cells);
  }
  const totals = statusTotals(db, filters);
  // CASE: a status no recommendation under these filters stands in is zero in every row, whatever the grouping.
  const shown = STATUSES.filter((s) => !hideZeros || (totals.get(s.key) ?? 0) > 0);
  const rows = [...byGroup.entries()]
    .map(([groupId, cells]) => {
      const key = groupId ?? 'none';
      const counts = STATUSES.map((s) => ({ key: s.key, count: cells.get(s.key) ?? 0 }));
      const total = counts.reduce((sum, c) => sum + c.count, 0);
      const named = groupId === null ? undefined : names.get(groupId);
      // CASE: a publication has one title, in its own language, so it is shown as it is.
      const shownNames = named && group !== 'source' ? displayName(named, currentLanguage()) : undefined;
      return {
        name: shownNames?.primary.text ?? named?.name ?? t(`board.no_${group}`),
        names: shownNames,
        href: groupId === null ? undefined : `/${group === 'body' ? 'bodies' : `${group}s`}/${groupId}`,
        cells: counts
          .filter((c) => shown.some((s) => s.key === c.key))
          .map((c) => ({ ...c, href: listHref({ ...filters, [group]: key, status: c.key }) })),
        total,
        totalHref: listHref({ ...filters, [group]: key }),
        bar: statusBar(counts),
        closedShare: percent(
          counts.filter((c) => c.key === 'implemented' || c.key === 'partially_implemented').reduce((sum, c) => sum + c.count, 0),
          total,
        ),
      };
    })
    .sort((a, b) => (a.href === undefined ? 1 : b.href === undefined ? -1 : a.name.localeCompare(b.name)));
  const pages = Math.max(1, Math.ceil(rows.length / MATRIX_ROWS_PER_PAGE));
  const page = Math.min(requestedPage, pages);
  const columnTotals = shown.map((s) => ({ key: s.key, count: totals.get(s.key) ?? 0, href: listHref({ ...filters, status: s.key }) }));
  return {
    columns: shown.map((s) => s.key),
    hiddenColumns: STATUSES.length - shown.length,
    zeroColumns: STATUSES.filter((s) => (totals.get(s.key) ?? 0) === 0).length,
    rows: rows.slice((page - 1) * MATRIX_ROWS_PER_PAGE, page * MATRIX_ROWS_PER_PAGE),
    pagination: { page, pages, prev: page > 1 ? pageHref(page - 1) : undefined, next: page < pages ? pageHref(page + 1) : undefined },
    columnTotals,
    grandTotal: [...totals.values()].reduce((sum, n) => sum + n, 0),
    grandHref: listHref({ ...filters }),
  };
}

function kanban(db: Db, filters: Filters, day: string) {
  return STATUSES.filter((s) => !filters.status || filters.status === s.key).map((s) => {
    const { total, cards } = kanbanCards(db, filters, s.key);
    return {
      key: s.key,
      total,
      more: total > cards.length ? { count: total - cards.length, href: listHref({ ...filters, status: s.key }) } : undefined,
      cards: cards.map((card) => ({
        ...card,
        ageDays: card.lastEventOn === null ? undefined : Math.max(0, daysBetween(card.lastEventOn, day)),
        // ── datalang ──
        displayTitle: titleView(card),
        mechanism: nameView(card.mechanismName, card.mechanismNativeName, card.mechanismNativeLanguage),
        leadBody: nameView(card.leadBodyName, card.leadBodyNativeName, card.leadBodyNativeLanguage),
      })),
    };
  });
}

/** The ends of the last periods, oldest first; the current period ends today. */
export function periodEnds(period: Period, until: string, count: number): { label: string; end: string }[] {
  const [year, month] = until.split('-').map(Number) as [number, number];
  const step = period === 'month' ? 1 : 3;
  // Index of the current period's last month, counting months from year 0.
  const lastMonth = period === 'month' ? year * 12 + month - 1 : year * 12 + Math.floor((month - 1) / 3) * 3 + 2;
  const ends: { label: string; end: string }[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const m = lastMonth - i * step;
    const y = Math.floor(m / 12);
    const mm = (m % 12) + 1;
    const lastDay = new Date(Date.UTC(y, mm, 0)).toISOString().slice(0, 10);
    const label = period === 'month' ? `${y}-${String(mm).padStart(2, '0')}` : `${y} Q${Math.floor((mm - 1) / 3) + 1}`;
    ends.push({ label, end: lastDay < until ? lastDay : until });
  }
  return ends;
}

const CHART = { width: 640, height: 220, top: 10, bottom: 30, left: 36, gap: 8 };

async function overTime(reader: LongRead, filters: Filters, period: Period, day: string) {
  const ends = periodEnds(period, day, period === 'month' ? 12 : 8);
  const countsAt = await statusCountsOver(reader, filters, ends.map((p) => p.end));
  const periods = ends.map((p, i) => {
    const cells = STATUSES.map((s) => ({ key: s.key, count: countsAt[i]!.get(s.key) ?? 0 }));
    return { ...p, cells, total: cells.reduce((sum, c) => sum + c.count, 0) };
  });
  const max = Math.max(1, ...periods.map((p) => p.total));
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const slot = (CHART.width - CHART.left) / periods.length;
  const bars = periods.map((p, i) => {
    let y = CHART.top + plotHeight;
    const x = CHART.left + i * slot + CHART.gap / 2;
    return {
      label: p.label,
      labelX: x + (slot - CHART.gap) / 2,
      labelY: CHART.height - 10,
      segments: p.cells
        .filter((c) => c.count > 0)
        .map((c) => {
          const height = (c.count / max) * plotHeight;
          y -= height;
          return { key: c.key, x, y: Number(y.toFixed(2)), width: Number((slot - CHART.gap).toFixed(2)), height: Number(height.toFixed(2)) };
        }),
    };
  });
  const legend = STATUSES.filter((s) => periods.some((p) => p.cells.some((c) => c.key === s.key && c.count > 0))).map((s) => s.key);
  return { periods, bars, max, legend, chart: CHART, axisY: CHART.top + plotHeight };
}

/** The link that hides the matrix's all-zero status columns, or shows them again; none if there are none. */
function zerosLink(model: { hiddenColumns: number; zeroColumns: number }, hideZeros: boolean, boardHref: (changes: Record<string, string | undefined>) => string) {
  if (hideZeros) {
    return model.hiddenColumns > 0 ? { href: boardHref({ zeros: undefined, page: undefined }), text: t('board.show_zeros', { count: model.hiddenColumns }) } : undefined;
  }
  return model.zeroColumns > 0 ? { href: boardHref({ zeros: 'hide', page: undefined }), text: t('board.hide_zeros', { count: model.zeroColumns }) } : undefined;
}

/**
 * Everything on the board that is the same for every user, for one query on
 * one day: read in one snapshot, pausing between its parts for other requests
 * (together they take most of a second on a large tracker).
 */
function sharedBoard(db: Db, query: BoardQuery, staleAfterDays: number, day: string) {
  const { filters, view, group, movedSince, period, page, hideZeros } = query;
  const base = { ...filters, view, group, moved_since: movedSince, period, zeros: hideZeros ? 'hide' : undefined };
  const boardHref = (changes: Record<string, string | undefined>) => `/board${toQueryString({ ...base, ...changes })}`;
  const returnTo = boardHref({ page: page > 1 ? String(page) : undefined });
  const staleCutoff = daysBefore(day, staleAfterDays);
  return longRead(db, async (reader) => {
    const counts = headline(reader.db, filters, movedSince, staleCutoff);
    await reader.pause();
    const matrixModel =
      view === 'matrix' ? matrix(reader.db, filters, group, page, hideZeros, (p) => boardHref({ page: p > 1 ? String(p) : undefined })) : undefined;
    const kanbanModel = view === 'kanban' ? kanban(reader.db, filters, day) : undefined;
    await reader.pause();
    const history = await overTime(reader, filters, period, day);
    const statusFigure = (status: StatusKey) =>
      // CASE: filtered to another status, the figure is 0 and no list can show "both statuses": no link.
      filters.status && filters.status !== status ? undefined : listHref({ ...filters, status });
    const figures = [
      { key: 'moved', count: counts.moved, text: t('board.figure_moved', { count: counts.moved, date: movedSince }), href: listHref({ ...filters, moved_since: movedSince }) },
      { key: 'stalled', count: counts.stalled, text: t('board.figure_stalled', { count: counts.stalled }), href: statusFigure('stalled') },
      { key: 'overdue', count: counts.overdue, text: t('board.figure_overdue', { count: counts.overdue }), href: listHref({ ...filters, overdue: 'yes' }), alert: counts.overdue > 0 },
      { key: 'stale', count: counts.stale, text: t('board.figure_stale', { count: counts.stale, days: staleAfterDays }), href: listHref({ ...filters, quiet_since: staleCutoff }) },
      {
        key: 'implemented',
        count: counts.implemented,
        text: t('board.figure_implemented', { count: counts.implemented, share: percent(counts.implemented, counts.total) }),
        href: statusFigure('implemented'),
      },
      {
        key: 'partially',
        count: counts.partially,
        text: t('board.figure_partially', { count: counts.partially, share: percent(counts.partially, counts.total) }),
        href: statusFigure('partially_implemented'),
      },
      { key: 'total', count: counts.total, text: t('board.figure_total', { count: counts.total }), href: listHref({ ...filters }) },
    ];
    return {
      query,
      staleAfterDays,
      totals: counts,
      figures,
      views: (['matrix', 'kanban'] as const).map((v) => ({ key: v, href: boardHref({ view: v }), current: v === view })),
      groupings: (['mechanism', 'body', 'source'] as const).map((g) => ({ key: g, href: boardHref({ group: g }), current: g === group })),
      zerosLink: matrixModel && zerosLink(matrixModel, hideZeros, boardHref),
      returnTo,
      returnToEncoded: encodeURIComponent(returnTo),
      csvHref: `/reports/progress.csv${toQueryString({ ...filters })}`,
      matrix: matrixModel,
      kanban: kanbanModel,
      overTime: history,
      latest: latestChanges(reader.db, filters, LATEST_CHANGES).map((change) => ({ ...change, displayTitle: titleView(change) })),
      movedHref: figures[0]!.href,
    };
  });
}

/**
 * The board for one user. Its counts and history take most of a second on a
 * large tracker, so they come from the read cache, which every write clears;
 * requests that miss together share one reading.
 */
export async function boardViewModel(db: Db, cache: ReadCache, query: BoardQuery, user: { id: number; role: string }, staleAfterDays: number) {
  const day = today();
  const shared = cache.get(`board:${day}:${staleAfterDays}:${JSON.stringify(query)}`, () => sharedBoard(db, query, staleAfterDays, day));
  const queue =
    user.role === 'viewer' ? undefined : cache.get(`queue:${day}:${user.id}`, () => myQueue(db, user.id, daysBefore(day, staleAfterDays)).map((item) => ({ ...item, displayTitle: titleView(item) })));
  return { ...(await shared), queue };
}
