import type { RouteDef } from '../lib/routes';
import { createLanguageHandlers } from './handlers';
import type { Db } from '../db/client';

export function languageRoutes(db: Db, secure: boolean): RouteDef[] {
  const h = createLanguageHandlers(db, secure);
  return [{ method: 'post', path: '/language', policy: 'public', handler: h.choose }];
}
