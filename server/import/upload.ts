import type { Request, Response } from 'express';
import multer from 'multer';

/**
 * The CSV upload of the import form, read into memory with multer (busboy
 * underneath) within fixed limits, by its route's handler: so after the
 * route's role check, and only once the CSRF token is known to be right.
 *
 * The app's form parser and CSRF check leave this one route alone
 * (`isUploadRequest`): its token is the x-csrf-token header that htmx sends,
 * checked before the body is touched, or else the form's own token field,
 * which the form puts before the file and which is checked before a byte of
 * the file is accepted. A request that never showed a right token is refused,
 * whatever its body holds.
 */
export const UPLOAD_PATH = '/import/preview';
export const UPLOAD_FIELD = 'file';
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

export type Upload =
  | { ok: true; fileName: string; bytes: Buffer }
  | { ok: false; problem: 'bad_token' | 'too_large' | 'unreadable' | 'no_file' };

export const isUploadRequest = (req: Request) => req.method === 'POST' && req.path === UPLOAD_PATH;

class TokenRefused extends Error {}

/** `tokenValid` is the app's CSRF check: the token field of the body read so far, else the header. */
export function uploadReader(tokenValid: (req: Request) => boolean): (req: Request, res: Response) => Promise<Upload> {
  const parse = multer({
    storage: multer.memoryStorage(),
    // File names arrive as UTF-8 from browsers (a Russian or Chinese name stays readable).
    defParamCharset: 'utf8',
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, fieldSize: 1000, parts: 6, headerPairs: 50 },
    fileFilter: (req, _file, accept) => (tokenValid(req) ? accept(null, true) : accept(new TokenRefused())),
  }).single(UPLOAD_FIELD);

  return async (req, res) => {
    const hasHeaderToken = req.get('x-csrf-token') !== undefined;
    if (hasHeaderToken && !tokenValid(req)) return { ok: false, problem: 'bad_token' };
    // CASE: without the header, a body that is not a form has no token field to show.
    if (!req.is('multipart/form-data')) return { ok: false, problem: hasHeaderToken ? 'unreadable' : 'bad_token' };
    const error = await new Promise<unknown>((resolve) => parse(req, res, resolve));
    if (error instanceof TokenRefused || !tokenValid(req)) return { ok: false, problem: 'bad_token' };
    if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE') return { ok: false, problem: 'too_large' };
    // Anything else busboy or multer refused is a body no browser sends for this form: cut off, without a boundary, or not a form.
    if (error) return { ok: false, problem: 'unreadable' };
    if (!req.file) return { ok: false, problem: 'no_file' };
    return { ok: true, fileName: req.file.originalname, bytes: req.file.buffer };
  };
}
