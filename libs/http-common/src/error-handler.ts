import { CodedError, isCodedError } from '@image-scanner/contracts';
import type { Logger } from '@image-scanner/logging';
import type { ErrorRequestHandler, RequestHandler } from 'express';

/**
 * Errors raised by Express's body parser carry a `type`; map them to stable codes so a bad
 * body is a 4xx with a code, never a 500.
 */
function fromBodyParserError(err: { type?: unknown; limit?: unknown }): CodedError | undefined {
  switch (err.type) {
    case 'entity.too.large':
      return new CodedError('ERR_BODY_TOO_LARGE', 'request body is too large', {
        limitBytes: typeof err.limit === 'number' ? err.limit : undefined,
      });
    case 'entity.parse.failed':
      return new CodedError('ERR_MALFORMED_JSON', 'request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new CodedError('ERR_UNSUPPORTED_MEDIA_TYPE', 'request body encoding is not supported');
    case 'request.aborted':
    case 'stream.not.readable':
      return new CodedError('ERR_VALIDATION', 'request body could not be read', {
        field: '(body)',
      });
    default:
      return undefined;
  }
}

/**
 * Express's router raises a URIError (status 400) for a path parameter that is not valid
 * percent-encoding, and other client errors carry a 4xx `status`; they are the client's
 * mistake, never a 500.
 */
function fromRouterError(err: { status?: unknown; name?: unknown }): CodedError | undefined {
  const status = typeof err.status === 'number' ? err.status : undefined;
  if (status === undefined || status < 400 || status >= 500) return undefined;
  if (err instanceof URIError || err.name === 'URIError') {
    return new CodedError('ERR_INVALID_ID', 'a path parameter is not valid percent-encoding', {
      field: 'path',
    });
  }
  if (status === 404) return new CodedError('ERR_NOT_FOUND', 'not found');
  return new CodedError('ERR_VALIDATION', 'the request is malformed', { field: '(request)' });
}

/**
 * A Redis client that gave up on a command (the server is down or restarting) is an outage
 * of a dependency, which clients should retry, not a bug: answer 503 with its code.
 */
function fromDependencyError(err: { name?: unknown; message?: unknown }): CodedError | undefined {
  const message = typeof err.message === 'string' ? err.message : '';
  const outage =
    err.name === 'MaxRetriesPerRequestError' ||
    /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET/.test(message);
  return outage
    ? new CodedError('ERR_DEPENDENCY_UNAVAILABLE', 'a service this one depends on is unavailable')
    : undefined;
}

export function toCodedError(err: unknown): CodedError | undefined {
  if (isCodedError(err)) return err;
  if (typeof err === 'object' && err !== null) {
    return fromBodyParserError(err) ?? fromRouterError(err) ?? fromDependencyError(err);
  }
  return undefined;
}

/** Last middleware: every error becomes a JSON body with a code. Unknown errors are 500s. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const coded = toCodedError(err);
    if (coded) {
      logger.info({ code: coded.code, method: req.method, route: req.path }, 'request rejected');
      res.status(coded.httpStatus).json({ error: coded.toJSON() });
      return;
    }
    logger.error({ err, method: req.method, route: req.path }, 'request failed');
    res.status(500).json({ error: { code: 'ERR_INTERNAL', message: 'internal error' } });
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new CodedError('ERR_NOT_FOUND', `no route for ${req.method} ${req.path.slice(0, 200)}`));
};
