import type Database from 'better-sqlite3';
import { sqliteOf, type Db } from './client';

/**
 * Drizzle queries prepared once per connection. Building a query and preparing
 * its statement costs far more than running it; the detail page's fixed-shape
 * queries are prepared on first use, with placeholders for their parameters.
 * `db` is a Db (reads) or a WriteTx (writes): each has its own connection.
 */
const statements = new WeakMap<Database.Database, Map<string, unknown>>();

export function prepared<T>(db: Db, name: string, build: () => T): T {
  const connection = sqliteOf(db);
  let forConnection = statements.get(connection);
  if (!forConnection) {
    forConnection = new Map();
    statements.set(connection, forConnection);
  }
  let statement = forConnection.get(name) as T | undefined;
  if (statement === undefined) {
    statement = build();
    forConnection.set(name, statement);
  }
  return statement;
}
