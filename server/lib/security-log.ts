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
  | 'import'
  | 'invitation_created'
  | 'invitation_revoked'
  | 'invitation_accepted';

/** A path as logs may show it: an invitation link's token is a password until it is used. */
export function loggablePath(path: string): string {
  return path.replace(/^\/invitations\/[^/?#]+/, '/invitations/[token]');
}

export function logSecurityEvent(
  req: Request,
  res: Response,
  event: SecurityEvent,
  details: { email?: string; userId?: number; recommendationId?: number; rows?: number } = {},
): void {
  req.log.info(
    { security: event, userId: details.userId ?? res.locals.user?.id, address: req.ip, path: loggablePath(req.path), ...details },
    `security: ${event}`,
  );
}
