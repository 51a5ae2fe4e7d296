import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { closeDatabase, openDatabase, type Db } from '../../server/db/client';
import { inNextCommit } from '../../server/db/write-groups';

/** Saves of concurrent requests share one commit, and each still succeeds or fails on its own. */

let dir: string;
let file: string;
let db: Db;
let other: Database.Database;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-groups-'));
  file = path.join(dir, 'tracker.sqlite');
  db = openDatabase(file);
  db.$client.exec(`
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

const insert = (text: string, parentId = 1) => () => db.$client.prepare('INSERT INTO notes (text, parent_id) VALUES (?, ?)').run(text, parentId).lastInsertRowid;
const committed = () => other.prepare('SELECT text FROM notes ORDER BY id').pluck().all();

describe('Writes committed together', () => {
  test('When three requests save in the same turn, then they share one transaction, and each is answered once it is committed', async () => {
    let seenBySecond: { inTransaction: boolean; committedMeanwhile: unknown[] } | undefined;
    const first = inNextCommit(db, insert('first'));
    const second = inNextCommit(db, () => {
      seenBySecond = { inTransaction: db.$client.inTransaction, committedMeanwhile: committed() };
      return insert('second')();
    });
    const third = inNextCommit(db, insert('third'));
    expect(committed()).toEqual([]);
    const ids = await Promise.all([first, second, third]);
    expect(ids.map(Number)).toEqual([1, 2, 3]);
    expect(seenBySecond).toEqual({ inTransaction: true, committedMeanwhile: [] });
    expect(committed()).toEqual(['first', 'second', 'third']);
  });

  test('When one save of a group fails, then only it is undone and rejected; the others are committed', async () => {
    const results = await Promise.allSettled([
      inNextCommit(db, insert('first')),
      inNextCommit(db, () => {
        insert('partly written')();
        insert('first')(); // violates UNIQUE: the whole save is undone, its first row too
      }),
      inNextCommit(db, insert('last')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(committed()).toEqual(['first', 'last']);
  });

  test('When the commit itself fails, then every save of the group is rejected and nothing is written', async () => {
    // A deferred foreign key is checked at COMMIT, after every save of the group has run.
    const results = await Promise.allSettled([inNextCommit(db, insert('fine')), inNextCommit(db, insert('orphan', 99))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(committed()).toEqual([]);
    expect(db.$client.inTransaction).toBe(false);
    await expect(inNextCommit(db, insert('after'))).resolves.toBeDefined();
    expect(committed()).toEqual(['after']);
  });

  test('When the disk is full, then SQLite gives up the whole group, and every save in it is rejected with that cause', async () => {
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    db.$client.pragma(`max_page_count = ${db.$client.pragma('page_count', { simple: true }) as number}`);
    const results = await Promise.allSettled([inNextCommit(db, insert('small')), inNextCommit(db, insert('x'.repeat(20_000)))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    for (const r of results) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_FULL' });
    expect(committed()).toEqual([]);
  });

  test('When saves come in separate turns, then each gets its own commit', async () => {
    await inNextCommit(db, insert('one'));
    expect(committed()).toEqual(['one']);
    await inNextCommit(db, insert('two'));
    expect(committed()).toEqual(['one', 'two']);
  });
});
