import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../server/db/client';
import type { WriteTx } from '../../server/db/commit';
import { themes } from '../../server/db/schema';

/**
 * Compiled by `npm run typecheck`, never run: what a reader (a handler, a
 * query, a view model, a cache) can and cannot do with the Db it is given.
 * Each @ts-expect-error fails the type check if the line below it compiles.
 */
export function readerCannotWrite(db: Db, tx: WriteTx): void {
  db.select().from(themes).all();

  // @ts-expect-error a reader cannot insert
  db.insert(themes).values({ name: 'x' }).run();
  // @ts-expect-error a reader cannot update
  db.update(themes).set({ name: 'x' }).where(eq(themes.id, 1)).run();
  // @ts-expect-error a reader cannot delete
  db.delete(themes).run();
  // @ts-expect-error a reader cannot run SQL
  db.run(sql`DELETE FROM themes`);
  // @ts-expect-error nor read SQL of its own through the builder's escape hatches, which could write
  db.all(sql`DELETE FROM themes RETURNING id`);
  // @ts-expect-error a reader cannot reach the connection
  void db.$client;
  // @ts-expect-error a reader cannot open a transaction
  db.transaction(() => undefined);
  // @ts-expect-error a CTE's builder would lead to insert, update and delete
  db.with();

  // A write, inside commit(), has the whole builder, reads included, but opens no transaction of its own.
  tx.insert(themes).values({ name: 'x' }).run();
  tx.select().from(themes).all();
  const reads: Db = tx;
  void reads;
  // @ts-expect-error a service never opens a transaction
  tx.transaction(() => undefined);
  // @ts-expect-error nor reaches the connection
  void tx.$client;
}
