import type { Db } from '../db/client';
import type { RouteDef } from '../lib/routes';
import { createReportHandlers } from './handlers';
import { createXlsxHandlers } from './xlsx';

export function reportRoutes(db: Db, publicUrl?: string): RouteDef[] {
  const h = createReportHandlers(db, publicUrl);
  const x = createXlsxHandlers(db, publicUrl);
  return [
    { method: 'get', path: '/reports/progress.csv', policy: 'viewer', handler: h.progressCsv },
    { method: 'get', path: '/reports/progress.xlsx', policy: 'viewer', handler: x.progressXlsx },
  ];
}
