import type { RequestHandler } from 'express';
import { dataStamp, type Db } from '../db/client';
import type { Language, UserRole } from '../domain/vocabulary';

/**
 * Puts the signed-in, still active user on res.locals. Ends the session of one
 * who is gone or deactivated, or who signed in longer ago than the absolute
 * timeout (the idle timeout is the session store's expiry).
 */
export function loadCurrentUser(db: Db, absoluteTimeoutMs: number): RequestHandler {
  // Runs on every request: one prepared statement, its rows kept until the next write (every change to a user is one).
  const userById = db.$client.prepare<[number], UserRow>('SELECT id, name, email, role, active, language FROM users WHERE id = ?');
  const kept = new Map<number, UserRow | undefined>();
  let keptAt = '';
  const findUser = (id: number): UserRow | undefined => {
    const stamp = dataStamp(db);
    if (stamp !== keptAt) {
      kept.clear();
      keptAt = stamp;
    }
    if (!kept.has(id)) kept.set(id, userById.get(id));
    return kept.get(id);
  };
  return (req, res, next) => {
    const userId = req.session.userId;
    if (userId === undefined) return next();
    const user = findUser(userId);
    const expired = Date.now() - (req.session.startedAt ?? 0) > absoluteTimeoutMs;
    if (!user || !user.active || expired) {
      // A fresh, anonymous session: the rest of the chain still has one to read.
      req.session.regenerate((err) => next(err));
      return;
    }
    res.locals.user = { id: user.id, name: user.name, email: user.email, role: user.role, language: user.language };
    next();
  };
}

interface UserRow {
  id: number;
  name: string;
  email: string;
  role: UserRole;
  active: number;
  language: Language | null;
}
