import type { RequestHandler } from 'express';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { users } from '../db/schema';

/**
 * Puts the signed-in, still active user on res.locals. Ends the session of one
 * who is gone or deactivated, or who signed in longer ago than the absolute
 * timeout (the idle timeout is the cookie's rolling expiry).
 */
export function loadCurrentUser(db: Db, absoluteTimeoutMs: number): RequestHandler {
  // Runs on every request: prepared once.
  const userById = db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, active: users.active })
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare();
  return (req, res, next) => {
    const userId = req.session.userId;
    if (userId === undefined) return next();
    const user = userById.get({ id: userId });
    const expired = Date.now() - (req.session.startedAt ?? 0) > absoluteTimeoutMs;
    if (!user || !user.active || expired) {
      // A fresh, anonymous session: the rest of the chain still has one to read.
      req.session.regenerate((err) => next(err));
      return;
    }
    res.locals.user = { id: user.id, name: user.name, email: user.email, role: user.role };
    next();
  };
}
