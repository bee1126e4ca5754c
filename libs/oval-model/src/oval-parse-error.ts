/**
 * Every way reading an OVAL document can fail. Codes are stable: callers branch on them, and
 * a retired code is never reused for another meaning.
 */
export type OvalParseErrorCode =
  /** The bytes are not well-formed XML (truncated, bad nesting, bad characters). */
  | 'ERR_OVAL_MALFORMED_XML'
  /** Well-formed XML, but its root is not oval_definitions / oval_results. */
  | 'ERR_OVAL_NOT_OVAL'
  /** A DOCTYPE was present; entity declarations are how XML bombs work, so none is accepted. */
  | 'ERR_OVAL_DOCTYPE_FORBIDDEN'
  /** A test, object, state, variable or definition id is referenced but never defined. */
  | 'ERR_OVAL_DANGLING_REFERENCE'
  /** More uncompressed bytes than `maxBytes`. */
  | 'ERR_OVAL_TOO_LARGE'
  /** Elements nested deeper than `maxDepth`. */
  | 'ERR_OVAL_TOO_DEEP'
  /** The caller's AbortSignal fired. */
  | 'ERR_OVAL_ABORTED'
  /** The compressed input could not be decompressed or the file could not be read. */
  | 'ERR_OVAL_READ_FAILED';

/** Where in the uncompressed XML a problem was seen (1-based line and column). */
export interface XmlPosition {
  line: number;
  column: number;
}

/** Machine-readable detail; `missingId` is set for ERR_OVAL_DANGLING_REFERENCE. */
export interface OvalParseErrorDetails {
  position?: XmlPosition;
  missingId?: string;
  referencedFrom?: string;
  limit?: number;
}

/** The one error type this library throws for bad input; branch on `code`. */
export class OvalParseError extends Error {
  readonly code: OvalParseErrorCode;
  readonly details: OvalParseErrorDetails;

  constructor(
    code: OvalParseErrorCode,
    message: string,
    details: OvalParseErrorDetails = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'OvalParseError';
    this.code = code;
    this.details = details;
  }
}

export function isOvalParseError(value: unknown): value is OvalParseError {
  return value instanceof OvalParseError;
}
