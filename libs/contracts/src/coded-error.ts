import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/** Detail that travels with an error to the client: the offending field, a limit, a path. */
export type ErrorDetails = Record<string, string | number | boolean | undefined>;

/**
 * An operational error with a stable code. Anything thrown that is not a CodedError is a bug
 * and is answered as ERR_INTERNAL.
 */
export class CodedError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(
    code: ErrorCode,
    message: string,
    details: ErrorDetails = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'CodedError';
    this.code = code;
    this.details = details;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].httpStatus;
  }

  /** The shape sent to clients and stored in reports. */
  toJSON(): ErrorBody {
    return { code: this.code, message: this.message, ...stripUndefined(this.details) };
  }
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  [detail: string]: string | number | boolean | undefined;
}

export function isCodedError(value: unknown): value is CodedError {
  return value instanceof CodedError;
}

function stripUndefined(details: ErrorDetails): ErrorDetails {
  return Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined));
}
