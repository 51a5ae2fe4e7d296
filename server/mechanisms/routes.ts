import type { Db } from '../db/client';
import type { RouteDef } from '../lib/routes';
import { createMechanismActivityHandlers } from './handlers';

/** A mechanism's meetings and lifecycle changes: recorded, corrected and deleted by editors on its page. */
export function mechanismActivityRoutes(db: Db): RouteDef[] {
  const h = createMechanismActivityHandlers(db);
  return [
    { method: 'get', path: '/mechanisms/:id/meetings/new', policy: 'editor', handler: h.newMeeting },
    { method: 'post', path: '/mechanisms/:id/meetings', policy: 'editor', handler: h.createMeeting },
    { method: 'get', path: '/mechanisms/:id/meetings/:meetingId/edit', policy: 'editor', handler: h.editMeeting },
    { method: 'post', path: '/mechanisms/:id/meetings/:meetingId', policy: 'editor', handler: h.updateMeeting },
    { method: 'post', path: '/mechanisms/:id/meetings/:meetingId/delete', policy: 'editor', handler: h.deleteMeeting },
    { method: 'get', path: '/mechanisms/:id/lifecycle/new', policy: 'editor', handler: h.newLifecycleChange },
    { method: 'post', path: '/mechanisms/:id/lifecycle', policy: 'editor', handler: h.createLifecycleChange },
    { method: 'post', path: '/mechanisms/:id/lifecycle/:changeId/delete', policy: 'editor', handler: h.deleteLifecycleChange },
  ];
}
