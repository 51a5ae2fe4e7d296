import type { Request, Response } from 'express';
import { compressBody } from './compress';
import type { Flash } from './flash';
import { views } from './templates';

/**
 * The one way to answer with HTML. A plain request gets the full page; an
 * htmx request (HX-Request without HX-Boosted) gets only the region it
 * targets, rendered from the same partial the page includes.
 */
export interface RenderOptions {
  /** Page template under views/pages. */
  page: string;
  /** Partial under views/partials that htmx requests receive instead of the page. */
  fragment?: string;
  status?: number;
  title: string;
  model?: Record<string, unknown>;
}

export function isHtmxFragmentRequest(req: Request): boolean {
  return req.get('HX-Request') === 'true' && req.get('HX-Boosted') !== 'true';
}

export function render(req: Request, res: Response, options: RenderOptions): void {
  const model = { ...options.model, title: options.title };
  if (options.fragment) res.vary('HX-Request');
  res.status(options.status ?? 200);
  const html =
    options.fragment && isHtmxFragmentRequest(req)
      ? views().render({ partial: options.fragment }, { ...res.locals, ...model, isFragment: true })
      : views().render({ page: options.page }, { ...res.locals, ...model });
  // Set by the page cache on the routes it serves.
  const sendPage = res.locals.sendPage as ((body: Buffer) => void) | undefined;
  if (sendPage) return sendPage(Buffer.from(html));
  compressBody(req, res);
  res.type('html').send(html);
}

/**
 * 303 See Other, without a body: browsers and htmx follow it at once, so
 * Express's negotiated "Redirecting to" page would be built for no one.
 */
export function seeOther(res: Response, location: string): void {
  res.status(303).location(location).end();
}

/** After a successful write: 303 to the page that shows the result, with a confirmation naming what was saved. */
export function redirectAfterWrite(req: Request, res: Response, location: string, flash?: Flash): void {
  if (flash) req.session.flash = flash;
  seeOther(res, location);
}
