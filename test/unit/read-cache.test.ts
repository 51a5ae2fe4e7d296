import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDatabase, migrateDatabase, openDatabase, rawWriter } from '../../server/db/client';
import { commit, OTHER_WRITERS_CHECK_MS } from '../../server/db/commit';
import { themes } from '../../server/db/schema';
import { ReadCache } from '../../server/lib/read-cache';

describe('The read cache', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-cache-'));
  const file = path.join(dir, 'cache.sqlite');
  const db = openDatabase(file);
  migrateDatabase(db);
  const countThemes = () => db.select().from(themes).all().length;
  afterAll(() => {
    closeDatabase(db);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('When nothing is written, then a value is computed once', () => {
    const cache = new ReadCache(db);
    let computed = 0;
    cache.get('k', () => ++computed);
    expect(cache.get('k', () => ++computed)).toBe(1);
  });

  test('When this process writes, then the next read recomputes', async () => {
    const cache = new ReadCache(db);
    expect(cache.get('themes', countThemes)).toBe(0);
    await commit(db, (tx) => tx.insert(themes).values({ name: 'trade' }).run());
    expect(cache.get('themes', countThemes)).toBe(1);
  });

  test('When another connection commits, then a read a moment later recomputes', async () => {
    const cache = new ReadCache(db);
    const before = cache.get('themes', countThemes);
    const other = openDatabase(file);
    rawWriter(other).prepare("INSERT INTO themes (name) VALUES ('energy')").run();
    closeDatabase(other);
    await new Promise((resolve) => setTimeout(resolve, OTHER_WRITERS_CHECK_MS + 5));
    expect(cache.get('themes', countThemes)).toBe(before + 1);
  });

  test('When more keys are stored than the limit, then the least recently used goes first', () => {
    const cache = new ReadCache(db, 2);
    let computed = 0;
    cache.get('a', () => ++computed);
    cache.get('b', () => ++computed);
    cache.get('a', () => ++computed);
    cache.get('c', () => ++computed);
    expect(cache.get('a', () => ++computed)).toBe(1);
    expect(cache.get('b', () => ++computed)).toBe(4);
  });

  test('When requests miss together while a reading is under way, then they share it; when it fails, the next request reads again', async () => {
    const cache = new ReadCache(db);
    let readings = 0;
    const read = async () => {
      readings++;
      await new Promise((resolve) => setImmediate(resolve));
      if (readings === 1) throw new Error('disk went away');
      return readings;
    };
    const first = cache.get('board', read);
    expect(cache.get('board', read)).toBe(first);
    await expect(first).rejects.toThrow('disk went away');
    await expect(cache.get('board', read)).resolves.toBe(2);
    await expect(cache.get('board', read)).resolves.toBe(2);
    expect(readings).toBe(2);
  });
});
