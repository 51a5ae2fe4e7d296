import type { Request, Response } from 'express';
import type { Db } from '../db/client';
import { listOwners } from '../auth/users';
import { STATUS_KEYS, STATUSES } from '../domain/vocabulary';
import { daysBefore, today } from '../lib/dates';
import { dormantMechanismIds } from '../mechanisms/queries';
import { render } from '../lib/render';
import { optionalChoice, optionalDate, parseInput } from '../lib/validation';
import { filterFormModel } from '../filters/form';
import { type Filters, formQuerySchema, optionalPage, toQueryString } from '../filters/schema';
import { filterOptions } from '../recommendations/queries';
import { boardViewModel } from './view-model';

const boardQuerySchema = formQuerySchema.extend({
  view: optionalChoice(['matrix', 'kanban'] as const),
  group: optionalChoice(['mechanism', 'body', 'source', 'party'] as const),
  moved_since: optionalDate,
  period: optionalChoice(['month', 'quarter'] as const),
  page: optionalPage,
  zeros: optionalChoice(['hide'] as const),
});

const DEFAULT_MOVED_DAYS = 90;

/** The board's own settings: not filters, so no chips; each has its field behind the filter bar's "Filters" control. */
const BOARD_SETTINGS = ['moved_since', 'period', 'view', 'group', 'zeros'];

/** The dormant mechanisms among those the filtered recommendations name, and the list of exactly those. */
function dormantFigure(db: Db, filters: Filters, graceDays: number) {
  return { count: dormantMechanismIds(db, today(), graceDays, filters).size, href: `/mechanisms${toQueryString({ dormant: '1', ...filters })}` };
}

export function createBoardHandlers(db: Db, staleAfterDays: number, dormantGraceDays: number) {
  return {
    async show(req: Request, res: Response) {
      const parsed = parseInput(boardQuerySchema, req.query);
      const options = filterOptions(db);
      const owners = listOwners(db);
      const common = {
        values: req.query,
        options,
        filterForm: filterFormModel('/board', req.query, { ...options, owners }, BOARD_SETTINGS),
        owners,
        statusKeys: STATUS_KEYS,
        statuses: STATUSES,
      };
      if (!parsed.ok) {
        return render(req, res, { page: 'board', fragment: 'board-content', title: 'board.title', status: 400, model: { ...common, errors: parsed.errors } });
      }
      const { view, group, moved_since, period, page, zeros, filters: _form, ...filters } = parsed.data;
      const query = {
        filters,
        view: view ?? 'matrix',
        group: group ?? 'mechanism',
        movedSince: moved_since ?? daysBefore(today(), DEFAULT_MOVED_DAYS),
        period: period ?? 'month',
        page: page ?? 1,
        hideZeros: zeros === 'hide',
      };
      render(req, res, {
        page: 'board',
        fragment: 'board-content',
        title: 'board.title',
        model: { ...common, values: { ...req.query, moved_since: query.movedSince }, board: await boardViewModel(db, query, res.locals.user!, staleAfterDays), dormant: dormantFigure(db, filters, dormantGraceDays) },
      });
    },
  };
}

