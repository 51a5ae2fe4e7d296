import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError, NotFoundError } from './errors';
import { compressBody } from './compress';
import { loggablePath, logSecurityEvent } from './security-log';
import { views } from './templates';

/**
 * The one error chain: known errors become their status and a message inside
 * the layout; anything else is logged and shown as a plain 500 page. No stack
 * trace ever reaches the response.
 */

export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError());

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  code?: string;
}

function classify(error: unknown): { status: number; messageKey: string } {
  if (error instanceof AppError) return { status: error.status, messageKey: error.messageKey };
  const e = (error ?? {}) as HttpishError;
  if (e.code === 'EBADCSRFTOKEN') return { status: 403, messageKey: 'errors.csrf' };
  // The transaction was rolled back, so nothing was half-saved; reading still works.
  if (e.code === 'SQLITE_FULL') return { status: 507, messageKey: 'errors.disk_full' };
  if (e.type === 'entity.too.large') return { status: 413, messageKey: 'errors.too_large' };
  const status = e.status ?? e.statusCode;
  if (status === 404) return { status, messageKey: new NotFoundError().messageKey };
  // body-parser and friends mark client errors with a 4xx status.
  if (status && status >= 400 && status < 500) return { status, messageKey: 'errors.bad_request' };
  return { status: 500, messageKey: 'errors.internal' };
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    const { status, messageKey } = classify(error);
    if (status === 403) logSecurityEvent(req, res, messageKey === 'errors.csrf' ? 'csrf_rejected' : 'forbidden');
    if (status >= 500) logger.error({ err: error, url: loggablePath(req.originalUrl), method: req.method }, 'request failed');
    if (res.headersSent) return next(error);
    res.status(status);
    try {
      const title = `errors.title_${status >= 500 && status !== 507 ? 500 : status}`;
      const page = views().render({ page: 'error' }, { ...res.locals, title, status, messageKey });
      compressBody(req, res);
      res.type('html').send(page);
    } catch (renderError) {
      logger.error({ err: renderError }, 'error page failed to render');
      res.type('text/plain').send('Something went wrong.');
    }
  };
}
