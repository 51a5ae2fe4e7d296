import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { projectPath } from '../lib/paths';
import * as schema from './schema';
import { registerSearchFunctions } from './search-words';

type Drizzle = BetterSQLite3Database<typeof schema>;

/**
 * What handlers, queries, view models and caches receive: the query builder's
 * reads, on a read-only connection. No insert, update, delete or raw SQL: a
 * write outside commit() (server/db/commit.ts) does not compile, and the
 * connection would refuse it anyway.
 */
export type Db = Pick<Drizzle, 'select' | 'selectDistinct' | 'query' | '$with' | '$count'>;

/** The writing connection of a Db, reachable only from server/db/. */
export interface Writer {
  sqlite: Database.Database;
  drizzle: Drizzle;
}

const writers = new WeakMap<Db, Writer>();

/** The writing connection of a Db; none for one opened read-only. */
export function writerOf(db: Db): Writer | undefined {
  return writers.get(db);
}

/** The better-sqlite3 connection under a Db or a WriteTx (server/db/ only). */
export function sqliteOf(db: Db): Database.Database {
  return (db as unknown as { $client: Database.Database }).$client;
}

export const MIGRATIONS_FOLDER = projectPath('migrations');

export class DatabaseOpenError extends Error {
  constructor(file: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `Cannot open the database at ${file}: ${reason}. ` +
        'The file is not a valid SQLite database (corrupt, truncated or another kind of file). ' +
        'It has been left untouched: restore it from a backup or point DATABASE_PATH elsewhere.',
    );
    this.name = 'DatabaseOpenError';
  }
}

/**
 * Opens (creating if needed) the SQLite file on two connections: a read-only
 * one that every read goes through (the Db returned), and the writing one,
 * which only commit() reaches. A read-only Db (an export's own snapshot, a
 * benchmark) has no writing connection. Each connection is set up so:
 * - WAL, so readers never block the writer;
 * - synchronous=NORMAL: in WAL mode this cannot corrupt the database; a power
 *   cut may lose the last transactions before a checkpoint, which we accept for
 *   a much cheaper commit (FULL fsyncs on every commit);
 * - foreign keys on, asserted, because SQLite silently ignores the pragma in some builds;
 * - on the writing connection, temporary data in memory: each save in a grouped
 *   commit is a savepoint, and SQLite keeps the pages a savepoint may have to
 *   restore in a temporary file otherwise (a fifth of a status update's save,
 *   measured). The read-only connections keep the default: the export sorts
 *   every row, and a large sort spills to disk, not memory;
 * - a 5 s busy timeout so a second process (backup, seed) waits instead of failing.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  // CASE: an in-memory database cannot be opened twice, and reads need a connection of their own.
  if (file === ':memory:') throw new Error('The tracker needs a database file: an in-memory database has no second connection to read on');
  if (options.readonly) return drizzle(connect(file, { readonly: true }), { schema });
  const writing = connect(file, { readonly: false });
  let reading: Database.Database;
  try {
    reading = connect(file, { readonly: true });
  } catch (error) {
    writing.close();
    throw error;
  }
  const db = drizzle(reading, { schema });
  writers.set(db, { sqlite: writing, drizzle: drizzle(writing, { schema }) });
  return db;
}

function connect(file: string, options: { readonly: boolean }): Database.Database {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file, { readonly: options.readonly, fileMustExist: options.readonly });
    sqlite.pragma('busy_timeout = 5000');
    // The word index's triggers call search_words() on every write of a title, a text or a note.
    registerSearchFunctions(sqlite);
    if (!options.readonly) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('temp_store = MEMORY');
    }
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    // CASE: the read-only connections open a file the writing one checked at start-up: the check reads the whole file (seconds on a large tracker).
    if (!options.readonly) {
      const check = quickCheck(file);
      if (check !== 'ok') throw new Error(`integrity check failed: ${check}`);
    }
  } catch (error) {
    sqlite?.close();
    throw new DatabaseOpenError(file, error);
  }
  if (sqlite.pragma('foreign_keys', { simple: true }) !== 1) {
    sqlite.close();
    throw new Error('SQLite refused to enable foreign keys');
  }
  return sqlite;
}

const BETTER_SQLITE3 = require.resolve('better-sqlite3');
const QUICK_CHECK_SCRIPT = `
const Database = require(process.argv[1]);
const db = new Database(process.argv[2], { readonly: true, fileMustExist: true });
process.stdout.write(String(db.pragma('quick_check', { simple: true })));
`;

/**
 * SQLite's quick_check, run in a child process: it reads every page of the
 * file, and the memory it takes for that (20 MB on a large tracker) would
 * otherwise stay with the server for its whole life.
 */
function quickCheck(file: string): string {
  const result = spawnSync(process.execPath, ['-e', QUICK_CHECK_SCRIPT, BETTER_SQLITE3, path.resolve(file)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr.split('\n').find((line) => line.includes('Error')) ?? (result.stderr.trim() || 'the check could not run'));
  return result.stdout;
}

/**
 * SQLite changes a table's constraints by rebuilding it (create, copy, drop,
 * rename), and with foreign keys on, dropping a parent table would run its
 * ON DELETE actions on the children. So, as SQLite's own procedure has it,
 * keys are off while migrating (the pragma does nothing inside the migrator's
 * transaction, so it is set around it) and every key is checked before they
 * are back on.
 */
export function migrateDatabase(db: Db): void {
  const writer = writerOf(db);
  if (!writer) throw new Error('A database opened read-only cannot be migrated');
  const { sqlite, drizzle: writing } = writer;
  sqlite.pragma('foreign_keys = OFF');
  try {
    migrate(writing, { migrationsFolder: MIGRATIONS_FOLDER });
    const broken = sqlite.pragma('foreign_key_check') as { table: string }[];
    if (broken.length > 0) throw new Error(`A migration left ${broken.length} broken references (first in ${broken[0]!.table}).`);
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}

/** Connections opened beside a database's own (server/db/reader.ts keeps one for long reads), closed with it. */
const companions = new WeakMap<Db, Db[]>();

export function closeWith(db: Db, companion: Db): void {
  companions.set(db, [...(companions.get(db) ?? []).filter((kept) => sqliteOf(kept).open), companion]);
}

export function closeDatabase(db: Db): void {
  for (const companion of companions.get(db) ?? []) closeDatabase(companion);
  const reading = sqliteOf(db);
  if (reading.open) reading.close();
  const writing = writers.get(db)?.sqlite;
  if (writing?.open) writing.close();
}

/** Answers whether the database answers: the health check's one read. */
export function ping(db: Db): void {
  const sqlite = sqliteOf(db);
  let statement = pings.get(sqlite);
  if (!statement) {
    statement = sqlite.prepare('SELECT 1');
    pings.set(sqlite, statement);
  }
  statement.get();
}

const pings = new WeakMap<Database.Database, Database.Statement>();

/**
 * The writing connection itself, for tools outside the app that write as a
 * second process would (the synthetic data generator, benchmarks, tests'
 * set-up): their writes move no data stamp. The app's code writes only
 * through commit(); test/unit/write-path.test.ts keeps this out of server/ and seed/.
 */
export function rawWriter(db: Db): Database.Database {
  const writer = writerOf(db);
  if (!writer) throw new Error('This database was opened read-only');
  return writer.sqlite;
}
