import type { Db } from '../db/client';
import type { RouteDef } from '../lib/routes';
import { createReportHandlers } from './handlers';

export function reportRoutes(db: Db, publicUrl?: string, clock?: () => string): RouteDef[] {
  const h = createReportHandlers(db, publicUrl, clock);
  return [
    { method: 'get', path: '/reports', policy: 'viewer', handler: h.page },
    { method: 'get', path: '/reports/progress.csv', policy: 'viewer', handler: h.progressCsv },
  ];
}
