export {
  FEED_CATALOG,
  UNSUPPORTED_DISTROS,
  catalogEntryById,
  catalogEntryFor,
  feedDownloadUrl,
  type FeedCatalogEntry,
  type UnsupportedDistro,
} from './feed-catalog.js';
export { identifyFeed, type FeedIdentity } from './feed-identity.js';
export {
  feedMetadataPath,
  readFeedMetadata,
  writeFeedMetadata,
  type FeedMetadata,
} from './feed-metadata.js';
export {
  downloadFeed,
  type CachedValidators,
  type DownloadLimits,
  type DownloadResult,
} from './feed-downloader.js';
export { installFeed, type InstallRequest, type InstalledFeed } from './feed-installer.js';
export { FeedSyncer, toState, type FeedSyncerOptions } from './feed-syncer.js';
export { importFeedFile, type ImportOptions } from './feed-importer.js';
export type { FeedState, FeedSyncStatus } from './feed-state.js';
export { FeedStateStore } from './feed-state-store.js';
export { feedFigures, type FeedFigures } from './feed-ages.js';
export { loadFeedSyncConfig, type FeedSyncConfig } from './feed-sync-config.js';
export {
  FEED_SYNC_QUEUE_NAME,
  FeedSyncScheduler,
  type FeedSyncSchedulerOptions,
} from './feed-sync-scheduler.js';
