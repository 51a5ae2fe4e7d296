import type { Db } from '../db/client';
import type { RouteDef } from '../lib/routes';
import { createUptakeHandlers } from './handlers';

/** A recommendation's uptake: recorded by editors; shown to everyone on the detail page and the board. */
export function uptakeRoutes(db: Db): RouteDef[] {
  const h = createUptakeHandlers(db);
  return [
    { method: 'get', path: '/recommendations/:id/uptake', policy: 'editor', handler: h.show },
    { method: 'post', path: '/recommendations/:id/uptake', policy: 'editor', handler: h.save },
  ];
}
