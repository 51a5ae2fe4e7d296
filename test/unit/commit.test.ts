import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { closeDatabase, openDatabase, rawWriter, type Db } from '../../server/db/client';
import { commit, dataStamp, type WriteTx } from '../../server/db/commit';
import { allRows } from '../../server/db/raw';

/** The one write path: saves of concurrent requests share one commit, and each still succeeds or fails on its own. */

let dir: string;
let file: string;
let db: Db;
let other: Database.Database;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-commit-'));
  file = path.join(dir, 'tracker.sqlite');
  db = openDatabase(file);
  rawWriter(db).exec(`
    CREATE TABLE parents (id INTEGER PRIMARY KEY);
    CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE,
      parent_id INTEGER REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED);
    INSERT INTO parents (id) VALUES (1);
  `);
  // What another process sees: only what is committed.
  other = new Database(file, { readonly: true });
});

afterEach(() => {
  other.close();
  closeDatabase(db);
  fs.rmSync(dir, { recursive: true, force: true });
});

// Plain SQL on the connection the write runs on: this table is not in the schema.
const insert = (text: string, parentId = 1) => (_tx: WriteTx) => rawWriter(db).prepare('INSERT INTO notes (text, parent_id) VALUES (?, ?)').run(text, parentId).lastInsertRowid;
const committed = () => other.prepare('SELECT text FROM notes ORDER BY id').pluck().all();
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('Writes committed together', () => {
  test('When three requests save in the same turn, then they share one transaction, and each is answered once it is committed', async () => {
    let seenBySecond: { inTransaction: boolean; committedMeanwhile: unknown[] } | undefined;
    const first = commit(db, insert('first'));
    const second = commit(db, (tx) => {
      seenBySecond = { inTransaction: rawWriter(db).inTransaction, committedMeanwhile: committed() };
      return insert('second')(tx);
    });
    const third = commit(db, insert('third'));
    expect(committed()).toEqual([]);
    const ids = await Promise.all([first, second, third]);
    expect(ids.map(Number)).toEqual([1, 2, 3]);
    expect(seenBySecond).toEqual({ inTransaction: true, committedMeanwhile: [] });
    expect(committed()).toEqual(['first', 'second', 'third']);
  });

  test('When one save of a group fails, then only it is undone and rejected; the others are committed', async () => {
    const results = await Promise.allSettled([
      commit(db, insert('first')),
      commit(db, (tx) => {
        insert('partly written')(tx);
        insert('first')(tx); // violates UNIQUE: the whole save is undone, its first row too
      }),
      commit(db, insert('last')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(committed()).toEqual(['first', 'last']);
  });

  test('When the commit itself fails, then every save of the group is rejected and nothing is written', async () => {
    // A deferred foreign key is checked at COMMIT, after every save of the group has run.
    const results = await Promise.allSettled([commit(db, insert('fine')), commit(db, insert('orphan', 99))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(committed()).toEqual([]);
    expect(rawWriter(db).inTransaction).toBe(false);
    await expect(commit(db, insert('after'))).resolves.toBeDefined();
    expect(committed()).toEqual(['after']);
  });

  test('When the disk is full, then SQLite gives up the whole group, and every save in it is rejected with that cause', async () => {
    const sqlite = rawWriter(db);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true }) as number}`);
    const results = await Promise.allSettled([commit(db, insert('small')), commit(db, insert('x'.repeat(20_000)))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    for (const r of results) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_FULL' });
    expect(committed()).toEqual([]);
  });

  test('When saves come in separate turns, then each gets its own commit, and each moves the data stamp', async () => {
    const before = dataStamp(db);
    await commit(db, insert('one'));
    expect(committed()).toEqual(['one']);
    const between = dataStamp(db);
    expect(between).not.toBe(before);
    await commit(db, insert('two'));
    expect(committed()).toEqual(['one', 'two']);
    expect(dataStamp(db)).not.toBe(between);
  });
});

describe('A long write', () => {
  test('When it pauses, then reads go on and see the data as before it, other saves wait for its commit, and the event loop is free', async () => {
    await commit(db, insert('before'));
    const events: string[] = [];
    const long = commit(db, async (tx) => {
      for (let i = 0; i < 5; i++) {
        insert(`row ${i}`)(tx);
        busy(15);
        await tx.pause();
      }
      events.push('long committed');
    });
    const read = new Promise<unknown[]>((resolve) =>
      setTimeout(() => {
        events.push('read');
        resolve(allRows<{ text: string }>(db, sql`SELECT text FROM notes ORDER BY id`).map((r) => r.text));
      }, 1),
    );
    await new Promise((resolve) => setTimeout(resolve, 1));
    const save = commit(db, insert('meanwhile')).then(() => events.push('save committed'));
    expect(await read).toEqual(['before']);
    await Promise.all([long, save]);
    expect(events).toEqual(['read', 'long committed', 'save committed']);
    expect(committed()).toEqual(['before', 'row 0', 'row 1', 'row 2', 'row 3', 'row 4', 'meanwhile']);
  });

  test('When it fails after pausing, then all of it is undone and the saves queued behind it still commit', async () => {
    const long = commit(db, async (tx) => {
      insert('half')(tx);
      busy(15);
      await tx.pause();
      throw new Error('refused');
    });
    await new Promise((resolve) => setImmediate(resolve));
    const save = commit(db, insert('after'));
    await expect(long).rejects.toThrow('refused');
    await save;
    expect(committed()).toEqual(['after']);
  });
});

describe('The read connection', () => {
  test('When a read tries to write, then the database refuses it', () => {
    expect(() => allRows(db, sql`INSERT INTO notes (text) VALUES ('sneaked') RETURNING id`)).toThrow(/readonly/);
    expect(committed()).toEqual([]);
  });
});
