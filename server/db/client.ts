import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { projectPath } from '../lib/paths';
import * as schema from './schema';
import { registerSearchFunctions } from './search-words';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

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
 * Opens (creating if needed) the SQLite file and sets the connection up:
 * - WAL, so readers never block the writer;
 * - synchronous=NORMAL: in WAL mode this cannot corrupt the database; a power
 *   cut may lose the last transactions before a checkpoint, which we accept for
 *   a much cheaper commit (FULL fsyncs on every commit);
 * - foreign keys on, asserted, because SQLite silently ignores the pragma in some builds;
 * - on the writing connection, temporary data in memory: each save in a grouped
 *   commit is a savepoint, and SQLite keeps the pages a savepoint may have to
 *   restore in a temporary file otherwise (a fifth of a status update's save,
 *   measured). The export, which sorts every row, reads on a connection of its
 *   own that keeps the default (a large sort spills to disk, not memory);
 * - a 5 s busy timeout so a second process (backup, seed) waits instead of failing.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    sqlite.pragma('busy_timeout = 5000');
    // The word index's triggers call search_words() on every write of a title, a text or a note.
    registerSearchFunctions(sqlite);
    if (!options.readonly) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('temp_store = MEMORY');
    }
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    // CASE: a second, read-only connection to a file the app already checked at start-up skips
    // the check, which reads the whole file (seconds on a large tracker) and would stall every export.
    if (!options.readonly && !sqlite.memory) {
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
  return drizzle(sqlite, { schema }) as Db;
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
 * What a write runs against inside writeTransaction: the connection itself.
 * better-sqlite3 is synchronous, so nothing else can run on the connection
 * while the transaction is open.
 */
export type Tx = Db;

let localWrites = 0;

/**
 * Runs a write in one transaction (a savepoint when one is already open), and
 * marks cached read models as stale. BEGIN IMMEDIATE takes the write lock up
 * front (waiting up to busy_timeout), where a deferred transaction that reads
 * first would fail at once with SQLITE_BUSY if another process wrote meanwhile.
 *
 * The statements are prepared once per connection: drizzle's and
 * better-sqlite3's transaction helpers build new wrapper objects on every call,
 * and a status update runs two of them nested in its group's commit.
 */
export function writeTransaction<T>(db: Db, fn: (tx: Tx) => T): T {
  const sqlite = db.$client;
  const control = transactionControl(sqlite);
  const nested = sqlite.inTransaction;
  (nested ? control.savepoint : control.begin).run();
  try {
    const result = fn(db);
    if (result instanceof Promise) throw new TypeError('A write transaction cannot wait: its function must not return a promise');
    (nested ? control.release : control.commit).run();
    return result;
  } catch (error) {
    // CASE: after some errors (a full disk) SQLite has already rolled the whole transaction back.
    if (sqlite.inTransaction) {
      if (nested) {
        control.rollbackTo.run();
        control.release.run();
      } else {
        control.rollback.run();
      }
    }
    throw error;
  } finally {
    localWrites++;
  }
}

const controls = new WeakMap<Database.Database, Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo', Database.Statement>>();

function transactionControl(sqlite: Database.Database) {
  let control = controls.get(sqlite);
  if (!control) {
    control = {
      begin: sqlite.prepare('BEGIN IMMEDIATE'),
      commit: sqlite.prepare('COMMIT'),
      rollback: sqlite.prepare('ROLLBACK'),
      savepoint: sqlite.prepare('SAVEPOINT write'),
      release: sqlite.prepare('RELEASE write'),
      rollbackTo: sqlite.prepare('ROLLBACK TO write'),
    };
    controls.set(sqlite, control);
  }
  return control;
}

/**
 * Changes whenever this process has written through writeTransaction or another
 * connection (a second process, the seed script) has committed: the key under
 * which cached read models stay valid.
 */
export function dataStamp(db: Db): string {
  return `${localWrites}:${otherCommits(db)}`;
}

/**
 * Changes whenever another connection has committed. Asking SQLite reads the
 * WAL index (about 50 µs, on every cached page), so that answer is reused for
 * a few milliseconds: another process's commit shows that late.
 */
export function otherCommits(db: Db): number {
  let version = dataVersions.get(db.$client);
  if (!version) {
    version = { statement: db.$client.prepare('PRAGMA data_version').pluck(), value: 0, askedAt: -Infinity };
    dataVersions.set(db.$client, version);
  }
  const now = performance.now();
  if (now - version.askedAt > OTHER_WRITERS_CHECK_MS) {
    version.value = version.statement.get() as number;
    version.askedAt = now;
  }
  return version.value;
}

export const OTHER_WRITERS_CHECK_MS = 20;
const dataVersions = new WeakMap<Database.Database, { statement: Database.Statement; value: number; askedAt: number }>();

/**
 * SQLite changes a table's constraints by rebuilding it (create, copy, drop,
 * rename), and with foreign keys on, dropping a parent table would run its
 * ON DELETE actions on the children. So, as SQLite's own procedure has it,
 * keys are off while migrating (the pragma does nothing inside the migrator's
 * transaction, so it is set around it) and every key is checked before they
 * are back on.
 */
export function migrateDatabase(db: Db): void {
  const sqlite = db.$client;
  sqlite.pragma('foreign_keys = OFF');
  try {
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    const broken = sqlite.pragma('foreign_key_check') as { table: string }[];
    if (broken.length > 0) throw new Error(`A migration left ${broken.length} broken references (first in ${broken[0]!.table}).`);
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}

export function closeDatabase(db: Db): void {
  if (db.$client.open) db.$client.close();
}
