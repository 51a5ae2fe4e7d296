import path from 'node:path';
import express, { type Express } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Db } from './db/client';
import { adminRoutes } from './admin/routes';
import { boardRoutes } from './board/routes';
import { loadCurrentUser } from './auth/current-user';
import { authRoutes } from './auth/routes';
import { SqliteSessionStore } from './auth/session-store';
import { healthRoutes } from './health/routes';
import { importRoutes } from './import/routes';
import { isUploadRequest } from './import/upload';
import { compress } from './lib/compress';
import { csrfSyncWithoutAnonymousSessions } from './lib/csrf';
import { errorHandler, notFound } from './lib/error-handler';
import { loggablePath } from './lib/security-log';
import { flashView } from './lib/flash';
import { applySavedLanguage, chooseLanguage } from './lib/language-choice';
import { languageRoutes } from './language/routes';
import { navItems } from './lib/nav';
import { mountRoutes, RoutePolicies, type RouteDef } from './lib/routes';
import { PageCache } from './lib/page-cache';
import { projectPath } from './lib/paths';
import { views } from './lib/templates';
import { partyRoutes } from './parties/routes';
import { recommendationRoutes } from './recommendations/routes';
import { referenceRoutes } from './reference/routes';
import { mechanismActivityRoutes } from './mechanisms/routes';
import { reportRoutes } from './reports/routes';
import { translationRoutes } from './translations/routes';
import { uptakeRoutes } from './uptake/routes';

export interface AppOptions {
  db: Db;
  logger: Logger;
  sessionSecret: string;
  cookieSecure: boolean;
  trustProxy?: string;
  staleAfterDays?: number;
  /** Days past its cadence before a mechanism without a meeting is dormant (server/domain/dormancy.ts). */
  dormantGraceDays?: number;
  sessionIdleMs?: number;
  sessionAbsoluteMs?: number;
  /** The address users reach the app at, for absolute links in exports; else taken from each request. */
  publicUrl?: string;
  /** Today's date (YYYY-MM-DD) for the reports' periods: the clock, unless a test names the day. */
  today?: () => string;
}

const PUBLIC_DIR = projectPath('public');
const HTMX_DIR = path.dirname(require.resolve('htmx.org/dist/htmx.min.js'));

/** htmx settings, passed in a meta tag: no eval, no inline scripts, no history in localStorage, and 4xx forms swapped in. */
export const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  allowScriptTags: false,
  selfRequestsOnly: true,
  includeIndicatorStyles: false,
  historyCacheSize: 0,
  refreshOnHistoryMiss: true,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '422', swap: true },
    { code: '409', swap: true },
    { code: '[45]..', swap: false, error: true },
  ],
});

