import type { Db } from '../db/client';
import type { RouteDef } from '../lib/routes';
import { createTranslationHandlers } from './handlers';

/** A recommendation's translations: added, edited and removed by editors; read by everyone on the detail page. */
export function translationRoutes(db: Db): RouteDef[] {
  const h = createTranslationHandlers(db);
  return [
    { method: 'get', path: '/recommendations/:id/translations/new', policy: 'editor', handler: h.showNew },
    { method: 'post', path: '/recommendations/:id/translations', policy: 'editor', handler: h.create },
    { method: 'get', path: '/recommendations/:id/translations/:language/edit', policy: 'editor', handler: h.showEdit },
    { method: 'post', path: '/recommendations/:id/translations/:language', policy: 'editor', handler: h.update },
    { method: 'post', path: '/recommendations/:id/translations/:language/delete', policy: 'editor', handler: h.remove },
  ];
}
