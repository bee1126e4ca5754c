import { resolve } from 'node:path';
import { FEED_CATALOG, type FeedCatalogEntry } from './feed-catalog.js';
import type { DownloadLimits } from './feed-downloader.js';
import { envInteger } from '@image-scanner/settings';

export interface FeedSyncConfig {
  feedDir: string;
  /** Feeds to keep up to date; empty means no sync (feeds are placed or imported by hand). */
  feeds: readonly FeedCatalogEntry[];
  mirrorBaseUrl?: string;
  intervalMs: number;
  download: DownloadLimits;
  maxXmlBytes: number;
  /** Largest file `feeds import` accepts. */
  maxImportBytes: number;
}

const MIB = 1024 * 1024;

function feedList(raw: string | undefined): FeedCatalogEntry[] {
  const ids = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (ids.includes('all')) return [...FEED_CATALOG];
  return ids.map((id) => {
    const entry = FEED_CATALOG.find((e) => e.id === id);
    if (!entry) {
      const known = FEED_CATALOG.map((e) => e.id).join(', ');
      throw new Error(`FEED_SYNC_FEEDS names unknown feed ${JSON.stringify(id)} (known: ${known})`);
    }
    return entry;
  });
}

function mirror(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`FEED_MIRROR_URL must be an http(s) URL, got ${JSON.stringify(raw)}`);
  }
  return raw.replace(/\/+$/, '');
}

/** Reads and checks the feed settings once, at start-up (worker and `feeds import`). */
export function loadFeedSyncConfig(env: NodeJS.ProcessEnv = process.env): Readonly<FeedSyncConfig> {
  const feedDir = env.FEED_DIR;
  if (!feedDir) throw new Error('FEED_DIR must be set');
  const mirrorBaseUrl = mirror(env.FEED_MIRROR_URL);
  return Object.freeze({
    feedDir: resolve(feedDir),
    feeds: feedList(env.FEED_SYNC_FEEDS),
    ...(mirrorBaseUrl ? { mirrorBaseUrl } : {}),
    intervalMs: envInteger(env, 'FEED_SYNC_INTERVAL_MS', 6 * 60 * 60_000, 1000),
    download: {
      maxBytes: envInteger(env, 'FEED_DOWNLOAD_MAX_BYTES', 512 * MIB, 1),
      timeoutMs: envInteger(env, 'FEED_DOWNLOAD_TIMEOUT_MS', 10 * 60_000, 100),
      attempts: envInteger(env, 'FEED_DOWNLOAD_ATTEMPTS', 4, 1),
      backoffMs: envInteger(env, 'FEED_DOWNLOAD_BACKOFF_MS', 5_000, 0),
    },
    maxXmlBytes: envInteger(env, 'FEED_MAX_XML_BYTES', 1024 * MIB, 1),
    maxImportBytes: envInteger(env, 'FEED_IMPORT_MAX_BYTES', 1024 * MIB, 1),
  });
}
