import type { Request } from 'express';

/**
 * The value of one cookie of the request. express-session reads its own cookie; the few others (the
 * anonymous CSRF token, the device cookie) are read here rather than by a parser run on every request.
 */
export function readCookie(req: Request, name: string): string | undefined {
  for (const pair of (req.get('Cookie') ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(pair.slice(at + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
