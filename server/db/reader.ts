import { Semaphore, timeSlices } from '../lib/concurrency';
import { closeDatabase, openDatabase, type Db } from './client';

/**
 * One long read at a time: they all run on the one main thread, so two
 * together would only make both late, each with a connection and its page
 * cache open meanwhile.
 */
const oneAtATime = new Semaphore(1);

/**
 * A read that takes long enough to stall everyone (the board's history at
 * 100,000 recommendations: half a second) and so pauses now and then for other
 * requests. It runs on a read-only connection of its own, in one read
 * transaction: the server's connection cannot write while one of its
 * statements is part-way through its rows, and every part of the read sees the
 * data as it was when the read began.
 */
export interface LongRead {
  db: Db;
  /** Lets other requests run if this read has worked for a slice since it last did. */
  pause(): Promise<void>;
}

export function longRead<T>(db: Db, read: (reader: LongRead) => Promise<T>): Promise<T> {
  // CASE: an in-memory database cannot be opened twice; it is small, so its reads run on its own connection without pausing.
  if (db.$client.memory) return read({ db, pause: () => Promise.resolve() });
  return oneAtATime.run(() => readOnItsOwnConnection(db, read));
}

async function readOnItsOwnConnection<T>(db: Db, read: (reader: LongRead) => Promise<T>): Promise<T> {
  const reader = openDatabase(db.$client.name, { readonly: true });
  try {
    reader.$client.exec('BEGIN');
    const result = await read({ db: reader, pause: timeSlices() });
    reader.$client.exec('COMMIT');
    return result;
  } finally {
    closeDatabase(reader);
  }
}
