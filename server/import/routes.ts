import type { Db } from '../db/client';
import type { RouteDef } from '../lib/routes';
import { createImportHandlers } from './handlers';
import { UPLOAD_PATH } from './upload';

export function importRoutes(db: Db): RouteDef[] {
  const h = createImportHandlers(db);
  return [
    { method: 'get', path: '/import', policy: 'editor', handler: h.show },
    { method: 'post', path: UPLOAD_PATH, policy: 'editor', handler: h.preview },
    { method: 'post', path: '/import/confirm', policy: 'editor', handler: h.confirm },
  ];
}
