import type { Db } from '../db/client';
import type { RouteDef } from '../lib/routes';
import { createAuthHandlers, type AuthCookies } from './handlers';
import { createInvitationHandlers } from './invitation-handlers';

export function authRoutes(db: Db, cookies: AuthCookies): RouteDef[] {
  const h = createAuthHandlers(db, cookies);
  const invitation = createInvitationHandlers(db);
  return [
    { method: 'get', path: '/login', policy: 'public', handler: h.showLogin },
    { method: 'post', path: '/login', policy: 'public', handler: h.login },
    { method: 'post', path: '/logout', policy: 'viewer', handler: h.logout },
    { method: 'get', path: '/setup', policy: 'public', handler: h.showSetup },
    { method: 'post', path: '/setup', policy: 'public', handler: h.setup },
    { method: 'get', path: '/invitations/:token', policy: 'public', handler: invitation.show },
    { method: 'post', path: '/invitations/:token', policy: 'public', handler: invitation.accept },
  ];
}
