import { Semaphore, timeSlices } from '../lib/concurrency';
import { closeDatabase, closeWith, openDatabase, sqliteOf, type Db } from './client';

/**
 * A read-only connection of its own, in one read transaction: every read on
 * it sees the data as it was at its first read, however long it takes and
 * whatever is committed meanwhile, and it never holds up the shared read
 * connection (whose reads would otherwise all see that old snapshot).
 */
export interface Snapshot {
  db: Db;
  close(): void;
}

export function openSnapshot(db: Db): Snapshot {
  const reader = openDatabase(sqliteOf(db).name, { readonly: true });
  const sqlite = sqliteOf(reader);
  sqlite.exec('BEGIN');
  return {
    db: reader,
    close: () => {
      if (sqlite.inTransaction) sqlite.exec('COMMIT');
      closeDatabase(reader);
    },
  };
}

/**
 * One long read at a time: they all run on the one main thread, so two
 * together would only make both late, each with a connection and its page
 * cache open meanwhile.
 */
const oneAtATime = new Semaphore(1);

/**
 * A read that takes long enough to stall everyone (the board's history at
 * 100,000 recommendations: half a second) and so pauses now and then for other
 * requests, on a snapshot of its own.
 */
export interface LongRead {
  db: Db;
  /** Lets other requests run if this read has worked for a slice since it last did. */
  pause(): Promise<void>;
}

/**
 * The long reads' connection, kept open between them: opening one costs each
 * read its pragmas and the parse of the schema (milliseconds, on every
 * filtered board). Only one long read runs at a time, so one connection serves
 * them all, each in a read transaction of its own; it closes with the database.
 */
const keptReaders = new WeakMap<Db, Db>();

function keptReader(db: Db): Db {
  let reader = keptReaders.get(db);
  if (!reader || !sqliteOf(reader).open) {
    reader = openDatabase(sqliteOf(db).name, { readonly: true });
    keptReaders.set(db, reader);
    closeWith(db, reader);
  }
  return reader;
}

export function longRead<T>(db: Db, read: (reader: LongRead) => Promise<T>): Promise<T> {
  return oneAtATime.run(async () => {
    const reader = keptReader(db);
    const sqlite = sqliteOf(reader);
    sqlite.exec('BEGIN');
    try {
      return await read({ db: reader, pause: timeSlices() });
    } finally {
      if (sqlite.inTransaction) sqlite.exec('COMMIT');
    }
  });
}
