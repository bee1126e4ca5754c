import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@image-scanner/logging';
import { Queue } from 'bullmq';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { loadFeedSyncConfig } from '../src/feed-sync-config.js';
import { FeedSyncScheduler } from '../src/feed-sync-scheduler.js';
import { FeedStateStore } from '../src/feed-state-store.js';
import { FeedServer } from './support/feed-server.js';
import { DEBIAN11_EXCERPT } from './support/real-data.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/11';

describe('scheduled feed sync on a BullMQ queue', function () {
  this.timeout(60_000);
  const unique = `${process.pid}-${Date.now()}`;
  const queueName = `test-feed-sync-${unique}`;
  const prefix = `test:feed-sched:${unique}:`;
  let server: FeedServer;
  let feedDir: string;
  let connection: Redis;
  const schedulers: FeedSyncScheduler[] = [];

  before(async () => {
    server = await FeedServer.start();
    server.files.set('oval-definitions-bullseye.xml.bz2', {
      body: await readFile(DEBIAN11_EXCERPT),
      etag: '"v1"',
      lastModified: 'Tue, 12 Jul 2022 23:31:28 GMT',
    });
    feedDir = await mkdtemp(join(tmpdir(), 'feed-sched-test-'));
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  });

  after(async () => {
    await Promise.all(schedulers.map((s) => s.close()));
    const queue = new Queue(queueName, { connection });
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.del(`${prefix}feeds`, `${prefix}feed-sync-lock`);
    connection.disconnect();
    await server.stop();
    await rm(feedDir, { recursive: true, force: true });
  });

  it('does nothing when no feed is configured', async () => {
    const config = loadFeedSyncConfig({ FEED_DIR: feedDir });
    const logger = createLogger({ service: 'test', level: 'silent' });
    expect(await FeedSyncScheduler.start({ config, connection, logger, queueName })).to.equal(
      undefined,
    );
  });

  it('syncs at start-up from the mirror, one sync at a time across two workers', async () => {
    const config = loadFeedSyncConfig({
      FEED_DIR: feedDir,
      FEED_SYNC_FEEDS: 'debian-11',
      FEED_MIRROR_URL: server.baseUrl,
      FEED_SYNC_INTERVAL_MS: '3600000',
    });
    const logger = createLogger({ service: 'test', level: 'silent' });
    for (let i = 0; i < 2; i += 1) {
      const s = await FeedSyncScheduler.start({
        config,
        connection,
        logger,
        queueName,
        keyPrefix: prefix,
      });
      if (s) schedulers.push(s);
    }
    const states = new FeedStateStore(connection, prefix);
    const deadline = Date.now() + 30_000;
    let state = await states.get('debian-11');
    while (!state && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      state = await states.get('debian-11');
    }
    expect(state?.lastSync?.status).to.equal('downloaded');
    expect(state?.source).to.equal(`${server.baseUrl}/oval-definitions-bullseye.xml.bz2`);
    await new Promise((r) => setTimeout(r, 500));
    // Two workers started together queued one start-up sync: one download in all.
    expect(server.requests.filter((r) => r.status === 200)).to.have.length(1);
    const queue = new Queue(queueName, { connection });
    expect((await queue.getJobSchedulers()).map((j) => j.key)).to.include('feed-sync-every');
    await queue.close();
  });

  it('rejects an unknown feed id in the configuration', () => {
    expect(() => loadFeedSyncConfig({ FEED_DIR: feedDir, FEED_SYNC_FEEDS: 'centos-7' })).to.throw(
      /unknown feed "centos-7"/,
    );
  });
});
