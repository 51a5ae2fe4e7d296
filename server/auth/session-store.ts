import session from 'express-session';
import type { Db } from '../db/client';

/**
 * express-session's store in our own SQLite file. We keep sessions beside the
 * data (one file to back up) and index them by user, so that logging out or
 * deactivating a user can end all of that user's sessions at once.
 */
export class SqliteSessionStore extends session.Store {
  private readonly statements;

  constructor(
    db: Db,
    private readonly defaultTtlMs: number,
  ) {
    super();
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
      this.statements.set.run(sid, sess.userId ?? null, JSON.stringify(sess), this.expiry(sess));
      callback?.();
    } catch (error) {
      callback?.(error);
    }
  }

  override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    try {
      this.statements.touch.run(this.expiry(sess), sid);
      callback?.();
    } catch (error) {
      callback?.(error);
    }
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    try {
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