export function createApp(options: AppOptions): { app: Express; routes: RouteDef[]; sessions: SqliteSessionStore } {
  const { db, logger } = options;
  const app = express();
  // Compiled now, so that a broken template stops start-up instead of a request.
  views();
  app.set('trust proxy', options.trustProxy ?? false);
  app.set('query parser', 'simple');
  app.disable('x-powered-by');
  // Pages are never stored by browsers (no-store), so an ETag (a hash of every body sent) buys nothing; static files keep theirs.
  app.set('etag', false);

  // Request lines are written at info level. Below it pino-http would still build a child logger for every
  // request and never write a line, so it is not mounted and req.log is the app's logger.
  if (logger.isLevelEnabled('info')) {
    app.use(
      pinoHttp({
        logger,
        autoLogging: { ignore: (req) => req.url === '/healthz' },
        // Requests are logged by method, path and status only: never cookies, tokens or bodies.
        serializers: {
          req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: loggablePath(req.url) }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
      }),
    );
  } else {
    // Every request's req.log, without a middleware: the request prototype carries it.
    app.request.log = logger;
  }
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          upgradeInsecureRequests: options.cookieSecure ? [] : null,
        },
      },
      referrerPolicy: { policy: 'same-origin' },
      strictTransportSecurity: options.cookieSecure,
    }),
  );
  // A missing static file is a 404 here, not a request that goes on to the session and a second compression.
  app.use('/static', compress);
  app.use('/static/htmx', express.static(HTMX_DIR, { index: false, maxAge: '1d', fallthrough: false }));
  app.use('/static', express.static(PUBLIC_DIR, { index: false, maxAge: '1h', fallthrough: false }));

  // Routes go straight on the app's router: a nested router would add its own dispatch to every request.
  const routes: RouteDef[] = [];
  const health = healthRoutes(db);
  mountRoutes(app.router, health);
  routes.push(...health);

  const formBody = express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 1000 });
  // The CSV upload's body is read by its route alone, after the role and token checks (server/import/upload.ts).
  // ── i18n: the request's interface language, chosen before the body is read, so that a body refused as too large is answered in it ──
  app.use(chooseLanguage(options.cookieSecure));
  app.use((req, res, next) => (isUploadRequest(req) ? next() : formBody(req, res, next)));

  const idleMs = options.sessionIdleMs ?? 30 * 60 * 1000;
  const sessions = new SqliteSessionStore(db, idleMs);
  // The __Host- prefix pins the cookie to this host and path, over HTTPS only.
  const cookieName = options.cookieSecure ? '__Host-tracker.sid' : 'tracker.sid';
  // A browser-session cookie (no expiry, so it goes when the browser closes), set once at sign-in; the idle and
  // absolute timeouts are kept by the server, in the store's expiry and loadCurrentUser. A rolling cookie would
  // be signed and sent again with every response for nothing.
  app.use(
    session({
      name: cookieName,
      secret: options.sessionSecret,
      store: sessions,
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: options.cookieSecure, path: '/' },
    }),
  );

  const { csrfSynchronisedProtection, generateToken, isRequestValid } = csrfSyncWithoutAnonymousSessions(options.cookieSecure, {
    getTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined ?? req.get('x-csrf-token'),
    // The upload checks its token itself: in a multipart body, the token field is only there once the route reads it.
    skipCsrfProtection: isUploadRequest,
  });
  app.use(csrfSynchronisedProtection);
  app.use(loadCurrentUser(db, options.sessionAbsoluteMs ?? 12 * 60 * 60 * 1000));
  app.use(applySavedLanguage());
  // Read from the route tables, which are all mounted by the first request.
  let policies: RoutePolicies | undefined;
  app.use((req, res, next) => {
    res.locals.csrfToken = generateToken(req);
    policies ??= new RoutePolicies(routes);
    res.locals.routePolicies = policies;
    const role = res.locals.user?.role;
    if (role) res.locals.nav = navItems(req.path, (href) => policies!.allows(role, `GET ${href}`));
    res.locals.htmxConfig = HTMX_CONFIG;
    res.locals.flash = flashView(req.session.flash);
    delete req.session.flash;
    // ── list: the status just changed from a list row or card, named beside that item (read once, like the flash) ──
    res.locals.savedStatus = req.session.savedStatus;
    delete req.session.savedStatus;
    if (res.locals.user) res.set('Cache-Control', 'no-store');
    next();
  });
  const pageCache = new PageCache(db);
  app.use(pageCache.serve());

  const authCookies = { sessionCookie: cookieName, secret: options.sessionSecret, secure: options.cookieSecure };
  for (const table of [authRoutes(db, authCookies), recommendationRoutes(db), partyRoutes(db), referenceRoutes(db, options.dormantGraceDays ?? 90), mechanismActivityRoutes(db), boardRoutes(db, options.staleAfterDays ?? 180, options.dormantGraceDays ?? 90), reportRoutes(db, options.publicUrl, options.today, options.dormantGraceDays ?? 90), importRoutes(db, isRequestValid), adminRoutes(db, sessions, options.publicUrl), languageRoutes(db, options.cookieSecure)]) {
    mountRoutes(app.router, table, pageCache);
    routes.push(...table);
  }
  // ── datalang ── a recommendation's translations
  const translations = translationRoutes(db);
  mountRoutes(app.router, translations, pageCache);
  routes.push(...translations);
  // ── uptake ── what became of a recommendation
  const uptake = uptakeRoutes(db);
  mountRoutes(app.router, uptake, pageCache);
  routes.push(...uptake);
  app.use(notFound);
  app.use(errorHandler(logger));
  return { app, routes, sessions };
}
