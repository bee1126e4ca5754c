import type { ErrorBody } from '@image-scanner/contracts';

/** How the last sync or import of a feed ended. */
export type FeedSyncStatus = 'downloaded' | 'not-modified' | 'imported' | 'failed';

/**
 * A feed as people see it in `GET /feeds`: where it came from, which bytes are in use, and how
 * the last attempt to refresh it went. Kept in Redis by whoever syncs or imports the feed.
 */
export interface FeedState {
  /** Catalogue id, `<distro>-<release>`. */
  id: string;
  distro: string;
  release: string;
  /** URL or imported file name of the feed in use; absent while none was ever installed. */
  source?: string;
  /** Path of the feed in use, relative to the feed folder. */
  file?: string;
  digest?: string;
  generatedAt?: string;
  fetchedAt?: string;
  definitionCount?: number;
  bytes?: number;
  lastSync?: {
    status: FeedSyncStatus;
    at: string;
    durationMs: number;
    /** Why it failed; the feed in use (if any) stayed in place. */
    error?: ErrorBody;
  };
  /** Failed syncs since the last successful one. */
  consecutiveFailures: number;
  /** Failed syncs since the state was first written. */
  totalFailures: number;
}
