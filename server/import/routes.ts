import type { Request } from 'express';
import type { Db } from '../db/client';
import type { RouteDef } from '../lib/routes';
import { createImportHandlers } from './handlers';
import { UPLOAD_PATH, uploadReader } from './upload';

/** `tokenValid` is the app's CSRF check, which the upload runs itself (see upload.ts). */
export function importRoutes(db: Db, tokenValid: (req: Request) => boolean): RouteDef[] {
  const h = createImportHandlers(db, uploadReader(tokenValid));
  return [
    { method: 'get', path: '/import', policy: 'editor', handler: h.show },
    { method: 'post', path: UPLOAD_PATH, policy: 'editor', handler: h.preview },
    { method: 'post', path: '/import/confirm', policy: 'editor', handler: h.confirm },
  ];
}
