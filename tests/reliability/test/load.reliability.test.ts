import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import Docker from 'dockerode';
import { deriveTestFeeds } from '../../e2e/support/derive-test-feeds.js';
import { ScannerStack } from '../../e2e/support/scanner-stack.js';
import { waitPatiently } from '../support/scan-helpers.js';
import { figure, size } from '../support/suite-size.js';

const PROBE = fileURLToPath(new URL('../support/latency-probe.ts', import.meta.url));
const TARGETS_PER_SCAN = 10;

interface ProbeResult {
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

function runProbe(apiUrl: string, scanIds: string[], maxMs: number): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', PROBE, apiUrl, '3000', String(maxMs), ...scanIds],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve(JSON.parse(out) as ProbeResult));
  });
}

describe('load: many queued targets, two workers, a status poller', function () {
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const tags: string[] = [];
  let workDir: string;
  let stack: ScannerStack;

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'image-scanner-load-'));
    await deriveTestFeeds(join(workDir, 'feeds'));
    stack = await ScannerStack.start({
      feedDir: join(workDir, 'feeds'),
      redisUrl: 'redis://127.0.0.1:6379/14',
      // Reuse off: the load is real evaluations, not answers from the result cache.
      env: { worker: { LOG_LEVEL: 'info', REUSE_RESULTS: 'false' }, api: { LOG_LEVEL: 'info' } },
    });
    await stack.startWorker();
    // Many names for the same few images: targets are many, distinct images few.
    for (let i = 0; i < TARGETS_PER_SCAN; i += 1) {
      const repo = `image-scanner-load/t${i}`;
      await docker.getImage('image-scanner-test/debian12:1').tag({ repo, tag: '1' });
      tags.push(`${repo}:1`);
    }
  });

  after(async () => {
    await stack?.stop();
    await Promise.all(
      tags.map((t) =>
        docker
          .getImage(t)
          .remove()
          .catch(() => undefined),
      ),
    );
    await rm(workDir, { recursive: true, force: true });
  });

  it('completes every target while status answers stay fast', async () => {
    const scanCount = size(20, 100);
    const started = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < scanCount; i += 1) {
      const targets = [...tags.slice(0, TARGETS_PER_SCAN - 1), 'image-scanner-test/no-pkgdb:1'];
      ids.push((await stack.postScan({ targets })).id);
    }
    const probe = runProbe(stack.apiUrl, ids, 240_000);
    let targets = 0;
    for (const id of ids) {
      const status = await waitPatiently(stack, id, 600_000);
      expect(status.status).to.equal('completed');
      for (const t of status.targets) {
        expect(t.state).to.equal('done');
        targets += 1;
      }
    }
    const elapsedMs = Date.now() - started;
    const latency = await probe;
    expect(targets).to.equal(scanCount * TARGETS_PER_SCAN);
    expect(latency.errors).to.equal(0);
    expect(latency.p99).to.be.lessThan(100);
    figure('load', {
      targets,
      scans: scanCount,
      workers: 2,
      elapsedMs,
      targetsPerMinute: Math.round((targets / elapsedMs) * 60_000),
      statusLatencyMs: latency,
    });
  });
});
