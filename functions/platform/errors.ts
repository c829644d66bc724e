/**
 * Errors that cross a boundary carry a name, a message a person can act on, and their cause.
 */
export class FrontdeskError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An error with an HTTP status: the edge answers it as `{ error: message }` with that status. */
export class HttpError extends FrontdeskError {
  /** Extra response headers, e.g. `retry-after` on a 429. */
  readonly headers: Record<string, string>;
  constructor(
    readonly statusCode: number,
    message: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options);
    this.headers = options?.headers ?? {};
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(400, message, options);
  }
}

export class ForbiddenError extends HttpError {
  constructor(message = 'Forbidden', options?: { cause?: unknown }) {
    super(403, message, options);
  }
}

/** A required setting or secret is missing: an operator must act, retrying will not help. */
export class ConfigurationError extends FrontdeskError {}
