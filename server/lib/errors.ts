/**
 * The one family of domain errors. Each carries an HTTP status and a
 * translation key; the error handler renders it inside the layout.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly messageKey: string,
  ) {
    super(messageKey);
    this.name = 'AppError';
  }
}

export class NotFoundError extends AppError {
  constructor(messageKey = 'errors.not_found') {
    super(404, messageKey);
  }
}

export class ForbiddenError extends AppError {
  constructor(messageKey = 'errors.forbidden') {
    super(403, messageKey);
  }
}
