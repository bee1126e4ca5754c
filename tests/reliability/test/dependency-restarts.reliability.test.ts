import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { deriveTestFeeds } from '../../e2e/support/derive-test-feeds.js';
import { ScannerStack } from '../../e2e/support/scanner-stack.js';
import { expectWholeReports, waitPatiently } from '../support/scan-helpers.js';
import { figure, size } from '../support/suite-size.js';

const TARGETS = ['image-scanner-test/rhel7like:1', 'image-scanner-test/debian12:1'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A Redis of the test's own, with an append-only file so a restart keeps the queue. */
async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const redis = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--save',
      '',
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50; i += 1) {
    const ready = await new Promise<boolean>((resolve) => {
      const probe = spawn('redis-cli', ['-p', String(port), 'ping'], { stdio: 'pipe' });
      probe.on('exit', (code) => resolve(code === 0));
    });
    if (ready) return redis;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('redis did not start');
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

describe('Redis and the report store restarted in the middle of scans', function () {
  let workDir: string;
  let redis: ChildProcess;
  let redisPort: number;
  let stack: ScannerStack;

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'image-scanner-restarts-'));
    await deriveTestFeeds(join(workDir, 'feeds'));
    redisPort = await freePort();
    redis = await startRedis(redisPort, workDir);
    stack = await ScannerStack.start({
      feedDir: join(workDir, 'feeds'),
      redisUrl: `redis://127.0.0.1:${redisPort}/0`,
      env: {
        worker: {
          WORKER_LOCK_DURATION_MS: '5000',
          WORKER_STALLED_INTERVAL_MS: '2000',
          // Every scan must really run while Redis or the store is away.
          REUSE_RESULTS: 'false',
        },
      },
    });
  });

  after(async () => {
    await stack?.stop();
    if (redis) await stopProcess(redis, 'SIGKILL');
    await rm(workDir, { recursive: true, force: true });
  });

  it('completes every scan when Redis stops and comes back', async () => {
    const ids: string[] = [];
    for (let i = 0; i < size(2, 6); i += 1)
      ids.push((await stack.postScan({ targets: TARGETS })).id);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const down = Date.now();
    await stopProcess(redis, 'SIGTERM');
    // While Redis is down the API says so with a code clients can retry on, never a 500.
    const during = await fetch(`${stack.apiUrl}/scans/${ids[0]}`);
    expect(during.status).to.equal(503);
    expect(((await during.json()) as any).error.code).to.equal('ERR_DEPENDENCY_UNAVAILABLE');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    redis = await startRedis(redisPort, workDir);
    const upAfterMs = Date.now() - down;
    for (const id of ids) {
      const status = await waitPatiently(stack, id, 300_000);
      expect(status.status).to.equal('completed');
      for (const t of status.targets) expect(t.outcome, t.requested).to.equal('vulnerable');
      await expectWholeReports(status);
    }
    figure('redis restart', { scans: ids.length, downMs: upAfterMs });
  });

  it('completes every scan when the report store restarts, uploads retried', async () => {
    const ids: string[] = [];
    for (let i = 0; i < size(2, 6); i += 1)
      ids.push((await stack.postScan({ targets: TARGETS })).id);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await stack.restartStore(3000);
    for (const id of ids) {
      const status = await waitPatiently(stack, id, 300_000);
      expect(status.status).to.equal('completed');
      for (const t of status.targets) expect(t.outcome, t.requested).to.equal('vulnerable');
      await expectWholeReports(status);
    }
    figure('report store restart', { scans: ids.length, downMs: 3000 });
  });
});
