import session from 'express-session';
import type { Db } from '../db/client';

/**
 * express-session's store in our own SQLite file. We keep sessions beside the
 * data (one file to back up) and index them by user, so that logging out or
 * deactivating a user can end all of that user's sessions at once.
 */
/** How far the stored expiry may lag the cookie's: a minute, or a tenth of a short idle timeout. */
const MAX_TOUCH_LAG_MS = 60_000;
const MAX_REMEMBERED = 10_000;

export class SqliteSessionStore extends session.Store {
  private readonly statements;
  /** The expiry last written for each session touched by this process. */
  private readonly touched = new Map<string, number>();
  private readonly touchLagMs: number;

  constructor(
    db: Db,
    private readonly defaultTtlMs: number,
  ) {
    super();
    this.touchLagMs = Math.min(MAX_TOUCH_LAG_MS, defaultTtlMs / 10);
    const sqlite = db.$client;
    this.statements = {
      get: sqlite.prepare<[string, number], { data: string }>('SELECT data FROM sessions WHERE sid = ? AND expires_at > ?'),
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

  private expiry(sess: session.SessionData): number {
    const expires = sess.cookie?.expires;
    return expires ? new Date(expires).getTime() : Date.now() + this.defaultTtlMs;
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    try {
      const row = this.statements.get.get(sid, Date.now());
      callback(null, row ? (JSON.parse(row.data) as session.SessionData) : null);
    } catch (error) {
      callback(error);
    }
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    try {
      const expiry = this.expiry(sess);
      this.statements.set.run(sid, sess.userId ?? null, JSON.stringify(sess), expiry);
      this.remember(sid, expiry);
      callback?.();
    } catch (error) {
      callback?.(error);
    }
  }

  /**
   * Rolling sessions are touched by every request. A write per page view would
   * queue behind every save, so the stored expiry moves only once it lags the
   * cookie's by a minute (less for a short idle timeout): an idle session may
   * end that much early.
   */
  override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    try {
      const expiry = this.expiry(sess);
      if (expiry - (this.touched.get(sid) ?? 0) >= this.touchLagMs) {
        this.statements.touch.run(expiry, sid);
        this.remember(sid, expiry);
      }
      callback?.();
    } catch (error) {
      callback?.(error);
    }
  }

  private remember(sid: string, expiry: number): void {
    // CASE: forgetting costs only one early write per session, so a full map is simply emptied.
    if (this.touched.size >= MAX_REMEMBERED) this.touched.clear();
    this.touched.set(sid, expiry);
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    try {
      this.touched.delete(sid);
      this.statements.destroy.run(sid);
      callback?.();
    } catch (error) {
      callback?.(error);
    }
  }

  destroyAllForUser(userId: number): void {
    this.statements.destroyForUser.run(userId);
  }

  prune(): void {
    this.statements.prune.run(Date.now());
  }
}
