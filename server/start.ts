import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { count } from 'drizzle-orm';
import { createApp } from './app';
import { ensureAdmin } from './auth/users';
import { startCheckpointer } from './db/checkpointer';
import { closeDatabase, migrateDatabase, openDatabase, type Db } from './db/client';
import { recommendations } from './db/schema';
import { runDataMigrations } from './db/seed-corrections';
import { runLifecycleSeed } from './db/lifecycle-seed';
import type { Env } from './env';
import { resolveSessionSecret } from './lib/session-secret';
import { seedData } from '../seed/data';
import { loadSeed } from '../seed/load';

/**
 * Start-up and shut-down, separate from the process entry point so tests can
 * start the real server on port 0 and stop it again.
 */
export interface RunningServer {
  server: Server;
  db: Db;
  url: string;
  stop(): Promise<void>;
}

export async function prepareDatabase(env: Env, logger: Logger): Promise<Db> {
  const db = openDatabase(env.DATABASE_PATH);
  migrateDatabase(db);
  const corrected = await runDataMigrations(db);
  if (corrected) logger.info(corrected);
  const lifecycles = await runLifecycleSeed(db);
  if (lifecycles) logger.info(lifecycles);
  if (env.SEED_ON_EMPTY && (db.select({ n: count() }).from(recommendations).get()?.n ?? 0) === 0) {
    const report = await loadSeed(db, seedData);
    logger.info({ ...report }, 'database was empty: loaded the seed data');
  }
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    const outcome = await ensureAdmin(db, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD, name: env.ADMIN_NAME });
    if (outcome !== 'present') logger.info({ email: env.ADMIN_EMAIL, outcome }, 'admin account from ADMIN_EMAIL');
  }
  return db;
}

export async function startServer(
  env: Env,
  logger = pino({ level: env.LOG_LEVEL, timestamp: pino.stdTimeFunctions.isoTime }),
): Promise<RunningServer> {
  const db = await prepareDatabase(env, logger);
  const checkpointer = startCheckpointer(db, logger);
  const { app, sessions } = createApp({
    db,
    logger,
    sessionSecret: resolveSessionSecret(env.SESSION_SECRET, env.DATABASE_PATH),
    cookieSecure: env.COOKIE_SECURE,
    trustProxy: env.TRUST_PROXY,
    staleAfterDays: env.STALE_AFTER_DAYS,
    dormantGraceDays: env.DORMANT_GRACE_DAYS,
    publicUrl: env.PUBLIC_URL,
    sessionIdleMs: env.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: env.SESSION_ABSOLUTE_HOURS * 3_600_000,
  });
  await sessions.prune();
  const pruneTimer = setInterval(() => sessions.prune().catch((error: unknown) => logger.warn({ err: error }, 'expired sessions could not be pruned')), 10 * 60 * 1000).unref();
  const headersTimeout = env.HEADERS_TIMEOUT_SECONDS * 1000;
  const server = http.createServer(
    {
      headersTimeout,
      requestTimeout: env.REQUEST_TIMEOUT_SECONDS * 1000,
      keepAliveTimeout: env.KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
      // Node enforces the first two on this interval. Its default, 30 s, let a 10 s headers limit run to 40 s; a
      // limit is now at most a quarter late, or a second.
      connectionsCheckingInterval: Math.min(1000, headersTimeout / 4),
    },
    app,
  );
  await new Promise<void>((resolve) => server.listen(env.PORT, env.HOST, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  logger.info({ url, database: env.DATABASE_PATH }, 'tracker listening');

  return {
    server,
    db,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        clearInterval(pruneTimer);
        // Requests in flight finish; a keep-alive connection is closed as soon as
        // its response is out, instead of lingering until its timeout.
        const sweeper = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearInterval(sweeper);
          // The worker's connection closes first, so that the server's, the last, removes the log.
          void checkpointer.stop().then(() => {
            closeDatabase(db);
            resolve();
          });
        });
        server.closeIdleConnections();
      }),
  };
}
