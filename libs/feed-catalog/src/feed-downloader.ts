import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CodedError } from '@image-scanner/contracts';

/** Limits on one download. */
export interface DownloadLimits {
  /** Largest accepted download in bytes (compressed, as sent). */
  maxBytes: number;
  /** Longest one attempt may take, headers and body together. */
  timeoutMs: number;
  /** Attempts in all, the first included; only network errors, 429 and 5xx are retried. */
  attempts: number;
  /** Wait before the second attempt; it doubles for each further one. */
  backoffMs: number;
}

/** The validators of the copy already held, for a conditional request. */
export interface CachedValidators {
  etag?: string;
  lastModified?: string;
}

export type DownloadResult =
  | { status: 'not-modified' }
  | { status: 'downloaded'; bytes: number; etag?: string; lastModified?: string };

/**
 * Downloads `url` into `destPath` with a conditional request (If-None-Match /
 * If-Modified-Since), a size and time limit per attempt, and retries with exponential backoff.
 * On any failure `destPath` is removed: the caller only ever sees a complete response body.
 */
// Known limitation: a download is trusted on TLS and a full parse only; the vendors' published
// checksums and signatures are not checked, which fetching and comparing them would add.
export async function downloadFeed(
  url: string,
  destPath: string,
  cached: CachedValidators,
  limits: DownloadLimits,
  signal?: AbortSignal,
): Promise<DownloadResult> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= limits.attempts; attempt += 1) {
    if (attempt > 1) await sleep(limits.backoffMs * 2 ** (attempt - 2), signal);
    try {
      return await attemptDownload(url, destPath, cached, limits, signal);
    } catch (err) {
      await rm(destPath, { force: true });
      lastError = err;
      if (!isRetryable(err) || signal?.aborted) break;
    }
  }
  if (lastError instanceof CodedError) throw lastError;
  throw new CodedError(
    'ERR_FEED_DOWNLOAD_FAILED',
    `failed to download the feed from ${url}`,
    { url, reason: lastError instanceof Error ? lastError.message : String(lastError) },
    { cause: lastError },
  );
}

class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP status ${status}`);
  }
}

function isRetryable(err: unknown): boolean {
  if (err instanceof HttpStatusError) return err.status === 429 || err.status >= 500;
  // A too-large feed stays too large; anything else (network, timeout, cut body) may pass.
  return !(err instanceof CodedError && err.code === 'ERR_FEED_TOO_LARGE');
}

async function attemptDownload(
  url: string,
  destPath: string,
  cached: CachedValidators,
  limits: DownloadLimits,
  signal?: AbortSignal,
): Promise<DownloadResult> {
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const headers: Record<string, string> = {};
  if (cached.etag) headers['if-none-match'] = cached.etag;
  if (cached.lastModified) headers['if-modified-since'] = cached.lastModified;
  const response = await fetch(url, {
    headers,
    redirect: 'follow',
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  });
  if (response.status === 304) {
    await response.body?.cancel();
    return { status: 'not-modified' };
  }
  if (response.status !== 200 || !response.body) {
    await response.body?.cancel();
    throw new HttpStatusError(response.status);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limits.maxBytes) {
    await response.body.cancel();
    throw tooLarge(url, limits.maxBytes);
  }
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > limits.maxBytes ? tooLarge(url, limits.maxBytes) : null, chunk);
    },
  });
  const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
  await pipeline(body, counter, createWriteStream(destPath));
  // A body cut short with a declared length is a truncated download, whatever the parser says.
  if (Number.isFinite(declared) && bytes !== declared) {
    throw new Error(`received ${bytes} of ${declared} bytes`);
  }
  const etag = response.headers.get('etag') ?? undefined;
  const lastModified = response.headers.get('last-modified') ?? undefined;
  return {
    status: 'downloaded',
    bytes,
    ...(etag ? { etag } : {}),
    ...(lastModified ? { lastModified } : {}),
  };
}

function tooLarge(url: string, maxBytes: number): CodedError {
  return new CodedError('ERR_FEED_TOO_LARGE', `the feed at ${url} is over ${maxBytes} bytes`, {
    url,
    maxBytes,
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
