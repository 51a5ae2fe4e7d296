import type { Db } from '../db/client';
import { seeOther } from '../lib/render';
import type { RouteDef } from '../lib/routes';
import { createRecommendationHandlers } from './handlers';

export function recommendationRoutes(db: Db): RouteDef[] {
  const h = createRecommendationHandlers(db);
  return [
    { method: 'get', path: '/', policy: 'viewer', handler: (_req, res) => seeOther(res, '/recommendations') },
    { method: 'get', path: '/recommendations', policy: 'viewer', cached: true, handler: h.list },
    { method: 'get', path: '/recommendations/new', policy: 'editor', handler: h.showNew },
    { method: 'get', path: '/recommendations/parent-field', policy: 'editor', handler: h.parentField },
    { method: 'post', path: '/recommendations', policy: 'editor', handler: h.create },
    { method: 'get', path: '/recommendations/:id', policy: 'viewer', cached: true, handler: h.show },
    { method: 'get', path: '/recommendations/:id/edit', policy: 'editor', handler: h.showEdit },
    { method: 'post', path: '/recommendations/:id', policy: 'editor', handler: h.update },
    { method: 'get', path: '/recommendations/:id/status', policy: 'editor', handler: h.showStatusForm },
    { method: 'post', path: '/recommendations/:id/status', policy: 'editor', handler: h.updateStatus },
    { method: 'get', path: '/recommendations/:id/row', policy: 'viewer', handler: h.showRow },
    { method: 'get', path: '/recommendations/:id/notes/new', policy: 'editor', handler: h.showNoteForm },
    { method: 'post', path: '/recommendations/:id/notes', policy: 'editor', handler: h.addNote },
    { method: 'post', path: '/recommendations/:id/updates', policy: 'editor', handler: h.addUpdate },
  ];
}
