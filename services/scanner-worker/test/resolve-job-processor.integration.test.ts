import { randomUUID } from 'node:crypto';
import { createLogger } from '@image-scanner/logging';
import { DockerClient, LayerAccess } from '@image-scanner/scan-engine';
import { ScanStateStore } from '@image-scanner/scan-state';
import { Queue, type Job } from 'bullmq';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { processResolveJob } from '../src/jobs/resolve-job-processor.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/9';
const DEBIAN = 'image-scanner-test/debian12:1';

describe('resolving a scan on a real Docker host', () => {
  const prefix = `test-${randomUUID()}`;
  let redis: Redis;
  let queue: Queue;
  let state: ScanStateStore;
  const docker = DockerClient.fromSocket('/var/run/docker.sock');
  const layerAccess = new LayerAccess('auto');
  const logger = createLogger({ service: 'worker-test', level: 'silent' });

  before(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(prefix, { connection: redis });
    state = new ScanStateStore(redis, { prefix });
  });

  after(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  function jobFor(scanId: string): Job<{ scanId: string }> {
    return {
      id: `resolve-${scanId}`,
      data: { scanId },
      attemptsMade: 0,
      opts: { attempts: 3 },
    } as unknown as Job<{ scanId: string }>;
  }

  it('queues one evaluation per distinct image and records unknown targets as errors', async () => {
    const scanId = 'resolveaaaaaa';
    const image = await docker.inspectImage(DEBIAN);
    await state.createScan({
      id: scanId,
      request: { targets: [DEBIAN, image.id, 'image-scanner-test/missing:1'] },
      host: 'local',
      createdAt: new Date().toISOString(),
      state: 'resolving',
    });
    await processResolveJob(jobFor(scanId), { docker, layerAccess, state, queue, logger });

    const record = await state.getScan(scanId);
    expect(record?.meta.state).to.equal('resolved');
    expect([...record!.evaluations.keys()]).to.deep.equal([`image-${image.id.slice(7)}`]);
    const missing = record!.targets.find((t) => t.requested === 'image-scanner-test/missing:1');
    expect(missing?.error?.code).to.equal('ERR_TARGET_NOT_FOUND');
    const jobs = await queue.getJobs(['waiting', 'prioritized']);
    expect(jobs.map((j) => j.id)).to.deep.equal([`evaluate-${scanId}-image-${image.id.slice(7)}`]);
  });

  it('does nothing for a scan cancelled before it was resolved', async () => {
    const scanId = 'resolvebbbbbb';
    await state.createScan({
      id: scanId,
      request: { targets: [DEBIAN] },
      host: 'local',
      createdAt: new Date().toISOString(),
      state: 'resolving',
    });
    await state.cancelScan(scanId);
    await processResolveJob(jobFor(scanId), { docker, layerAccess, state, queue, logger });
    expect((await state.getScan(scanId))?.evaluations.size).to.equal(0);
  });
});
