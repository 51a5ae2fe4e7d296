import compression from 'compression';
import type { Request, Response } from 'express';

/**
 * Compression for static files (mounted on /static) and for the HTML the app
 * renders, applied where a body is made rather than to every request: the
 * saves analysts make most answer with a body-less 303, and the CSV export is
 * left as it is (its speed and memory bounds are those of the plain stream).
 * Pages from the page cache are kept compressed and sent as they are.
 */
export const compress = compression();

/** Compresses the body about to be sent on `res`, if the client takes it. */
export function compressBody(req: Request, res: Response): void {
  // The middleware wraps res's write and end, then calls its callback at once.
  compress(req, res, () => undefined);
}
