import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { CodedError } from '@image-scanner/contracts';
import { installFeed } from './feed-installer.js';
import type { FeedState } from './feed-state.js';
import type { FeedStateStore } from './feed-state-store.js';
import { toState } from './feed-syncer.js';

export interface ImportOptions {
  feedDir: string;
  /** Largest accepted file as given (compressed or not). */
  maxFileBytes: number;
  /** Largest accepted feed once decompressed. */
  maxXmlBytes: number;
  /** Where to record the feed's state, when Redis is reachable from this machine. */
  states?: FeedStateStore;
}

/**
 * Installs a vendor feed file copied onto a machine without internet (`image-scanner feeds
 * import FILE`). Which OS release it is for comes from its own content; it is verified like a
 * download and installed atomically, so a bad file never replaces the feed in use.
 */
export async function importFeedFile(file: string, options: ImportOptions): Promise<FeedState> {
  const started = Date.now();
  const info = await stat(file).catch((err: unknown) => {
    throw new CodedError(
      'ERR_VALIDATION',
      `cannot read ${file}`,
      { field: 'file' },
      { cause: err },
    );
  });
  if (!info.isFile()) throw new CodedError('ERR_VALIDATION', `${file} is not a regular file`);
  if (info.size > options.maxFileBytes) {
    throw new CodedError('ERR_FEED_TOO_LARGE', `${file} is over ${options.maxFileBytes} bytes`, {
      maxBytes: options.maxFileBytes,
    });
  }
  // The copy sits in the feed folder's file system, so the final rename is atomic.
  const staging = join(options.feedDir, '.import');
  await mkdir(staging, { recursive: true });
  const candidatePath = join(staging, `${randomUUID()}.part`);
  await copyFile(file, candidatePath);
  const installed = await installFeed({
    candidatePath,
    feedDir: options.feedDir,
    source: basename(file),
    maxXmlBytes: options.maxXmlBytes,
  });
  const previous = await options.states?.get(installed.entry.id);
  const state = toState(installed.entry, installed, {
    status: 'imported',
    at: new Date().toISOString(),
    durationMs: Date.now() - started,
    consecutiveFailures: 0,
    totalFailures: previous?.totalFailures ?? 0,
  });
  await options.states?.save(state);
  return state;
}
