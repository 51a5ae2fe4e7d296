import type { RequestHandler } from 'express';
import type { Db } from '../db/client';
import { findUserById } from './users';

/** Puts the signed-in, still active user on res.locals; ends the session of one who is gone or deactivated. */
export function loadCurrentUser(db: Db): RequestHandler {
  return (req, res, next) => {
    const userId = req.session.userId;
    if (userId === undefined) return next();
    const user = findUserById(db, userId);
    if (!user || !user.active) {
      // A fresh, anonymous session: the rest of the chain still has one to read.
      req.session.regenerate((err) => next(err));
      return;
    }
    res.locals.user = { id: user.id, name: user.name, email: user.email, role: user.role };
    next();
  };
}
