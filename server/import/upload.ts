import type { Request, RequestHandler } from 'express';
import multer from 'multer';

/**
 * The CSV upload of the import form, read into memory with multer (busboy
 * underneath) within fixed limits.
 *
 * It runs before the CSRF check, because the form's token travels inside the
 * multipart body that nothing else parses; so it parses only the one upload
 * route, and only for a signed-in session. A file over the limit is not an
 * error of the chain: the handler answers it with the form and a message (the
 * token field comes before the file in the form, so it is read by then).
 */
export const UPLOAD_PATH = '/import/preview';
export const UPLOAD_FIELD = 'file';
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

export type UploadProblem = 'too_large' | 'unreadable';

const problems = new WeakMap<Request, UploadProblem>();

/** What went wrong with the upload, if anything, for the handler to explain. */
export function uploadProblemOf(req: Request): UploadProblem | undefined {
  return problems.get(req);
}

const parse = multer({
  storage: multer.memoryStorage(),
  // File names arrive as UTF-8 from browsers (a Russian or Chinese name stays readable).
  defParamCharset: 'utf8',
  limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, fieldSize: 1000, parts: 6, headerPairs: 50 },
}).single(UPLOAD_FIELD);

export const importUpload: RequestHandler = (req, res, next) => {
  if (req.method !== 'POST' || req.path !== UPLOAD_PATH || req.session.userId === undefined) return next();
  parse(req, res, (error: unknown) => {
    if (error instanceof multer.MulterError) {
      problems.set(req, error.code === 'LIMIT_FILE_SIZE' ? 'too_large' : 'unreadable');
      return next();
    }
    next(error);
  });
};
