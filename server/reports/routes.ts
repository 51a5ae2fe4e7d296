import type { Db } from '../db/client';
import { today } from '../lib/dates';
import type { RouteDef } from '../lib/routes';
import { createReportHandlers } from './handlers';
import { createXlsxHandlers } from './xlsx';

export function reportRoutes(db: Db, publicUrl?: string, clock: () => string = today, dormantGraceDays = 90): RouteDef[] {
  const h = createReportHandlers(db, publicUrl, clock, dormantGraceDays);
  const x = createXlsxHandlers(db, publicUrl, clock, dormantGraceDays);
  return [
    { method: 'get', path: '/reports', policy: 'viewer', handler: h.page },
    { method: 'get', path: '/reports/progress.csv', policy: 'viewer', handler: h.progressCsv },
    { method: 'get', path: '/reports/progress.xlsx', policy: 'viewer', handler: x.progressXlsx },
  ];
}
