import session from 'express-session';
import { eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { commit, otherCommits, type WriteTx } from '../db/commit';
import { prepared } from '../db/prepared';
import { sessions } from '../db/schema';
import type { Flash } from '../lib/flash';

/**
 * express-session's store in our own SQLite file. We keep sessions beside the
 * data (one file to back up) and index them by user, so that logging out or
 * deactivating a user can end all of that user's sessions at once.
 *
 * Every request reads its session, so the store keeps a copy of each row it
 * has read or written in memory, and empties it whenever another process
 * commits to the file (that process may have ended a session).
 *
 * The flash message is kept in that memory only, never written: the very next
 * page shows it, and writing it to the file and clearing it again would add two
 * commits to every save. A restart in between loses a message, not data.
 */
/** How far the stored expiry may lag the last request's: a minute, or a tenth of a short idle timeout. */
const MAX_TOUCH_LAG_MS = 60_000;
const MAX_KEPT = 10_000;

interface KeptSession {
  /** The session as stored: without its flash. */
  data: string;
  expiresAt: number;
  flash?: Flash;
}

export class SqliteSessionStore extends session.Store {
  /** Each session's row as this process last read or wrote it. */
  private readonly kept = new Map<string, KeptSession>();
  private keptForCommits = -1;
  private readonly touchLagMs: number;

  constructor(
    private readonly db: Db,
    private readonly defaultTtlMs: number,
  ) {
    super();
    this.touchLagMs = Math.min(MAX_TOUCH_LAG_MS, defaultTtlMs / 10);
  }

  /** Read on every request: prepared once. */
  private stored(sid: string): { data: string; expiresAt: number } | undefined {
    const db = this.db;
    return prepared(db, 'sessions.get', () =>
      db.select({ data: sessions.data, expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.sid, sql.placeholder('sid'))).prepare(),
    ).get({ sid });
  }

  /** A session ends after the idle timeout without a request: the cookie has no expiry of its own. */
  private expiry(): number {
    return Date.now() + this.defaultTtlMs;
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    try {
      const row = this.row(sid);
      if (!row || row.expiresAt <= Date.now()) return callback(null, null);
      const data = JSON.parse(row.data) as session.SessionData;
      if (row.flash !== undefined) data.flash = row.flash;
      callback(null, data);
    } catch (error) {
      callback(error);
    }
  }

  private row(sid: string): KeptSession | undefined {
    const commits = otherCommits(this.db);
    if (commits !== this.keptForCommits) {
      this.kept.clear();
      this.keptForCommits = commits;
    }
    let row = this.kept.get(sid);
    if (!row) {
      row = this.stored(sid);
      if (row) this.keep(sid, row);
    }
    return row;
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    try {
      const { flash, ...lasting } = sess;
      const data = JSON.stringify(lasting);
      const expiresAt = this.expiry();
      const stored = this.row(sid);
      if (stored?.data === data && expiresAt - stored.expiresAt < this.touchLagMs) {
        stored.flash = flash;
        return callback?.();
      }
      const row = { sid, userId: sess.userId ?? null, data, expiresAt };
      commit(this.db, (tx) => tx.insert(sessions).values(row).onConflictDoUpdate({ target: sessions.sid, set: row }).run()).then(
        () => {
          this.keep(sid, { data, expiresAt, flash });
          callback?.();
        },
        (error: unknown) => callback?.(error),
      );
    } catch (error) {
      callback?.(error);
    }
  }

  /**
   * Every request touches its session. A write per page view would
   * queue behind every save, so the stored expiry moves only once it lags by a
   * minute (less for a short idle timeout): an idle session may end that much
   * early.
   */
  override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    try {
      const expiry = this.expiry();
      const row = this.row(sid);
      if (!row || expiry - row.expiresAt < this.touchLagMs) return callback?.();
      commit(this.db, (tx) => tx.update(sessions).set({ expiresAt: expiry }).where(eq(sessions.sid, sid)).run()).then(
        () => {
          row.expiresAt = expiry;
          callback?.();
        },
        (error: unknown) => callback?.(error),
      );
    } catch (error) {
      callback?.(error);
    }
  }

  private keep(sid: string, row: KeptSession): void {
    // CASE: forgetting costs one read per session, so a full map is simply emptied.
    if (this.kept.size >= MAX_KEPT) this.kept.clear();
    this.kept.set(sid, row);
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.kept.delete(sid);
    commit(this.db, (tx) => tx.delete(sessions).where(eq(sessions.sid, sid)).run()).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  /** Within the caller's commit: the user's sessions end with the change that ends them. */
  destroyAllForUser(tx: WriteTx, userId: number): void {
    tx.delete(sessions).where(eq(sessions.userId, userId)).run();
    this.kept.clear();
  }

  async prune(): Promise<void> {
    const now = Date.now();
    await commit(this.db, (tx) => tx.delete(sessions).where(lte(sessions.expiresAt, now)).run());
    for (const [sid, row] of this.kept) if (row.expiresAt <= now) this.kept.delete(sid);
  }
}
