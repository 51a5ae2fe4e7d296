import type { SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { sqliteOf, type Db } from './client';

/**
 * Reads written with the `sql` template, run on the read-only connection
 * (docs/query-styles.md says when). Parameters are always bound, never
 * spliced into the text.
 */
const dialect = new SQLiteSyncDialect();

function statementOf(db: Db, query: SQL) {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return { statement: sqliteOf(db).prepare(text), params };
}

/**
 * A query's rows as arrays, one at a time, straight from better-sqlite3: for
 * reads of a hundred thousand rows, where building an object per row (and
 * drizzle's mapping of it) costs more than the query.
 */
export function iterateRows(db: Db, query: SQL): IterableIterator<unknown[]> {
  return iterateRowsWithColumns(db, query).rows;
}

/** The same, with the name of each column, for a reader that finds its values by position. */
export function iterateRowsWithColumns(db: Db, query: SQL): { rows: IterableIterator<unknown[]>; columns: string[] } {
  const { statement, params } = statementOf(db, query);
  const raw = statement.raw();
  return { rows: raw.iterate(...params) as IterableIterator<unknown[]>, columns: raw.columns().map((c) => c.name) };
}

/** Every row as an object keyed by column name: for a `sql` read the builder cannot say that returns few rows. */
export function allRows<T>(db: Db, query: SQL): T[] {
  const { statement, params } = statementOf(db, query);
  return statement.all(...params) as T[];
}

/** The first column of every row, straight from better-sqlite3: for the ids of many rows, with no array per row. */
export function firstColumn<T>(db: Db, query: SQL): T[] {
  const { statement, params } = statementOf(db, query);
  return statement.pluck().all(...params) as T[];
}
