import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDatabase, openDatabase } from '../../server/db/client';
import { PageCache } from '../../server/lib/page-cache';

describe('The page cache bound', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-pages-'));
  const db = openDatabase(path.join(dir, 'pages.sqlite'));
  afterAll(() => {
    closeDatabase(db);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('When concurrent misses keep the same page several times, then it counts once and other pages stay', () => {
    const cache = new PageCache(db, 400);
    cache.get('sync the data stamp');
    for (let i = 0; i < 5; i++) cache.set('board', Buffer.alloc(100));
    cache.set('list', Buffer.alloc(100));
    cache.set('detail', Buffer.alloc(100));
    expect(cache.get('board')).toBeDefined();
    expect(cache.get('list')).toBeDefined();
    expect(cache.get('detail')).toBeDefined();
  });

  test('When pages go over the bound, then the least recently used go first', () => {
    const cache = new PageCache(db, 400);
    cache.get('sync the data stamp');
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, Buffer.alloc(100));
    cache.get('a');
    cache.set('e', Buffer.alloc(100));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('e')).toBeDefined();
  });
});
