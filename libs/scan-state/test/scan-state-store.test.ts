import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import type { EvaluationRecord } from '../src/scan-record.js';
import { ScanStateStore } from '../src/scan-state-store.js';
import { toScanStatus } from '../src/to-scan-status.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/9';
const IMAGE = `sha256:${'ab'.repeat(32)}`;
const KEY = `image-${'ab'.repeat(32)}`;

describe('scan records in a real Redis', () => {
  const prefix = `test-${randomUUID()}`;
  let redis: Redis;
  let store: ScanStateStore;

  before(() => {
    redis = new Redis(REDIS_URL);
    store = new ScanStateStore(redis, { prefix, retentionSeconds: 60 });
  });

  after(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  async function newScan(id: string) {
    await store.createScan({
      id,
      request: { targets: ['app:1', 'app-container'] },
      host: 'local',
      createdAt: new Date().toISOString(),
      state: 'resolving',
    });
  }

  const evaluation: EvaluationRecord = {
    key: KEY,
    kind: 'image',
    id: IMAGE,
    imageId: IMAGE,
    names: ['app:1'],
    containers: ['c1'],
    state: 'queued',
  };

  it('walks a scan from queued to completed, a container sharing its image result', async () => {
    const id = 'scanaaaaaaaa';
    await newScan(id);
    const url = `http://api/scans/${id}`;
    expect(toScanStatus((await store.getScan(id))!, url).status).to.equal('queued');

    await store.saveResolution(
      id,
      [
        {
          requested: 'app:1',
          kind: 'image',
          id: IMAGE,
          imageId: IMAGE,
          names: ['app:1'],
          evaluationKey: KEY,
        },
        {
          requested: 'app-container',
          kind: 'container',
          id: 'c1',
          imageId: IMAGE,
          names: ['x'],
          evaluationKey: KEY,
        },
        { requested: 'missing', names: [], error: { code: 'ERR_TARGET_NOT_FOUND', message: 'no' } },
      ],
      [evaluation],
    );
    let status = toScanStatus((await store.getScan(id))!, url);
    expect(status.status).to.equal('queued');
    expect(status.progress).to.deep.equal({ done: 0, total: 1 });
    expect(status.targets[2]).to.include({ outcome: 'error', state: 'done' });

    await store.updateEvaluation(id, { ...evaluation, state: 'running' });
    expect(toScanStatus((await store.getScan(id))!, url).status).to.equal('running');

    await store.updateEvaluation(id, {
      ...evaluation,
      state: 'done',
      outcome: 'clean',
      finishedAt: new Date().toISOString(),
      reports: { json: 'http://store/r.json' },
    });
    status = toScanStatus((await store.getScan(id))!, url);
    expect(status.status).to.equal('completed');
    expect(status.finishedAt).to.be.a('string');
    expect(status.targets[1]).to.include({ sharedEvaluation: true, outcome: 'clean' });
    expect(status.targets[0]).to.include({ sharedEvaluation: false, outcome: 'clean' });
  });

  it('keeps a cancel even when a worker saves its resolution afterwards', async () => {
    const id = 'scanbbbbbbbb';
    await newScan(id);
    expect(await store.cancelScan(id)).to.equal(true);
    await store.saveResolution(id, [], [evaluation]);
    expect(toScanStatus((await store.getScan(id))!, 'u').status).to.equal('cancelled');
  });

  it('does not reset an evaluation already under way when a resolution is saved again', async () => {
    const id = 'scancccccccc';
    await newScan(id);
    await store.saveResolution(id, [], [evaluation]);
    await store.updateEvaluation(id, { ...evaluation, state: 'running' });
    await store.saveResolution(id, [], [evaluation]);
    expect((await store.getEvaluation(id, KEY))?.state).to.equal('running');
  });

  it('stamps finishedAt once the last of many evaluations is done, not before', async () => {
    const id = 'scandddddddd';
    await newScan(id);
    const keys = ['aa', 'bb', 'cc'].map((k) => `image-${k.repeat(32)}`);
    const records = keys.map((key) => ({ ...evaluation, key }));
    await store.saveResolution(id, [], records);
    const finishedAt = () => store.getScan(id).then((scan) => scan?.meta.finishedAt);
    const [first, second, third] = records as [EvaluationRecord, ...EvaluationRecord[]];
    const doneAt = '2026-01-02T03:04:05.000Z';
    await store.updateEvaluation(id, { ...first, state: 'done', finishedAt: doneAt });
    // The same evaluation finishing twice (a job run again) counts once.
    await store.updateEvaluation(id, { ...first, state: 'done', finishedAt: doneAt });
    await store.updateEvaluation(id, { ...second!, state: 'done', finishedAt: doneAt });
    expect(await finishedAt()).to.equal(undefined);
    // A finished evaluation started again no longer counts as finished.
    await store.updateEvaluation(id, { ...second!, state: 'running' });
    await store.updateEvaluation(id, { ...third!, state: 'done', finishedAt: doneAt });
    expect(await finishedAt()).to.equal(undefined);
    expect(toScanStatus((await store.getScan(id))!, 'u').status).to.equal('running');
    await store.updateEvaluation(id, { ...second!, state: 'done', finishedAt: doneAt });
    expect(await finishedAt()).to.equal(doneAt);
    expect(toScanStatus((await store.getScan(id))!, 'u').status).to.equal('completed');
  });

  it("reads one evaluation with the scan's state, a cancel included", async () => {
    const id = 'scaneeeeeeee';
    await newScan(id);
    const other = { ...evaluation, key: `image-${'cd'.repeat(32)}` };
    await store.saveResolution(id, [], [evaluation, other]);
    const read = await store.getScanEvaluation(id, other.key);
    expect(read?.meta.state).to.equal('resolved');
    expect(read?.evaluation).to.deep.equal(other);
    expect((await store.getScanEvaluation(id, `image-${'ef'.repeat(32)}`))?.evaluation).to.equal(
      undefined,
    );
    expect(await store.getScanEvaluation('scannotthere', KEY)).to.equal(undefined);
    await store.cancelScan(id);
    expect((await store.getScanEvaluation(id, KEY))?.meta.state).to.equal('cancelled');
  });
});
