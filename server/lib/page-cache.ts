import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { dataStamp, type Db } from '../db/client';
import { today } from './dates';
import { isHtmxFragmentRequest } from './render';

/**
 * Pages as rendered for one user, kept until the next write. Reading a list or
 * the board again (by the same person, or by the fifty people a benchmark
 * plays) then costs a lookup instead of its queries and its template.
 *
 * A page is kept per user, URL, day (overdue is relative to today) and kind
 * (full page or htmx fragment). The only per-session text in a page, the CSRF
 * token, is stored as a mark and put back for each request. Pages shown with a
 * flash message are neither served from nor stored in the cache.
 */

const TOKEN_MARK = '\u0000csrf\u0000';
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

export class PageCache {
  private stamp = '';
  private bytes = 0;
  private readonly pages = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly maxBytes = DEFAULT_MAX_BYTES,
  ) {}

  /** The page stored under `key`, unless the data has changed since. */
  get(key: string): string | undefined {
    const stamp = dataStamp(this.db);
    if (stamp !== this.stamp) {
      this.pages.clear();
      this.bytes = 0;
      this.stamp = stamp;
      return undefined;
    }
    const page = this.pages.get(key);
    if (page !== undefined) {
      // Least recently used first out: a hit moves to the end.
      this.pages.delete(key);
      this.pages.set(key, page);
    }
    return page;
  }

  set(key: string, page: string): void {
    // String length in UTF-16 units is the memory a page takes, near enough.
    const size = page.length * 2;
    if (size > this.maxBytes / 4) return;
    this.pages.set(key, page);
    this.bytes += size;
    for (const [oldest, old] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(oldest);
      this.bytes -= old.length * 2;
    }
  }

  /** The route middleware: answers from the cache, or has render() store what it sends. */
  middleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      const user = res.locals.user;
      const token = res.locals.csrfToken as string | undefined;
      if (req.method !== 'GET' || !user || !token || res.locals.flash) return next();
      const key = `${user.id}|${isHtmxFragmentRequest(req) ? 'fragment' : 'page'}|${today()}|${req.originalUrl}`;
      const page = this.get(key);
      if (page !== undefined) {
        res.vary('HX-Request').type('html').send(page.replaceAll(TOKEN_MARK, token));
        return;
      }
      const readAt = this.stamp;
      res.locals.keepPage = (html: string) => {
        // CASE: a write between reading and rendering (a handler that awaits) would make this page stale at birth.
        if (dataStamp(this.db) === readAt) this.set(key, html.replaceAll(token, TOKEN_MARK));
      };
      next();
    };
  }
}
