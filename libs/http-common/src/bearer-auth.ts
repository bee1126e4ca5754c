import { createHash, timingSafeEqual } from 'node:crypto';
import { CodedError } from '@image-scanner/contracts';
import type { RequestHandler } from 'express';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Accepts a request only with `Authorization: Bearer <one of tokens>`. Tokens are compared
 * as digests in constant time so neither their length nor their content leaks by timing.
 */
export function requireBearerToken(tokens: readonly string[]): RequestHandler {
  const expected = tokens.filter((t) => t.length > 0).map(digest);
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header);
    const presented = match?.[1] ? digest(match[1]) : undefined;
    const ok = presented !== undefined && expected.some((e) => timingSafeEqual(e, presented));
    next(ok ? undefined : new CodedError('ERR_UNAUTHORIZED', 'a valid bearer token is required'));
  };
}
