import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageScannerClient, findAll } from '@image-scanner/client';
import { CodedError } from '@image-scanner/contracts';
import { expect } from 'chai';
import Docker from 'dockerode';
import { deriveTestFeeds } from '../support/derive-test-feeds.js';
import { ScannerStack } from '../support/scanner-stack.js';

const RHEL = 'image-scanner-test/rhel7like:1';
const DEBIAN = 'image-scanner-test/debian12:1';
const UNKNOWN_OS = 'image-scanner-test/unknown-os:1';

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; status: unknown }> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(CodedError);
    const coded = err as CodedError;
    return { code: coded.code, status: coded.details.status };
  }
  throw new Error('expected the call to fail');
}

describe('the TypeScript client against the real stack', function () {
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const created: string[] = [];
  let workDir: string;
  let stack: ScannerStack;
  let client: ImageScannerClient;
  let stoppedId: string;
  let runningId: string;
  const stoppedName = `image-scanner-e2e-client-stopped-${process.pid}`;

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'image-scanner-e2e-client-'));
    await deriveTestFeeds(join(workDir, 'feeds'));
    stack = await ScannerStack.start({
      feedDir: join(workDir, 'feeds'),
      // A database of its own: other stacks empty theirs when they start.
      redisUrl: process.env.TEST_CLIENT_REDIS_URL ?? 'redis://127.0.0.1:6379/15',
    });
    const url = new URL(stack.apiUrl);
    client = new ImageScannerClient({
      host: url.hostname,
      port: Number(url.port),
      pollIntervalMs: 200,
    });
    const stopped = await docker.createContainer({
      Image: DEBIAN,
      name: stoppedName,
      Entrypoint: ['/never-run'],
    });
    stoppedId = stopped.id;
    created.push(stoppedId);
    const running = await docker.createContainer({
      Image: DEBIAN,
      name: `image-scanner-e2e-client-running-${process.pid}`,
      Entrypoint: ['sleep', '600'],
      HostConfig: { NetworkMode: 'none' },
    });
    runningId = running.id;
    created.push(runningId);
    await running.start();
  });

  after(async () => {
    await Promise.all(created.map((id) => docker.getContainer(id).remove({ force: true })));
    await stack?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  describe('listing and inspect, answered by a worker over the queue', () => {
    it('pings through the API to a worker and its Docker Engine', async () => {
      await client.ping();
    });

    it('lists images, with intermediates only when asked', async () => {
      const images = await client.listImages();
      const tags = images.flatMap((i) => (i.RepoTags as string[] | null) ?? []);
      expect(tags).to.include.members([DEBIAN, RHEL]);
      const all = await client.listImages({ all: true });
      expect(all.length).to.be.at.least(images.length);
    });

    it('lists all containers, or only the running ones', async () => {
      const all = (await client.listContainers()).map((c) => c.Id);
      expect(all).to.include.members([stoppedId, runningId]);
      const active = (await client.listContainers({ onlyActive: true })).map((c) => c.Id);
      expect(active).to.include(runningId);
      expect(active).to.not.include(stoppedId);
    });

    it('inspects an image by tag and by id prefix, as docker inspect does', async () => {
      const byTag = await client.inspectImage(DEBIAN);
      const id = String(byTag.Id);
      expect(id).to.match(/^sha256:[a-f0-9]{64}$/);
      const byPrefix = await client.inspectImage(id.slice('sha256:'.length, 'sha256:'.length + 12));
      expect(byPrefix.Id).to.equal(id);
      // The Engine's storage folders on the host are not handed out.
      expect(JSON.stringify(byTag)).to.not.match(/overlay2\/[a-f0-9]/);
    });

    it('inspects a container by name and by id prefix', async () => {
      const byName = await client.inspectContainer(stoppedName);
      expect(byName.Id).to.equal(stoppedId);
      const byPrefix = await client.inspectContainer(stoppedId.slice(0, 10));
      expect(byPrefix.Id).to.equal(stoppedId);
      expect(byName).to.not.have.property('HostsPath');
    });

    it('answers 404 ERR_TARGET_NOT_FOUND for an unknown name', async () => {
      expect(await codeOf(client.inspectImage('image-scanner-test/nothing-here:1'))).to.deep.equal({
        code: 'ERR_TARGET_NOT_FOUND',
        status: 404,
      });
      expect((await codeOf(client.inspectContainer('no-such-container-e2e'))).status).to.equal(404);
    });

    it('answers 409 ERR_TARGET_AMBIGUOUS for a prefix of several containers', async () => {
      // Seventeen ids cannot all start with different hex digits: two share a prefix.
      const ids: string[] = [];
      for (let i = 0; i < 17; i += 1) {
        const c = await docker.createContainer({ Image: DEBIAN, Entrypoint: ['/never-run'] });
        ids.push(c.id);
        created.push(c.id);
      }
      const first = ids.map((id) => id[0]!);
      const shared = first.find((c, i) => first.indexOf(c) !== i)!;
      const response = await fetch(`${stack.apiUrl}/containers/${shared}`);
      expect(response.status).to.equal(409);
      expect(((await response.json()) as any).error.code).to.equal('ERR_TARGET_AMBIGUOUS');
      await Promise.all(ids.map((id) => docker.getContainer(id).remove({ force: true })));
      created.splice(created.length - ids.length, ids.length);
    });
  });

  describe('scans', () => {
    it('runs no more than parallelScans of its targets at once', async () => {
      const progress: { done: number; total: number }[] = [];
      const bounded = new ImageScannerClient({
        host: new URL(stack.apiUrl).hostname,
        port: Number(new URL(stack.apiUrl).port),
        parallelScans: 2,
        pollIntervalMs: 200,
        onProgress: (p) => progress.push(p),
      });
      const result = await bounded.scanList([RHEL, DEBIAN, UNKNOWN_OS]);
      // Three targets with two at a time: a scan of two, then, once it ended, a scan of one.
      expect(result.scans.map((s) => s.targets.length)).to.deep.equal([2, 1]);
      const [first, second] = result.scans;
      expect(Date.parse(second!.createdAt)).to.be.at.least(Date.parse(first!.finishedAt!));
      expect(result.targets.map((t) => t.requested)).to.deep.equal([RHEL, DEBIAN, UNKNOWN_OS]);
      const outcomes = Object.fromEntries(result.targets.map((t) => [t.requested, t.outcome]));
      expect(outcomes).to.deep.equal({
        [RHEL]: 'vulnerable',
        [DEBIAN]: 'vulnerable',
        [UNKNOWN_OS]: 'unsupported',
      });
      expect(progress.at(-1)).to.deep.equal({ done: 3, total: 3 });
      expect(Math.max(...progress.map((p) => p.total))).to.equal(3);

      const rhel = result.targets[0]!;
      expect(rhel.counts).to.include({ high: 1, medium: 3, low: 6 });
      const xml = await bounded.getXml(rhel.reports!.xml!);
      expect(xml.name).to.match(/oval_results$/);
      expect(findAll(xml, 'definition').length).to.be.greaterThan(0);

      const reports = await bounded.getReports(result);
      expect(reports.map((r) => r.evaluationKey)).to.include(rhel.evaluationKey);
    });

    it('scans only the running containers', async () => {
      const result = await client.scanAllContainers({ onlyActive: true });
      const ids = result.targets.map((t) => t.id);
      expect(ids).to.include(runningId);
      expect(ids).to.not.include(stoppedId);
      const mine = result.targets.find((t) => t.id === runningId)!;
      expect(mine.outcome).to.equal('vulnerable');
    });

    it('scans all images', async () => {
      const debianId = String((await client.inspectImage(DEBIAN)).Id);
      const result = await client.scanAllImages();
      const debian = result.targets.find((t) => t.id === debianId);
      expect(debian?.outcome).to.equal('vulnerable');
      expect(result.targets.every((t) => t.kind === 'image')).to.equal(true);
    });

    it('refuses fewer than two parallel scans, like the original client', () => {
      expect(() => new ImageScannerClient({ host: 'localhost', parallelScans: 1 })).to.throw(
        CodedError,
        /parallelScans/,
      );
    });
  });

  describe('without a worker', () => {
    it('answers 503 ERR_WORKER_UNAVAILABLE instead of waiting', async () => {
      await stack.services.worker.stop();
      expect(await codeOf(client.listImages())).to.deep.equal({
        code: 'ERR_WORKER_UNAVAILABLE',
        status: 503,
      });
    });
  });
});
