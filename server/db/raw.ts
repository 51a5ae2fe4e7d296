import type { SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { Db } from './client';

const dialect = new SQLiteSyncDialect();

/**
 * A query's rows as arrays, one at a time, straight from better-sqlite3: for
 * reads of a hundred thousand rows, where building an object per row (and
 * drizzle's mapping of it) costs more than the query.
 */
export function iterateRows(db: Db, query: SQL): IterableIterator<unknown[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return db.$client.prepare(text).raw().iterate(...params) as IterableIterator<unknown[]>;
}
