import type { Db } from '../db/client';
import type { RouteDef } from '../lib/routes';
import { createPartyHandlers } from './handlers';

export function partyRoutes(db: Db): RouteDef[] {
  const h = createPartyHandlers(db);
  return [
    { method: 'get', path: '/recommendations/:id/parties/:party', policy: 'viewer', cached: true, handler: h.show },
    { method: 'post', path: '/recommendations/:id/parties/:party/status', policy: 'editor', handler: h.update },
  ];
}
