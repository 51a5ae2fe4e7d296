import type { Request, Response } from 'express';

/**
 * One structured line per security-relevant event, on the request's logger
 * (JSON, so a newline in user input stays inside its string). Never a
 * password, token or cookie: callers pass only the fields named here.
 */
export type SecurityEvent =
  | 'login_success'
  | 'login_failure'
  | 'login_throttled'
  | 'forbidden'
  | 'csrf_rejected'
  | 'conflict'
  | 'import';

export function logSecurityEvent(
  req: Request,
  res: Response,
  event: SecurityEvent,
  details: { email?: string; userId?: number; recommendationId?: number; rows?: number } = {},
): void {
  req.log.info(
    { security: event, userId: details.userId ?? res.locals.user?.id, address: req.ip, path: req.path, ...details },
    `security: ${event}`,
  );
}
