import { randomUUID } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isCodedError, type ErrorBody } from '@image-scanner/contracts';
import type { Logger } from '@image-scanner/logging';
import { feedDownloadUrl, type FeedCatalogEntry } from './feed-catalog.js';
import { downloadFeed, type CachedValidators, type DownloadLimits } from './feed-downloader.js';
import { installFeed } from './feed-installer.js';
import { readFeedMetadata, type FeedMetadata } from './feed-metadata.js';
import type { FeedState, FeedSyncStatus } from './feed-state.js';
import type { FeedStateStore } from './feed-state-store.js';

export interface FeedSyncerOptions {
  feedDir: string;
  /** Base URL of a mirror holding the vendor files under their own names (air-gapped sites). */
  mirrorBaseUrl?: string;
  download: DownloadLimits;
  /** Largest accepted feed once decompressed. */
  maxXmlBytes: number;
  states?: FeedStateStore;
  logger: Logger;
}

/**
 * Brings one catalogue feed up to date in the shared feed folder: a conditional download to
 * a temp file, verification, then an atomic rename (see `installFeed`). Whatever fails, the
 * feed in use stays, and the outcome is recorded as the feed's state.
 */
export class FeedSyncer {
  constructor(private readonly options: FeedSyncerOptions) {}

  async sync(entry: FeedCatalogEntry, signal?: AbortSignal): Promise<FeedState> {
    const { feedDir, logger } = this.options;
    const started = Date.now();
    const folder = join(feedDir, entry.distro, entry.release);
    await mkdir(folder, { recursive: true });
    const current = await this.current(entry);
    const url = feedDownloadUrl(entry, this.options.mirrorBaseUrl);
    const candidatePath = join(folder, `.${entry.fileName}.${randomUUID()}.part`);
    let status: FeedSyncStatus;
    let installed: { file: string; metadata: FeedMetadata } | undefined = current;
    let error: ErrorBody | undefined;
    try {
      // Validators only from a copy of this very URL: a mirror's ETag means nothing upstream.
      const validators: CachedValidators = current?.metadata.source === url ? current.metadata : {};
      const result = await downloadFeed(
        url,
        candidatePath,
        validators,
        this.options.download,
        signal,
      );
      if (result.status === 'not-modified') {
        status = 'not-modified';
      } else {
        installed = await installFeed({
          candidatePath,
          feedDir,
          expected: entry,
          source: url,
          ...(result.etag ? { etag: result.etag } : {}),
          ...(result.lastModified ? { lastModified: result.lastModified } : {}),
          maxXmlBytes: this.options.maxXmlBytes,
          ...(signal ? { signal } : {}),
        });
        status = 'downloaded';
      }
    } catch (err) {
      status = 'failed';
      error = isCodedError(err)
        ? err.toJSON()
        : { code: 'ERR_INTERNAL', message: err instanceof Error ? err.message : String(err) };
      logger.warn({ err, feed: entry.id, url }, 'feed sync failed');
    }
    const durationMs = Date.now() - started;
    const previous = await this.options.states?.get(entry.id);
    const state = toState(entry, installed, {
      status,
      at: new Date().toISOString(),
      durationMs,
      ...(error ? { error } : {}),
      consecutiveFailures: status === 'failed' ? (previous?.consecutiveFailures ?? 0) + 1 : 0,
      totalFailures: (previous?.totalFailures ?? 0) + (status === 'failed' ? 1 : 0),
    });
    await this.options.states?.save(state);
    logger.info(
      { feed: entry.id, status, durationMs, digest: state.digest, url },
      'feed sync finished',
    );
    return state;
  }

  /** The installed copy of the catalogue file, if any, with its metadata. */
  private async current(
    entry: FeedCatalogEntry,
  ): Promise<{ file: string; metadata: FeedMetadata } | undefined> {
    const folder = join(this.options.feedDir, entry.distro, entry.release);
    const base = entry.fileName.replace(/\.bz2$/, '');
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of [`${base}.bz2`, base]) {
      if (!names.includes(name)) continue;
      const metadata = await readFeedMetadata(join(folder, name));
      if (metadata) return { file: join(entry.distro, entry.release, name), metadata };
    }
    return undefined;
  }
}

interface SyncOutcome {
  status: FeedSyncStatus;
  at: string;
  durationMs: number;
  error?: ErrorBody;
  consecutiveFailures: number;
  totalFailures: number;
}

/** The state record of a feed from its installed copy and the last attempt. */
export function toState(
  entry: FeedCatalogEntry,
  installed: { file: string; metadata: FeedMetadata } | undefined,
  outcome: SyncOutcome,
): FeedState {
  const { consecutiveFailures, totalFailures, ...lastSync } = outcome;
  const m = installed?.metadata;
  return {
    id: entry.id,
    distro: entry.distro,
    release: entry.release,
    ...(installed && m
      ? {
          source: m.source,
          file: installed.file,
          digest: m.digest,
          fetchedAt: m.fetchedAt,
          definitionCount: m.definitionCount,
          bytes: m.bytes,
          ...(m.generatedAt ? { generatedAt: m.generatedAt } : {}),
        }
      : {}),
    lastSync,
    consecutiveFailures,
    totalFailures,
  };
}
