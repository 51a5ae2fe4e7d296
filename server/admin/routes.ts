import type { Db } from '../db/client';
import type { SqliteSessionStore } from '../auth/session-store';
import type { RouteDef } from '../lib/routes';
import { ENTITIES } from './entities';
import { createAdminHandlers } from './handlers';

export function adminRoutes(db: Db, sessions: SqliteSessionStore, publicUrl?: string): RouteDef[] {
  const h = createAdminHandlers(db, sessions, publicUrl);
  return [
    { method: 'get', path: '/admin', policy: 'admin', handler: h.index },
    { method: 'get', path: '/admin/users', policy: 'admin', handler: h.users },
    { method: 'post', path: '/admin/invitations', policy: 'admin', handler: h.invite },
    { method: 'post', path: '/admin/invitations/:id/revoke', policy: 'admin', handler: h.revokeInvitation },
    { method: 'post', path: '/admin/users/:id', policy: 'admin', handler: h.changeUser },
    ...ENTITIES.flatMap(({ key }): RouteDef[] => [
      { method: 'get', path: `/admin/${key}`, policy: 'admin', handler: h.entityList },
      { method: 'get', path: `/admin/${key}/new`, policy: 'admin', handler: h.entityNew },
      { method: 'post', path: `/admin/${key}`, policy: 'admin', handler: h.entityCreate },
      { method: 'get', path: `/admin/${key}/:id/edit`, policy: 'admin', handler: h.entityEdit },
      { method: 'post', path: `/admin/${key}/:id`, policy: 'admin', handler: h.entityUpdate },
    ]),
  ];
}
