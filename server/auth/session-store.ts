import session from 'express-session';
import { otherCommits, type Db } from '../db/client';
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
  private readonly statements;
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
    const sqlite = db.$client;
    this.statements = {
      get: sqlite.prepare<[string], { data: string; expiresAt: number }>('SELECT data, expires_at AS expiresAt FROM sessions WHERE sid = ?'),
      set: sqlite.prepare<[string, number | null, string, number]>(
        `INSERT INTO sessions (sid, user_id, data, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (sid) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, expires_at = excluded.expires_at`,
      ),
      touch: sqlite.prepare<[number, string]>('UPDATE sessions SET expires_at = ? WHERE sid = ?'),
      destroy: sqlite.prepare<[string]>('DELETE FROM sessions WHERE sid = ?'),
      destroyForUser: sqlite.prepare<[number]>('DELETE FROM sessions WHERE user_id = ?'),
      prune: sqlite.prepare<[number]>('DELETE FROM sessions WHERE expires_at <= ?'),
    };
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
      row = this.statements.get.get(sid);
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
      } else {
        this.statements.set.run(sid, sess.userId ?? null, data, expiresAt);
        this.keep(sid, { data, expiresAt, flash });
      }
      callback?.();
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
      if (row && expiry - row.expiresAt >= this.touchLagMs) {
        this.statements.touch.run(expiry, sid);
        row.expiresAt = expiry;
      }
      callback?.();
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
    try {
      this.kept.delete(sid);
      this.statements.destroy.run(sid);
      callback?.();
    } catch (error) {
      callback?.(error);
    }
  }

  destroyAllForUser(userId: number): void {
    this.statements.destroyForUser.run(userId);
    this.kept.clear();
  }

  prune(): void {
    const now = Date.now();
    this.statements.prune.run(now);
    for (const [sid, row] of this.kept) if (row.expiresAt <= now) this.kept.delete(sid);
  }
}
