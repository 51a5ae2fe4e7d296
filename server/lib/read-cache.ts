import type { Db } from '../db/client';
import { DataWatch } from '../db/commit';
import { currentLanguage } from './language';

/**
 * Read models that are costly to compute (the board's counts and history)
 * kept until the next write. Every write goes through commit(), which moves
 * the data stamp, so a cached value is never older than the data.
 * A value may be a promise (a reading that pauses for other requests), which
 * requests arriving meanwhile share. Bounded, least recently used first out.
 * Values may hold labels, so each is kept per interface language.
 */
export class ReadCache {
  private readonly watch: DataWatch;
  private readonly entries = new Map<string, unknown>();

  constructor(
    db: Db,
    private readonly maxEntries = 200,
  ) {
    this.watch = new DataWatch(db);
  }

  get<T>(keyInAnyLanguage: string, compute: () => T): T {
    const key = `${currentLanguage()}|${keyInAnyLanguage}`;
    if (this.watch.changed()) this.entries.clear();
    if (this.entries.has(key)) {
      const value = this.entries.get(key) as T;
      this.entries.delete(key);
      this.entries.set(key, value);
      return value;
    }
    const value = compute();
    this.entries.set(key, value);
    // CASE: a reading that fails is not kept: the next request tries again.
    if (value instanceof Promise) {
      value.catch(() => {
        if (this.entries.get(key) === value) this.entries.delete(key);
      });
    }
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
