/**
 * The catalogue of every machine-readable error code image-scanner answers with.
 *
 * Codes are part of the public API: clients and CI scripts branch on them. A code is never
 * renamed or reused for another meaning; a retired code stays listed with `retired: true`.
 */
export interface ErrorCodeEntry {
  /** HTTP status the API answers with when this error ends a request. */
  readonly httpStatus: number;
  /** One-line description for the docs; the message sent to clients says what was wrong. */
  readonly summary: string;
}

export const ERROR_CODES = {
  ERR_VALIDATION: {
    httpStatus: 400,
    summary: 'a request field is missing, of the wrong type or out of range',
  },
  ERR_BODY_TOO_LARGE: {
    httpStatus: 413,
    summary: 'the request body is larger than the API accepts',
  },
  ERR_MALFORMED_JSON: { httpStatus: 400, summary: 'the request body is not valid JSON' },
  ERR_UNSUPPORTED_MEDIA_TYPE: {
    httpStatus: 415,
    summary: 'the request body is not application/json',
  },
  ERR_NOT_FOUND: { httpStatus: 404, summary: 'no route matches the request path' },
  ERR_SCAN_NOT_FOUND: { httpStatus: 404, summary: 'no scan has this id' },
  ERR_REPORT_NOT_FOUND: { httpStatus: 404, summary: 'no stored report has this path' },
  ERR_INVALID_ID: {
    httpStatus: 400,
    summary: 'an id in the path has characters ids never contain',
  },
  ERR_UNAUTHORIZED: { httpStatus: 401, summary: 'a valid bearer token is required' },
  ERR_SCAN_NOT_CANCELLABLE: { httpStatus: 409, summary: 'the scan has already finished' },
  ERR_DEPENDENCY_UNAVAILABLE: {
    httpStatus: 503,
    summary: 'Redis or the report store did not answer',
  },
  ERR_WORKER_UNAVAILABLE: {
    httpStatus: 503,
    summary: 'no scanner worker serves the Docker host',
  },
  ERR_WORKER_TIMEOUT: {
    httpStatus: 504,
    summary: 'no scanner worker of the Docker host answered in time',
  },
  ERR_SCAN_TIMEOUT: {
    httpStatus: 504,
    summary: 'the scan did not finish within the time the caller waits',
  },
  ERR_API_UNREACHABLE: {
    httpStatus: 503,
    summary: 'the client could not reach the image-scanner API',
  },
  ERR_INTERNAL: { httpStatus: 500, summary: 'an unexpected failure; the log has the cause' },

  // Per-target errors: they end one target of a scan, never the whole scan or a request.
  ERR_TARGET_NOT_FOUND: { httpStatus: 404, summary: 'no image or container matches the target' },
  ERR_TARGET_AMBIGUOUS: {
    httpStatus: 409,
    summary: 'the target matches more than one image or container',
  },
  ERR_DOCKER_UNAVAILABLE: { httpStatus: 503, summary: 'the Docker Engine did not answer' },
  ERR_TARGET_READ_FAILED: { httpStatus: 500, summary: "the target's files could not be read" },
  ERR_TARGET_FILE_TOO_LARGE: {
    httpStatus: 500,
    summary: 'a file read from the target is over its size limit',
  },
  ERR_TARGET_FILE_UNSAFE: {
    httpStatus: 500,
    summary: 'a file the scan needs is a device, FIFO or a link loop',
  },
  ERR_TARGET_NO_PACKAGE_DB: {
    httpStatus: 500,
    summary: 'the target has no readable package database',
  },
  ERR_OS_UNKNOWN: {
    httpStatus: 500,
    summary: "the target's operating system could not be detected",
  },
  ERR_FEED_MISSING: {
    httpStatus: 500,
    summary: 'no feed is configured for the detected operating system',
  },
  ERR_FEED_INVALID: {
    httpStatus: 500,
    summary: 'the feed for the operating system could not be parsed',
  },
  ERR_OSCAP_FAILED: { httpStatus: 500, summary: 'oscap exited with an error' },
  ERR_OSCAP_TIMEOUT: { httpStatus: 500, summary: 'oscap did not finish within its time limit' },
  ERR_OSCAP_PROBE_FAILED: {
    httpStatus: 500,
    summary: 'oscap ran but could not read the package database, so its results cannot be trusted',
  },
  ERR_RESULTS_INVALID: { httpStatus: 500, summary: "oscap's results file could not be parsed" },
  ERR_STORE_FAILED: { httpStatus: 502, summary: 'the report store refused or failed an upload' },
  ERR_JOB_ABANDONED: {
    httpStatus: 500,
    summary: 'the work was lost repeatedly (workers killed or crashed) and was given up',
  },
  ERR_SCAN_CANCELLED: { httpStatus: 409, summary: 'the scan was cancelled before the target ran' },

  // Feed errors: they end a feed sync or import, and never replace the feed in use.
  ERR_FEED_DOWNLOAD_FAILED: {
    httpStatus: 502,
    summary: 'the feed could not be downloaded from its vendor or mirror (retried first)',
  },
  ERR_FEED_TOO_LARGE: { httpStatus: 413, summary: 'the feed is over its size limit' },
  ERR_FEED_UNRECOGNIZED: {
    httpStatus: 400,
    summary: 'the feed names no operating system release of the catalogue',
  },
  ERR_FEED_MISMATCH: {
    httpStatus: 400,
    summary: 'the feed is for another operating system release than the one it replaces',
  },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}
