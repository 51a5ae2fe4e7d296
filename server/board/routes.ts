import type { Db } from '../db/client';
import type { RouteDef } from '../lib/routes';
import { createBoardHandlers } from './handlers';

export function boardRoutes(db: Db, staleAfterDays: number, dormantGraceDays: number): RouteDef[] {
  const h = createBoardHandlers(db, staleAfterDays, dormantGraceDays);
  return [{ method: 'get', path: '/board', policy: 'viewer', cached: true, handler: h.show }];
}
