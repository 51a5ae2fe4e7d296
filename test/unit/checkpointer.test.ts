import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { startCheckpointer } from '../../server/db/checkpointer';
import { closeDatabase, openDatabase, rawWriter, type Db } from '../../server/db/client';
import { commit, dataStamp } from '../../server/db/commit';

/**
 * The write-ahead log is copied into the database file by a worker thread, not
 * by the commits of the server's requests.
 */

let dir: string;
let file: string;
let db: Db;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-checkpoint-'));
  file = path.join(dir, 'tracker.sqlite');
  db = openDatabase(file);
  rawWriter(db).exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
});

afterEach(() => {
  closeDatabase(db);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Rows in the database file itself, leaving out what is still only in the log. */
function rowsInFile(): number {
  const copy = path.join(dir, 'copy.sqlite');
  fs.copyFileSync(file, copy);
  const reader = new Database(copy);
  try {
    const created = reader.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'notes'").pluck().get() === 1;
    return created ? (reader.prepare('SELECT count(*) FROM notes').pluck().get() as number) : 0;
  } finally {
    reader.close();
    for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) fs.rmSync(f, { force: true });
  }
}

async function write(rows: number): Promise<void> {
  const insert = rawWriter(db).prepare('INSERT INTO notes (text) VALUES (?)');
  for (let i = 0; i < rows; i++) await commit(db, () => insert.run(`note ${i} `.repeat(50)));
}

async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe('Background checkpoint', () => {
  test('When the server commits while the checkpointer runs, then the rows reach the database file although no commit checkpoints', async () => {
    const checkpointer = startCheckpointer(db, pino({ level: 'silent' }));
    expect(rawWriter(db).pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(200);
    await write(200);
    expect(await eventually(() => rowsInFile() === 200)).toBe(true);
    await checkpointer.stop();
  });

  test('When no checkpointer runs, then the same commits stay in the log (the test above would fail without the worker)', async () => {
    rawWriter(db).pragma('wal_autocheckpoint = 10000');
    await write(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(rowsInFile()).toBe(0);
  });

  test('When it checkpoints, then the server does not take it for another process writing (its caches stay)', async () => {
    await write(10);
    const before = dataStamp(db);
    const checkpointer = startCheckpointer(db, pino({ level: 'silent' }));
    expect(await eventually(() => rowsInFile() === 10)).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(dataStamp(db)).toBe(before);
    await checkpointer.stop();
  });

  test('When it is stopped, then SQLite checkpoints within commits again, and the server closes the log away', async () => {
    const checkpointer = startCheckpointer(db, pino({ level: 'silent' }));
    await checkpointer.stop();
    expect(rawWriter(db).pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await write(5);
    closeDatabase(db);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    db = openDatabase(file);
  });
});
