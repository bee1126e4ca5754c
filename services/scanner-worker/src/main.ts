import { FeedSyncScheduler, loadFeedSyncConfig } from '@image-scanner/feed-catalog';
import { createLogger } from '@image-scanner/logging';
import { SCANNER_VERSION } from '@image-scanner/scan-engine';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { loadConfig } from './config.js';
import { countedProcessor } from './counted-processor.js';
import { createJobRouter } from './job-router.js';
import { recordAbandonedJobs } from './jobs/abandoned-job-recorder.js';
import { removeLeftovers } from './remove-leftovers.js';
import { startWorkerHttp } from './start-worker-http.js';
import { createWorkerServices } from './worker-services.js';

const config = loadConfig();
const feedSyncConfig = loadFeedSyncConfig();
const logger = createLogger({ service: 'scanner-worker', level: config.logLevel });
logger.info({ version: SCANNER_VERSION, dockerHost: config.dockerHostName }, 'starting');

// BullMQ needs maxRetriesPerRequest null so a Redis restart blocks commands instead of failing.
const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
connection.on('error', (err) => logger.warn({ err }, 'redis connection error'));
const services = createWorkerServices(config, logger, connection);

const processor = countedProcessor(createJobRouter(services), services.metrics);
const worker = new Worker(services.queueName, processor, {
  connection,
  concurrency: config.concurrency,
  lockDuration: config.lockDurationMs,
  // A killed worker's job is picked up again this many times before it counts as abandoned.
  maxStalledCount: config.maxStalledCount,
  stalledInterval: config.stalledIntervalMs,
  autorun: false,
});
const abandoned = recordAbandonedJobs(services.queue, connection, services.state, logger);
worker.on('error', (err) => logger.warn({ err }, 'worker error'));
worker.on('failed', (job, err) =>
  logger.warn({ err, jobId: job?.id, attemptsMade: job?.attemptsMade }, 'job failed'),
);

// Feed downloads run on their own shared queue, one at a time across workers (FEED_SYNC_FEEDS).
const feedSync = await FeedSyncScheduler.start({ config: feedSyncConfig, connection, logger });

let closing: Promise<void> | undefined;
/** Stops taking jobs, lets the running ones finish, then closes connections; runs once. */
function shutdown(signal: string): Promise<void> {
  closing ??= (async () => {
    logger.info({ signal }, 'shutting down');
    await worker.close().catch((err: unknown) => logger.warn({ err }, 'worker close failed'));
    await feedSync?.close().catch((err: unknown) => logger.warn({ err }, 'feed sync close failed'));
    await abandoned.close().catch((err: unknown) => logger.warn({ err }, 'events close failed'));
    await services.queue
      .close()
      .catch((err: unknown) => logger.warn({ err }, 'queue close failed'));
    connection.disconnect();
    logger.info('shut down');
  })();
  return closing;
}
process.once('SIGTERM', () => void shutdown('SIGTERM').then(() => process.exit(0)));
process.once('SIGINT', () => void shutdown('SIGINT').then(() => process.exit(0)));

await services.docker.ping();
await removeLeftovers(services, config.jobTimeoutMs);
// The endpoint's SIGTERM handling runs the same memoised shutdown, so either handler drains.
await startWorkerHttp(services, connection, () => shutdown('SIGTERM'));
if (config.preloadFeeds.length > 0) {
  const started = Date.now();
  const missing = await services.evaluator.preload(config.preloadFeeds);
  // A feed not there yet is no reason to stay down: the first scan that needs it loads it.
  if (missing.length > 0) logger.warn({ missing }, 'feeds to preload not found');
  logger.info(
    { feeds: config.preloadFeeds.length, durationMs: Date.now() - started },
    'feeds preloaded',
  );
}
logger.info('ready');
void worker.run();
