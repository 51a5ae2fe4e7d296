import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import Handlebars from 'handlebars';
import request from 'supertest';
import type { Express } from 'express';
import { createApp, type AppOptions } from '../server/app';
import { createUser } from '../server/auth/users';
import { closeDatabase, migrateDatabase, openDatabase, rawWriter, type Db } from '../server/db/client';
import { OTHER_WRITERS_CHECK_MS, type WriteTx } from '../server/db/commit';
import * as schema from '../server/db/schema';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { UserRole } from '../server/domain/vocabulary';
import type { RouteDef } from '../server/lib/routes';
import type { SqliteSessionStore } from '../server/auth/session-store';
import { loadSeed } from '../seed/load';
import { seedData } from '../seed/data';

/**
 * The one test harness: every test file gets its own temporary, migrated
 * SQLite file and its own app, so files never share state.
 */
export interface TestContext {
  app: Express;
  db: Db;
  /** The writing connection, for a test's set-up and checks in plain SQL: its writes move no data stamp, as another process's would not at once. */
  sqlite: Database.Database;
  /**
   * The query builder and the services on the writing connection, each statement
   * committed at once: for a test's fixtures. Like `sqlite`, it moves no data
   * stamp; what a test checks is written through the app (or commit()).
   */
  tx: WriteTx;
  routes: RouteDef[];
  sessions: SqliteSessionStore;
  dir: string;
  databasePath: string;
  close(): void;
}

export async function createTestContext(
  options: { seed?: boolean; app?: Partial<Omit<AppOptions, 'db'>> } = {},
): Promise<TestContext> {
  {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-test-'));
    const databasePath = path.join(dir, 'test.sqlite');
    const db = openDatabase(databasePath);
    migrateDatabase(db);
    if (options.seed) await loadSeed(db, seedData);
    const { app, routes, sessions } = createApp({
      db,
      logger: pino({ level: 'silent' }),
      sessionSecret: 'test-secret-test-secret-test-secret-0123',
      cookieSecure: false,
      ...options.app,
    });
    return {
      app,
      db,
      sqlite: rawWriter(db),
      tx: fixtureWriter(db),
      routes,
      sessions,
      dir,
      databasePath,
      close() {
        closeDatabase(db);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

export function fixtureWriter(db: Db): WriteTx {
  return Object.assign(drizzle(rawWriter(db), { schema }), { pause: () => Promise.resolve() });
}

export const PASSWORD = 'a-long-test-password';

/**
 * Runs `sql` through a connection of its own, as an operator with sqlite3 or a
 * second process would, and waits until the app can have noticed the commit.
 */
export async function writeAsAnotherProcess(ctx: TestContext, sql: string, ...params: unknown[]): Promise<void> {
  const other = new Database(ctx.databasePath);
  try {
    other.prepare(sql).run(...params);
  } finally {
    other.close();
  }
  await new Promise((resolve) => setTimeout(resolve, OTHER_WRITERS_CHECK_MS + 10));
}

let counter = 0;
export async function makeUser(db: Db, role: UserRole, overrides: { email?: string; name?: string } = {}) {
  counter += 1;
  const email = overrides.email ?? `${role}${counter}@example.org`;
  const user = await createUser(db, { name: overrides.name ?? `Test ${role} ${counter}`, email, password: PASSWORD, role });
  return { ...user, password: PASSWORD };
}

export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token in the page');
  return match[1];
}

/** A signed-in browser-like agent, with the CSRF token of its session. */
export async function signIn(app: Express, email: string, password = PASSWORD) {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  const login = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), email, password });
  if (login.status !== 303) throw new Error(`sign-in failed with ${login.status}`);
  const home = await agent.get('/recommendations');
  return { agent, csrf: csrfFrom(home.text) };
}

export async function signInAs(ctx: TestContext, role: UserRole) {
  const user = await makeUser(ctx.db, role);
  return { user, ...(await signIn(ctx.app, user.email)) };
}

export type Agent = ReturnType<typeof request.agent>;
export type FormValues = Record<string, string | string[] | undefined>;

/** HTML-escapes as the templates do, to look for user text in a page. */
export const esc = (text: string) => Handlebars.escapeExpression(text);

/** URL-encodes a form as a browser does: a multi-select sends its name once per chosen option. */
export function encodeForm(values: FormValues): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  return params.toString();
}

export function postForm(agent: Agent, url: string, values: FormValues) {
  return agent.post(url).type('form').send(encodeForm(values));
}

/** A download read whole as bytes, whatever its type (supertest would parse only text), and as UTF-8 text. */
export async function download(agent: Agent, url: string, headers: Record<string, string> = {}): Promise<{ res: request.Response; bytes: Buffer; text: string }> {
  const res = await agent
    .get(url)
    .set(headers)
    .buffer(true)
    .parse((stream, done) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => done(null, Buffer.concat(chunks)));
    });
  const bytes = res.body as Buffer;
  return { res, bytes, text: bytes.toString('utf8') };
}

/** A pino logger whose JSON lines are kept in memory, to assert what the logs say. */
export function capturingLogger(): { logger: pino.Logger; lines: () => Record<string, unknown>[]; raw: () => string } {
  let text = '';
  const logger = pino({ level: 'info' }, { write: (chunk: string) => void (text += chunk) });
  return {
    logger,
    raw: () => text,
    lines: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/**
 * Signs in over a real socket (for tests that hold requests open or time them, where supertest's agent cannot go):
 * the session cookie, to send as the `cookie` header.
 */
export async function sessionCookieOverHttp(base: string, email: string, password = PASSWORD): Promise<string> {
  const cookieOf = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))!.split(';')[0]!;
  const page = await fetch(`${base}/login`);
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookieOf(page, 'tracker.csrf'), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfFrom(await page.text()), email, password }).toString(),
  });
  if (login.status !== 303) throw new Error(`sign-in failed with ${login.status}`);
  return cookieOf(login, 'tracker.sid');
}

/**
 * The app's route table, read synchronously (on a database of its own) so that
 * tests can generate named cases from it before any context is ready.
 */
export function declaredRoutes(): RouteDef[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-routes-'));
  const db = openDatabase(path.join(dir, 'routes.sqlite'));
  try {
    migrateDatabase(db);
    return createApp({ db, logger: pino({ level: 'silent' }), sessionSecret: 'x'.repeat(40), cookieSecure: false }).routes;
  } finally {
    closeDatabase(db);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
