import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@image-scanner/logging';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { catalogEntryById, type FeedCatalogEntry } from '../src/feed-catalog.js';
import { FeedStateStore } from '../src/feed-state-store.js';
import { FeedSyncer } from '../src/feed-syncer.js';
import { FeedServer } from './support/feed-server.js';
import { DEBIAN11_EXCERPT, RHEL7_STREAM, UBUNTU_JAMMY } from './support/real-data.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/11';
const logger = createLogger({ service: 'feed-catalog-test', level: 'silent' });

function entry(id: string): FeedCatalogEntry {
  const found = catalogEntryById(id);
  if (!found) throw new Error(`no catalogue entry ${id}`);
  return found;
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

describe('feed sync from a mirror over HTTP (real vendor feeds)', function () {
  this.timeout(120_000);
  let server: FeedServer;
  let feedDir: string;
  let redis: Redis;
  let states: FeedStateStore;
  let syncer: FeedSyncer;
  let rhel7: Buffer;
  let debian11: Buffer;
  const prefix = `test:feeds:${process.pid}:${Date.now()}:`;

  before(async () => {
    [rhel7, debian11] = await Promise.all([readFile(RHEL7_STREAM), readFile(DEBIAN11_EXCERPT)]);
    server = await FeedServer.start();
    feedDir = await mkdtemp(join(tmpdir(), 'feed-sync-test-'));
    redis = new Redis(REDIS_URL);
    states = new FeedStateStore(redis, prefix);
    syncer = new FeedSyncer({
      feedDir,
      mirrorBaseUrl: server.baseUrl,
      download: { maxBytes: 64 * 1024 * 1024, timeoutMs: 30_000, attempts: 3, backoffMs: 10 },
      maxXmlBytes: 256 * 1024 * 1024,
      states,
      logger,
    });
  });

  after(async () => {
    await redis?.del(`${prefix}feeds`);
    redis?.disconnect();
    await server?.stop();
    await rm(feedDir, { recursive: true, force: true });
  });

  describe('the bz2 RHEL 7 stream', () => {
    const rhelFile = () => join(feedDir, 'rhel', '7', 'rhel-7.oval.xml.bz2');

    it('downloads, verifies and installs it on the first sync', async () => {
      server.files.set('rhel-7.oval.xml.bz2', {
        body: rhel7,
        etag: '"rhel7-v1"',
        lastModified: 'Wed, 18 Nov 2020 23:58:05 GMT',
      });
      const started = Date.now();
      const state = await syncer.sync(entry('rhel-7'));
      console.log(`first download+verify of the RHEL 7 stream: ${Date.now() - started} ms`);
      expect(state.lastSync?.status).to.equal('downloaded');
      expect(state.source).to.equal(`${server.baseUrl}/rhel-7.oval.xml.bz2`);
      expect(state.file).to.equal(join('rhel', '7', 'rhel-7.oval.xml.bz2'));
      expect(state.definitionCount).to.equal(7852);
      expect(state.generatedAt).to.equal('2020-11-18T23:58:05');
      expect(state.digest).to.equal(sha256(rhel7));
      expect(sha256(await readFile(rhelFile()))).to.equal(sha256(rhel7));
      expect(await states.get('rhel-7')).to.deep.equal(state);
    });

    it('sends the ETag back on refresh and keeps the file on 304', async () => {
      const started = Date.now();
      const state = await syncer.sync(entry('rhel-7'));
      console.log(`refresh of the RHEL 7 stream answered 304: ${Date.now() - started} ms`);
      expect(state.lastSync?.status).to.equal('not-modified');
      expect(server.requests.at(-1)).to.deep.include({ status: 304, ifNoneMatch: '"rhel7-v1"' });
      expect(state.digest).to.equal(sha256(rhel7));
    });

    it('rejects a truncated download and keeps the good feed in use', async () => {
      server.files.set('rhel-7.oval.xml.bz2', {
        body: rhel7,
        etag: '"rhel7-v2"',
        lastModified: 'Thu, 19 Nov 2020 00:00:00 GMT',
        truncateAt: Math.floor(rhel7.length / 2),
      });
      const state = await syncer.sync(entry('rhel-7'));
      expect(state.lastSync?.status).to.equal('failed');
      expect(state.lastSync?.error?.code).to.equal('ERR_FEED_INVALID');
      expect(state.consecutiveFailures).to.equal(1);
      expect(state.digest).to.equal(sha256(rhel7));
      expect(sha256(await readFile(rhelFile()))).to.equal(sha256(rhel7));
      const left = await readdir(join(feedDir, 'rhel', '7'));
      expect(left.sort()).to.deep.equal(['rhel-7.oval.xml.bz2', 'rhel-7.oval.xml.bz2.meta.json']);
    });
  });

  describe('the Debian 11 feed', () => {
    it('picks up a changed feed, after retrying a failing mirror', async () => {
      server.files.set('oval-definitions-bullseye.xml.bz2', {
        body: debian11,
        etag: '"deb-v1"',
        lastModified: 'Tue, 12 Jul 2022 23:31:28 GMT',
      });
      const first = await syncer.sync(entry('debian-11'));
      expect(first.lastSync?.status).to.equal('downloaded');
      // Plain XML served under the .bz2 name is stored under the name its bytes deserve.
      expect(first.file).to.equal(join('debian', '11', 'oval-definitions-bullseye.xml'));
      expect(first.definitionCount).to.equal(4);

      const changed = Buffer.from(
        debian11
          .toString('utf8')
          .replace('2022-07-12T23:31:28.188-04:00', '2022-07-13T23:31:28.188-04:00'),
      );
      expect(changed.equals(debian11)).to.equal(false);
      server.files.set('oval-definitions-bullseye.xml.bz2', {
        body: changed,
        etag: '"deb-v2"',
        lastModified: 'Wed, 13 Jul 2022 23:31:28 GMT',
        failFirst: 1,
      });
      const second = await syncer.sync(entry('debian-11'));
      expect(second.lastSync?.status).to.equal('downloaded');
      expect(second.digest).to.equal(sha256(changed));
      expect(second.generatedAt).to.equal('2022-07-13T23:31:28.188-04:00');
      expect(server.requests.slice(-2).map((r) => r.status)).to.deep.equal([500, 200]);
    });

    it('rejects a feed for another release and keeps the one in use', async () => {
      const before = await states.get('debian-11');
      server.files.set('oval-definitions-bullseye.xml.bz2', {
        body: await readFile(UBUNTU_JAMMY),
        etag: '"deb-v3"',
        lastModified: 'Thu, 14 Jul 2022 00:00:00 GMT',
      });
      const state = await syncer.sync(entry('debian-11'));
      expect(state.lastSync?.error?.code).to.equal('ERR_FEED_MISMATCH');
      expect(state.digest).to.equal(before?.digest);
      expect(state.totalFailures).to.equal((before?.totalFailures ?? 0) + 1);
    });

    it('fails with ERR_FEED_DOWNLOAD_FAILED when the mirror lacks the file', async () => {
      const state = await syncer.sync(entry('ubuntu-24.04'));
      expect(state.lastSync?.error?.code).to.equal('ERR_FEED_DOWNLOAD_FAILED');
      expect(state.source).to.equal(undefined);
    });

    it('refuses a download over the size limit', async () => {
      const small = new FeedSyncer({
        feedDir,
        mirrorBaseUrl: server.baseUrl,
        download: { maxBytes: 1000, timeoutMs: 30_000, attempts: 3, backoffMs: 10 },
        maxXmlBytes: 1024 * 1024,
        logger,
      });
      server.files.set('oval-definitions-bookworm.xml.bz2', {
        body: debian11,
        etag: '"big"',
        lastModified: 'Thu, 14 Jul 2022 00:00:00 GMT',
      });
      const state = await small.sync(entry('debian-12'));
      expect(state.lastSync?.error?.code).to.equal('ERR_FEED_TOO_LARGE');
      expect(server.requests.filter((r) => r.path.includes('bookworm'))).to.have.length(1);
    });
  });
});
