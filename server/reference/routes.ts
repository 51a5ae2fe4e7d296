import type { Db } from '../db/client';
import type { RouteDef } from '../lib/routes';
import { createReferenceHandlers } from './handlers';

export function referenceRoutes(db: Db, dormantGraceDays: number): RouteDef[] {
  const h = createReferenceHandlers(db, dormantGraceDays);
  return [
    { method: 'get', path: '/mechanisms', policy: 'viewer', cached: true, handler: h.mechanisms },
    { method: 'get', path: '/mechanisms/:id', policy: 'viewer', cached: true, handler: h.mechanism },
    { method: 'get', path: '/bodies', policy: 'viewer', cached: true, handler: h.bodies },
    { method: 'get', path: '/bodies/:id', policy: 'viewer', cached: true, handler: h.body },
    { method: 'get', path: '/sources', policy: 'viewer', cached: true, handler: h.sources },
    { method: 'get', path: '/sources/:id', policy: 'viewer', cached: true, handler: h.source },
  ];
}
