import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { closeDatabase, migrateDatabase, openDatabase, sqliteOf, type Db } from '../../server/db/client';
import { commit } from '../../server/db/commit';
import { allRows, iterateRows } from '../../server/db/raw';
import { longRead } from '../../server/db/reader';
import { themes } from '../../server/db/schema';

describe('A long read', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-long-read-'));
  const db = openDatabase(path.join(dir, 'long-read.sqlite'));
  migrateDatabase(db);
  afterAll(() => {
    closeDatabase(db);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Works for longer than a slice, so that the next pause lets others run. */
  function busy(ms: number) {
    const until = performance.now() + ms;
    while (performance.now() < until);
  }

  test('When it pauses part-way through its rows, then a save goes through meanwhile, and the read still sees the data as it began', async () => {
    await commit(db, (tx) => tx.insert(themes).values([{ name: 'trade' }, { name: 'energy' }, { name: 'ports' }]).run());
    let savedDuringRead = false;
    const seen = await longRead(db, async (reader) => {
      const names: string[] = [];
      for (const [name] of iterateRows(reader.db, sql`SELECT name FROM themes ORDER BY id`)) {
        names.push(name as string);
        if (names.length === 1) {
          // The save a colleague makes while the board is being read.
          setImmediate(() => {
            void commit(db, (tx) => tx.insert(themes).values({ name: 'tourism' }).run()).then(() => (savedDuringRead = true));
          });
          busy(15);
          await reader.pause();
        }
      }
      return { names, countAfterPause: reader.db.select().from(themes).all().length };
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(savedDuringRead).toBe(true);
    expect(seen).toEqual({ names: ['trade', 'energy', 'ports'], countAfterPause: 3 });
    expect(db.select().from(themes).all()).toHaveLength(4);
  });

  test('When the read fails, then the error reaches the caller and its read transaction is ended', async () => {
    let reader: Db | undefined;
    // SQLite's errors may come from another test file's realm (the native module is loaded once per worker), so not toThrow.
    await expect(
      longRead(db, async (r) => {
        reader = r.db;
        allRows(r.db, sql`SELECT * FROM no_such_table`);
        return 0;
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('no such table') });
    expect(sqliteOf(reader!).inTransaction).toBe(false);
  });

  test('When reads follow one another, then they share one connection, and each sees what was saved before it began', async () => {
    const first = await longRead(db, async (reader) => ({ db: reader.db, count: reader.db.select().from(themes).all().length }));
    await commit(db, (tx) => tx.insert(themes).values({ name: 'fisheries' }).run());
    const second = await longRead(db, async (reader) => ({ db: reader.db, count: reader.db.select().from(themes).all().length }));
    expect(second.db).toBe(first.db);
    expect(second.count).toBe(first.count + 1);
  });

  test('When the database closes, then the long reads\' connection closes with it', async () => {
    const other = openDatabase(path.join(dir, 'closing.sqlite'));
    migrateDatabase(other);
    const reader = await longRead(other, async (r) => r.db);
    closeDatabase(other);
    expect(sqliteOf(reader).open).toBe(false);
  });

  test('When two long reads are asked for together, then the second starts once the first has finished', async () => {
    const events: string[] = [];
    const reading = (name: string) => async (reader: { pause(): Promise<void> }) => {
      events.push(`${name} starts`);
      busy(15);
      await reader.pause();
      events.push(`${name} ends`);
    };
    await Promise.all([longRead(db, reading('board')), longRead(db, reading('kanban'))]);
    expect(events).toEqual(['board starts', 'board ends', 'kanban starts', 'kanban ends']);
  });
});
