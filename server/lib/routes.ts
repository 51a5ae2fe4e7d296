import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { UserRole } from '../domain/vocabulary';
import { ForbiddenError } from './errors';
import type { PageCache } from './page-cache';
import { seeOther } from './render';

/**
 * Every route is declared in a table with its access policy; `mountRoutes`
 * puts the policy check in front of the handlers, and a test walks the app's
 * router to make sure no route escaped a policy.
 */
export type Policy = 'public' | 'viewer' | 'editor' | 'admin';

export type Method = 'get' | 'post';

export interface RouteDef {
  method: Method;
  path: string;
  policy: Policy;
  handler: RequestHandler;
  /** A page that reads only: served from the page cache until the next write. */
  cached?: true;
}

const RANK: Record<UserRole, number> = { viewer: 1, editor: 2, admin: 3 };

export function roleSatisfies(role: UserRole, policy: Policy): boolean {
  return policy === 'public' || RANK[role] >= RANK[policy];
}

/**
 * Who may make each declared request, for the pages: a template asks
 * `{{#if (can "POST /recommendations/:id/status")}}` before it offers the
 * link or form, and the answer comes from the route tables, so a page never
 * offers what the route would refuse.
 */
export class RoutePolicies {
  private readonly byRoute = new Map<string, Policy>();

  constructor(routes: readonly RouteDef[]) {
    for (const route of routes) this.byRoute.set(`${route.method.toUpperCase()} ${route.path}`, route.policy);
  }

  /** `route` as "METHOD /path", the path as declared; a route no table declares is a mistake in the template. */
  allows(role: UserRole | undefined, route: string): boolean {
    const policy = this.byRoute.get(route);
    if (policy === undefined) throw new Error(`No route "${route}" is declared`);
    return policy === 'public' || (role !== undefined && roleSatisfies(role, policy));
  }
}

export type PolicyMiddleware = RequestHandler & { policy: Policy };

export function authorize(policy: Policy): PolicyMiddleware {
  const middleware = (req: Request, res: Response, next: NextFunction) => {
    if (policy === 'public') return next();
    const user = res.locals.user;
    if (!user) {
      const next_ = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      // htmx follows HX-Redirect with a full navigation instead of swapping the login page into a region.
      if (req.get('HX-Request') === 'true') {
        res.set('HX-Redirect', `/login${next_}`).status(401).end();
        return;
      }
      return seeOther(res, `/login${next_}`);
    }
    if (!roleSatisfies(user.role, policy)) return next(new ForbiddenError());
    next();
  };
  return Object.assign(middleware, { policy });
}

export function mountRoutes(router: Router, routes: RouteDef[], pageCache?: PageCache): void {
  for (const route of routes) {
    const handlers = route.cached && pageCache ? [pageCache.keep(), route.handler] : [route.handler];
    router[route.method](route.path, authorize(route.policy), ...handlers);
  }
}
