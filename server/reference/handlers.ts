import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Db } from '../db/client';
import { NotFoundError } from '../lib/errors';
import { displayName, type NamedEntity } from '../domain/data-language';
import { currentLanguage } from '../lib/language';
import { collatorFor, today } from '../lib/dates';
import { dormantMechanismIds } from '../mechanisms/queries';
import { activityViewModel } from '../mechanisms/view-models';
import { render } from '../lib/render';
import { routeIdOf } from '../lib/validation';
import { filtersSchema, toQueryString, type Filters } from '../filters/schema';
import { listViewModel } from '../recommendations/view-models';
import {
  findBody,
  findMechanism,
  findSource,
  listBodiesWithCounts,
  listMechanismsWithCounts,
  listSourcesWithCounts,
  mechanismsOfBody,
  participantsOf,
} from './queries';

/** The recommendations of one mechanism, body or source: the list's first page under that filter. */
function recommendationsFor(db: Db, filters: Filters) {
  return listViewModel(db, { ...filters, sort: 'reference' });
}

/** ── datalang ── Bodies or mechanisms with their names in the reader's order, sorted by the name read first. */
function withNames<T extends NamedEntity>(rows: T[], language = currentLanguage()) {
  const collator = collatorFor(language);
  return rows.map((row) => ({ ...row, names: displayName(row, language) })).sort((a, b) => collator.compare(a.names.primary.text, b.names.primary.text));
}

/**
 * The mechanisms list's one filter: only those with no meeting in their cadence; the board's link adds its
 * recommendation filters, to list the dormant mechanisms those recommendations name, as its figure counts them.
 */
const mechanismsQuery = z.object({ dormant: z.literal('1').optional().catch(undefined) });

export function createReferenceHandlers(db: Db, dormantGraceDays: number) {
  return {
    mechanisms(req: Request, res: Response) {
      const onlyDormant = mechanismsQuery.parse(req.query).dormant === '1';
      const parsed = filtersSchema.safeParse(req.query);
      const filters: Filters = onlyDormant && parsed.success ? parsed.data : {};
      const filtered = Object.values(filters).some((v) => v !== undefined);
      const dormant = dormantMechanismIds(db, today(), dormantGraceDays);
      const shown = filtered ? dormantMechanismIds(db, today(), dormantGraceDays, filters) : dormant;
      const rows = withNames(listMechanismsWithCounts(db)).map((m) => ({ ...m, dormant: dormant.has(m.id) }));
      render(req, res, {
        page: 'mechanisms',
        title: onlyDormant ? 'mechanisms.dormant_title' : 'mechanisms.title',
        model: {
          mechanisms: onlyDormant ? rows.filter((m) => shown.has(m.id)) : rows,
          onlyDormant,
          dormantCount: dormant.size,
          boardHref: filtered ? `/board${toQueryString(filters)}` : undefined,
        },
      });
    },
    mechanism(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const mechanism = findMechanism(db, id);
      if (!mechanism) throw new NotFoundError();
      render(req, res, {
        page: 'mechanism',
        title: 'mechanisms.detail_title',
        model: {
          mechanism,
          names: displayName(mechanism, currentLanguage()),
          participants: withNames(participantsOf(db, id)),
          activity: activityViewModel(db, id, today(), dormantGraceDays),
          list: recommendationsFor(db, { mechanism: id }),
          filterParam: `mechanism=${id}`,
        },
      });
    },
    bodies(req: Request, res: Response) {
      render(req, res, { page: 'bodies', title: 'bodies.title', model: { bodies: withNames(listBodiesWithCounts(db)) } });
    },
    body(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const body = findBody(db, id);
      if (!body) throw new NotFoundError();
      render(req, res, {
        page: 'body',
        title: 'bodies.detail_title',
        model: { body, names: displayName(body, currentLanguage()), mechanisms: withNames(mechanismsOfBody(db, id)), list: recommendationsFor(db, { body: id }), filterParam: `body=${id}` },
      });
    },
    sources(req: Request, res: Response) {
      render(req, res, { page: 'sources', title: 'sources.title', model: { sources: listSourcesWithCounts(db) } });
    },
    source(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const source = findSource(db, id);
      if (!source) throw new NotFoundError();
      render(req, res, {
        page: 'source',
        title: 'sources.detail_title',
        model: { source, list: recommendationsFor(db, { source: id }), filterParam: `source=${id}` },
      });
    },
  };
}
