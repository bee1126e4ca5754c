import { randomUUID } from 'node:crypto';
import type { Logger } from '@image-scanner/logging';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { FeedSyncConfig } from './feed-sync-config.js';
import { FeedStateStore } from './feed-state-store.js';
import type { FeedState } from './feed-state.js';
import { FeedSyncer } from './feed-syncer.js';

/** The queue every worker shares for feed syncs; separate from the per-host scan queues. */
export const FEED_SYNC_QUEUE_NAME = 'image-scanner-feed-sync';
const JOB_NAME = 'feed-sync';
const SCHEDULER_ID = 'feed-sync-every';

export interface FeedSyncSchedulerOptions {
  config: Readonly<FeedSyncConfig>;
  /** A BullMQ connection (maxRetriesPerRequest null). */
  connection: Redis;
  logger: Logger;
  /** @defaultValue {@link FEED_SYNC_QUEUE_NAME} */
  queueName?: string;
  /** Prefix of the feed state hash and the sync lock. @defaultValue `is:` */
  keyPrefix?: string;
}

/**
 * Keeps the configured feeds fresh: a BullMQ job scheduler adds one sync job per interval (the
 * first at once), any worker may take it, and a Redis lock makes sure only one sync runs at a
 * time across all workers, since they share the feed folder.
 */
// Known limitation: the sync writes only the feed folder of the worker that takes the job, so
// workers on other machines must share that folder (a volume); a per-worker sync would remove it.
export class FeedSyncScheduler {
  private constructor(
    private readonly queue: Queue,
    private readonly worker: Worker,
  ) {}

  /** Starts scheduling and processing; with no feeds configured it does nothing. */
  static async start(options: FeedSyncSchedulerOptions): Promise<FeedSyncScheduler | undefined> {
    const { config, connection, logger } = options;
    if (config.feeds.length === 0) return undefined;
    const queueName = options.queueName ?? FEED_SYNC_QUEUE_NAME;
    const prefix = options.keyPrefix ?? 'is:';
    const states = new FeedStateStore(connection, prefix);
    const syncer = new FeedSyncer({
      feedDir: config.feedDir,
      ...(config.mirrorBaseUrl ? { mirrorBaseUrl: config.mirrorBaseUrl } : {}),
      download: config.download,
      maxXmlBytes: config.maxXmlBytes,
      states,
      logger,
    });
    const lockKey = `${prefix}feed-sync-lock`;
    // Longest one feed may take, all attempts and backoff included; the lock is renewed before
    // each feed, so a worker killed mid-sync blocks the next sync for at most this long.
    const { attempts, timeoutMs, backoffMs } = config.download;
    const lockMs = attempts * (timeoutMs + 60_000) + backoffMs * 2 ** attempts;
    const queue = new Queue(queueName, { connection });
    const worker = new Worker(
      queueName,
      async (job: Job) => {
        const token = randomUUID();
        const acquired = await connection.set(lockKey, token, 'PX', lockMs, 'NX');
        if (acquired !== 'OK') {
          logger.info({ jobId: job.id }, 'feed sync skipped: another sync is running');
          return { skipped: true };
        }
        try {
          const results: FeedState[] = [];
          for (const entry of config.feeds) {
            if ((await connection.get(lockKey)) === token) {
              await connection.pexpire(lockKey, lockMs);
            }
            results.push(await syncer.sync(entry));
          }
          return { feeds: results.map((s) => ({ id: s.id, status: s.lastSync?.status })) };
        } finally {
          // Release only our own lock (it may have expired and been taken by another sync).
          const held = await connection.get(lockKey);
          if (held === token) await connection.del(lockKey);
        }
      },
      { connection, concurrency: 1, lockDuration: 5 * 60_000 },
    );
    worker.on('error', (err) => logger.warn({ err }, 'feed sync worker error'));
    const removal = { removeOnComplete: 50, removeOnFail: 50 };
    // An `every` scheduler queues its first job at once, so a fresh worker gets its feeds
    // without waiting an interval; upserting the same id from every worker keeps one schedule.
    await queue.upsertJobScheduler(
      SCHEDULER_ID,
      { every: config.intervalMs },
      { name: JOB_NAME, opts: removal },
    );
    logger.info(
      { feeds: config.feeds.map((e) => e.id), intervalMs: config.intervalMs },
      'feed sync scheduled',
    );
    return new FeedSyncScheduler(queue, worker);
  }

  /** Stops taking sync jobs (a running one finishes) and closes the queue. */
  async close(): Promise<void> {
    await this.worker.close();
    await this.queue.close();
  }
}
