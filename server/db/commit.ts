import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { timeSlices } from '../lib/concurrency';
import { sqliteOf, writerOf, type Db, type Writer } from './client';
import type * as schema from './schema';

/**
 * The one way to write (docs/decisions/0009-one-write-path.md). Every write,
 * from a form, the import, an admin page, the session store, the seed or a
 * data migration, is a function given to commit(), which runs it on the
 * writing connection inside a savepoint of a grouped commit and then moves the
 * data stamp that every cache asks.
 */

/**
 * What a write runs against: the whole query builder on the writing
 * connection, inside its caller's savepoint. Services take one and never open
 * transactions.
 */
export type WriteTx = Omit<BetterSQLite3Database<typeof schema>, '$client' | 'transaction'> & {
  /**
   * Lets other requests run if this write has worked for a slice since it last
   * did, keeping the write transaction: other commits wait, reads go on
   * (they see the data as it was before this commit).
   */
  pause(): Promise<void>;
};

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Pending {
  write: (tx: WriteTx) => unknown;
  settle: (outcome: Outcome) => void;
}

interface Queue {
  waiting: Pending[];
  busy: boolean;
  /** Commits this process has made (or tried): half of the data stamp. */
  commits: number;
  control: Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo', Database.Statement>;
}

const queues = new WeakMap<Writer, Queue>();

/**
 * Runs `write` in the next commit, together with the writes of the other
 * callers that arrive in the same turn of the event loop, and resolves once
 * that commit is written to the log. Each caller's write is one savepoint: one
 * that throws is undone and rejected alone. If the commit itself fails, every
 * write in it is rejected.
 *
 * Why grouped: a commit costs about as much again as the statements of a
 * status update, and analysts saving at the same moment would otherwise each
 * pay for one. Why BEGIN IMMEDIATE: it takes the write lock up front (waiting
 * up to busy_timeout for another process), where a deferred transaction that
 * reads first would fail at once with SQLITE_BUSY.
 *
 * A write may return a promise and await `tx.pause()` (the import's thousands
 * of rows): the commits that arrive meanwhile wait for the next group. It must
 * await nothing else: the write lock is held until it ends.
 */
export function commit<T>(db: Db, write: (tx: WriteTx) => T | Promise<T>): Promise<T> {
  const writer = writerOf(db);
  if (!writer) return Promise.reject(new Error('This database was opened read-only: it cannot be written'));
  const queue = queueOf(writer);
  return new Promise<T>((resolve, reject) => {
    queue.waiting.push({ write, settle: (o) => (o.ok ? resolve(o.value as T) : reject(o.error)) });
    if (queue.waiting.length === 1 && !queue.busy) setImmediate(() => void commitGroup(writer, queue));
  });
}

async function commitGroup(writer: Writer, queue: Queue): Promise<void> {
  const group = queue.waiting.splice(0);
  if (group.length === 0) return;
  queue.busy = true;
  const { sqlite } = writer;
  const { control } = queue;
  let outcomes: Outcome[] = [];
  try {
    control.begin.run();
    try {
      for (const pending of group) outcomes.push(await inSavepoint(writer, queue, pending.write));
      control.commit.run();
    } catch (error) {
      // CASE: after some errors (a full disk) SQLite has already rolled the whole transaction back.
      if (sqlite.inTransaction) control.rollback.run();
      throw error;
    }
  } catch (error) {
    outcomes = group.map(() => ({ ok: false, error }));
  } finally {
    queue.commits++;
    queue.busy = false;
  }
  group.forEach((pending, i) => pending.settle(outcomes[i]!));
  if (queue.waiting.length > 0) setImmediate(() => void commitGroup(writer, queue));
}

/** One caller's write. Only a write that returns a promise lets other requests run before the group commits. */
async function inSavepoint(writer: Writer, queue: Queue, write: (tx: WriteTx) => unknown): Promise<Outcome> {
  const { control } = queue;
  control.savepoint.run();
  try {
    const tx = Object.assign(Object.create(writer.drizzle) as WriteTx, { pause: timeSlices() });
    let value = write(tx);
    if (value instanceof Promise) value = await value;
    control.release.run();
    return { ok: true, value };
  } catch (error) {
    // CASE: the whole transaction is gone (a full disk): the group fails with that cause.
    if (!writer.sqlite.inTransaction) throw error;
    control.rollbackTo.run();
    control.release.run();
    return { ok: false, error };
  }
}

/** Prepared once per connection: drizzle's and better-sqlite3's transaction helpers build new wrappers on every call. */
function queueOf(writer: Writer): Queue {
  let queue = queues.get(writer);
  if (!queue) {
    const { sqlite } = writer;
    queue = {
      waiting: [],
      busy: false,
      commits: 0,
      control: {
        begin: sqlite.prepare('BEGIN IMMEDIATE'),
        commit: sqlite.prepare('COMMIT'),
        rollback: sqlite.prepare('ROLLBACK'),
        savepoint: sqlite.prepare('SAVEPOINT write'),
        release: sqlite.prepare('RELEASE write'),
        rollbackTo: sqlite.prepare('ROLLBACK TO write'),
      },
    };
    queues.set(writer, queue);
  }
  return queue;
}

/**
 * The one invalidation of every cache (the current user, read models, pages):
 * changes whenever this process has committed through commit() or another
 * connection (a second process, the seed script) has.
 */
export function dataStamp(db: Db): string {
  const writer = writerOf(db);
  return `${writer ? queueOf(writer).commits : 0}:${otherCommits(db)}`;
}

/**
 * Changes whenever another process has committed. Asked of the writing
 * connection, which only commit() uses, so this process's own commits do not
 * count twice. Asking SQLite reads the WAL index (about 50 µs, on every cached
 * page), so that answer is reused for a few milliseconds: another process's
 * commit shows that late.
 */
export function otherCommits(db: Db): number {
  const sqlite = writerOf(db)?.sqlite ?? sqliteOf(db);
  let version = dataVersions.get(sqlite);
  if (!version) {
    version = { statement: sqlite.prepare('PRAGMA data_version').pluck(), value: 0, askedAt: -Infinity };
    dataVersions.set(sqlite, version);
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
 * What every cache kept until the next write asks (the current user's, the
 * read models', the pages'): has the data changed since I last asked? They
 * all follow the one data stamp, so no cache can outlive a commit another
 * one has seen.
 */
export class DataWatch {
  private seen = '';

  constructor(private readonly db: Db) {}

  /** True once after each change to the data (and on the first question). */
  changed(): boolean {
    const stamp = dataStamp(this.db);
    if (stamp === this.seen) return false;
    this.seen = stamp;
    return true;
  }

  /** The stamp as last seen: a value computed now is valid while dataStamp() still gives it. */
  get stamp(): string {
    return this.seen;
  }
}
