import type { Db } from './client';

/**
 * Drizzle queries prepared once per connection. Building a query and preparing
 * its statement costs far more than running it; the detail page's fixed-shape
 * queries are prepared on first use, with placeholders for their parameters.
 */
const statements = new WeakMap<Db, Map<string, unknown>>();

export function prepared<T>(db: Db, name: string, build: () => T): T {
  let forDb = statements.get(db);
  if (!forDb) {
    forDb = new Map();
    statements.set(db, forDb);
  }
  let statement = forDb.get(name) as T | undefined;
  if (statement === undefined) {
    statement = build();
    forDb.set(name, statement);
  }
  return statement;
}
