import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@image-scanner/logging';
import { ScanStateStore } from '@image-scanner/scan-state';
import { Queue } from 'bullmq';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/create-app.js';
import { ScanService } from '../src/scan-service.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/9';

/** The parsed body of an answer; tests assert its shape. */
async function json(response: Response): Promise<any> {
  return response.json();
}

describe('scans API on a real Redis', () => {
  let redis: Redis;
  let queue: Queue;
  let otherQueue: Queue;
  let state: ScanStateStore;
  let server: Server;
  let base: string;
  const prefix = `test-${randomUUID()}`;

  before(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(prefix, { connection: redis });
    otherQueue = new Queue(`${prefix}-build-host`, { connection: redis });
    state = new ScanStateStore(redis, { prefix });
    const config = loadConfig({ DOCKER_HOST_NAMES: 'local,build-host' });
    const logger = createLogger({ service: 'api-test', level: 'silent' });
    const queues = new Map([
      ['local', queue],
      ['build-host', otherQueue],
    ]);
    const app = createApp(config, new ScanService(config, state, queues), logger);
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.close();
    for (const q of [queue, otherQueue]) {
      await q.obliterate({ force: true });
      await q.close();
    }
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  async function post(body: unknown, contentType = 'application/json') {
    const response = await fetch(`${base}/scans`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await json(response)) as Record<string, any> };
  }

  describe('when a valid scan is posted', () => {
    it('answers 202 with the id and links, and queues one resolve job', async () => {
      const { status, body } = await post({ targets: ['debian:12', 'debian:12', 'abc123'] });
      expect(status).to.equal(202);
      expect(body.status).to.equal('queued');
      expect(body.id).to.match(/^[a-z2-7]{20}$/);
      expect(body.links.self).to.equal(`${base}/scans/${body.id}`);
      const job = await queue.getJob(`resolve-${body.id}`);
      expect(job?.data).to.deep.equal({ scanId: body.id });

      const scan = await json(await fetch(body.links.self));
      expect(scan).to.include({ id: body.id, status: 'queued', host: 'local' });
      expect(scan.progress).to.deep.equal({ done: 0, total: 0 });
    });

    it('queues the scan for the Docker host it names, and only there', async () => {
      const { body } = await post({ targets: ['app:1'], host: 'build-host' });
      expect((await otherQueue.getJob(`resolve-${body.id}`))?.data).to.deep.equal({
        scanId: body.id,
      });
      expect(await queue.getJob(`resolve-${body.id}`)).to.equal(undefined);
    });

    it('accepts the all-images and only-active-containers scopes', async () => {
      expect((await post({ images: { all: true } })).status).to.equal(202);
      expect((await post({ containers: { onlyActive: true } })).status).to.equal(202);
      expect((await post({ images: {} })).status).to.equal(202);
    });
  });

  describe('when the request is malformed', () => {
    const cases: { name: string; body: unknown; field: string }[] = [
      { name: 'no scope at all', body: {}, field: 'targets' },
      { name: 'two scopes', body: { targets: ['a'], images: { all: true } }, field: 'targets' },
      { name: 'targets not an array', body: { targets: 'debian' }, field: 'targets' },
      { name: 'an empty target list', body: { targets: [] }, field: 'targets' },
      { name: 'a target with a space', body: { targets: ['a b'] }, field: 'targets.0' },
      { name: 'a target with a path trick', body: { targets: ['../etc'] }, field: 'targets.0' },
      { name: 'an unknown nested field', body: { images: { every: true } }, field: 'images.every' },
      { name: 'all not a boolean', body: { images: { all: 'yes' } }, field: 'images.all' },
      { name: 'an unknown field', body: { targets: ['a'], extra: 1 }, field: 'extra' },
      { name: 'an unknown host', body: { targets: ['a'], host: 'elsewhere' }, field: 'host' },
      { name: 'a priority out of range', body: { targets: ['a'], priority: 0 }, field: 'priority' },
      { name: 'an array body', body: [1, 2], field: '(body)' },
    ];
    for (const tc of cases) {
      it(`answers 400 ERR_VALIDATION naming the field for ${tc.name}`, async () => {
        const { status, body } = await post(tc.body);
        expect(status).to.equal(400);
        expect(body.error.code).to.equal('ERR_VALIDATION');
        expect(body.error.field).to.equal(tc.field);
      });
    }

    it('answers 400 ERR_MALFORMED_JSON for broken JSON', async () => {
      const { status, body } = await post('{"targets": [');
      expect(status).to.equal(400);
      expect(body.error.code).to.equal('ERR_MALFORMED_JSON');
    });

    it('answers 415 for a body that is not JSON', async () => {
      const { status, body } = await post('targets=a', 'application/x-www-form-urlencoded');
      expect(status).to.equal(415);
      expect(body.error.code).to.equal('ERR_UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers 413 for a body over the limit', async () => {
      const { status, body } = await post({ targets: ['a'.repeat(100_000)] });
      expect(status).to.equal(413);
      expect(body.error.code).to.equal('ERR_BODY_TOO_LARGE');
    });

    it('creates no scan record for any rejected request', async () => {
      const before = (await redis.keys(`${prefix}:scan:*`)).length;
      await post({ targets: 'x' });
      await post('{');
      expect((await redis.keys(`${prefix}:scan:*`)).length).to.equal(before);
    });
  });

  describe('when a scan is looked up', () => {
    it('answers 404 ERR_SCAN_NOT_FOUND for an unknown id', async () => {
      const response = await fetch(`${base}/scans/aaaaaaaaaaaaaaaaaaaa`);
      expect(response.status).to.equal(404);
      expect((await json(response)).error.code).to.equal('ERR_SCAN_NOT_FOUND');
    });

    it('answers 400 ERR_INVALID_ID for an id with path characters', async () => {
      const response = await fetch(`${base}/scans/..%2F..%2Fetc`);
      expect(response.status).to.equal(400);
      expect((await json(response)).error.code).to.equal('ERR_INVALID_ID');
    });

    it('answers 404 ERR_NOT_FOUND with a code for an unknown route', async () => {
      const response = await fetch(`${base}/nothing-here`);
      expect(response.status).to.equal(404);
      expect((await json(response)).error.code).to.equal('ERR_NOT_FOUND');
    });
  });

  describe('when a scan is cancelled', () => {
    it('marks it cancelled and removes its waiting resolve job', async () => {
      const { body } = await post({ targets: ['a'] });
      const response = await fetch(`${base}/scans/${body.id}`, { method: 'DELETE' });
      expect(response.status).to.equal(200);
      expect((await json(response)).status).to.equal('cancelled');
      expect(await queue.getJob(`resolve-${body.id}`)).to.equal(undefined);
    });

    it('answers 409 when the scan has already finished', async () => {
      const { body } = await post({ targets: ['a'] });
      await state.saveResolution(body.id, [], []);
      const response = await fetch(`${base}/scans/${body.id}`, { method: 'DELETE' });
      expect(response.status).to.equal(409);
      expect((await json(response)).error.code).to.equal('ERR_SCAN_NOT_CANCELLABLE');
    });
  });
});
