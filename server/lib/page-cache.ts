import { brotliCompress, constants as zlibConstants, gunzipSync, gzip } from 'node:zlib';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Db } from '../db/client';
import { dataStamp, DataWatch } from '../db/commit';
import { today } from './dates';
import { currentLanguage } from './language';
import { isHtmxFragmentRequest } from './render';

/**
 * Pages as rendered for one session, kept until the next write. Reading a list
 * or the board again (by the same person, or by the fifty connections a
 * benchmark opens with one sign-in) then costs a lookup instead of its queries
 * and its template.
 *
 * A page is kept per session (the CSRF token and the name in the header make a
 * page that session's own), interface language, URL, day (overdue is relative to today) and kind
 * (full page or htmx fragment). Pages shown with a flash message are neither
 * served from nor stored in the cache.
 *
 * Pages are kept compressed: a board page of 140 KB is 18 KB gzipped, so the
 * cache holds eight times more and each answer costs a copy of those bytes, not
 * an encoding of the text. A browser that takes Brotli (every one, over HTTPS)
 * gets Brotli, a quarter smaller again (the kanban: 30 KB gzipped, 23 KB); the
 * encoding is part of the key, and a session is one browser.
 */

const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/** Brotli's quality 5: within a few per cent of its best on these pages, in 11 ms for the kanban instead of 700. */
const BROTLI_OPTIONS = { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } };

type Encoding = 'br' | 'gzip';

/**
 * Brotli for a client that takes it, otherwise gzip (unpacked again for a
 * client that sends no Accept-Encoding or refuses gzip).
 */
function encodingFor(req: Request): Encoding {
  return req.get('Accept-Encoding') && req.acceptsEncodings().includes('br') ? 'br' : 'gzip';
}

export class PageCache {
  private bytes = 0;
  private readonly pages = new Map<string, Buffer>();
  private readonly watch: DataWatch;

  constructor(
    private readonly db: Db,
    private readonly maxBytes = DEFAULT_MAX_BYTES,
  ) {
    this.watch = new DataWatch(db);
  }

  /** The compressed page stored under `key`, unless the data has changed since. */
  get(key: string): Buffer | undefined {
    if (this.watch.changed()) {
      this.pages.clear();
      this.bytes = 0;
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

  set(key: string, compressed: Buffer): void {
    if (compressed.length > this.maxBytes / 4) return;
    // CASE: concurrent misses of one page each keep it; only the last one may count.
    this.bytes += compressed.length - (this.pages.get(key)?.length ?? 0);
    this.pages.delete(key);
    this.pages.set(key, compressed);
    for (const [oldest, old] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(oldest);
      this.bytes -= old.length;
    }
  }

  /**
   * Answers a signed-in GET from the cache. Mounted once, after the session and
   * the user are loaded and before compression and the routes: a page is kept
   * per session, and any change of the user's role or state is a write that
   * empties the cache, so a page found here has passed its route's policy.
   */
  serve(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || !res.locals.user || res.locals.flash) return next();
      const encoding = encodingFor(req);
      const key = `${req.sessionID}|${currentLanguage()}|${isHtmxFragmentRequest(req) ? 'fragment' : 'page'}|${today()}|${encoding}|${req.originalUrl}`;
      const page = this.get(key);
      if (page !== undefined) return sendHtml(req, res, page, encoding);
      res.locals.pageMiss = { key, encoding, readAt: this.watch.stamp } satisfies PageMiss;
      next();
    };
  }

  /** On the routes whose pages are kept: has render() send through the cache, which keeps the page. */
  keep(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      const miss = res.locals.pageMiss as PageMiss | undefined;
      if (miss) {
        res.locals.sendPage = (body: Buffer) => {
          const kept = (error: Error | null, compressed: Buffer) => {
            if (error) return next(error);
            // CASE: a write between reading and sending (a handler that awaits, or this compression) would make the page stale at birth.
            if (res.statusCode === 200 && dataStamp(this.db) === miss.readAt) this.set(miss.key, compressed);
            sendHtml(req, res, compressed, miss.encoding);
          };
          // Compressed on libuv's thread pool: the event loop serves other requests meanwhile.
          if (miss.encoding === 'br') brotliCompress(body, BROTLI_OPTIONS, kept);
          else gzip(body, kept);
        };
      }
      next();
    };
  }
}

interface PageMiss {
  key: string;
  encoding: Encoding;
  /** The data stamp when the page was looked for: the page is kept only if it has not changed by the time it is sent. */
  readAt: string;
}

/**
 * Sends a compressed page as it is, or a gzipped one unpacked for a client that
 * does not ask for gzip (a script with no Accept-Encoding gets plain text, as
 * from the compression middleware).
 */
function sendHtml(req: Request, res: Response, page: Buffer, encoding: Encoding): void {
  res.vary('HX-Request').vary('Accept-Encoding').type('html');
  if (encoding === 'br') res.set('Content-Encoding', 'br').send(page);
  else if (req.get('Accept-Encoding') && req.acceptsEncodings('gzip', 'identity') === 'gzip') res.set('Content-Encoding', 'gzip').send(page);
  else res.send(gunzipSync(page));
}
