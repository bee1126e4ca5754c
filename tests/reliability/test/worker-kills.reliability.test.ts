import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanStatus } from '@image-scanner/contracts';
import { expect } from 'chai';
import Docker from 'dockerode';
import { deriveTestFeeds } from '../../e2e/support/derive-test-feeds.js';
import { loadExpectations } from '../../e2e/support/expectations.js';
import { ScannerStack } from '../../e2e/support/scanner-stack.js';
import { expectWholeReports, waitPatiently } from '../support/scan-helpers.js';
import { figure, size } from '../support/suite-size.js';

const RHEL = 'image-scanner-test/rhel7like:1';
const DEBIAN = 'image-scanner-test/debian12:1';

describe('workers killed with SIGKILL in the middle of scans', function () {
  let workDir: string;
  let stack: ScannerStack;

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'image-scanner-kills-'));
    await deriveTestFeeds(join(workDir, 'feeds'));
    stack = await ScannerStack.start({
      feedDir: join(workDir, 'feeds'),
      redisUrl: 'redis://127.0.0.1:6379/14',
      env: {
        // Short locks so a dead worker's job is taken over in seconds, not half a minute.
        worker: {
          WORKER_LOCK_DURATION_MS: '4000',
          WORKER_STALLED_INTERVAL_MS: '2000',
          WORKER_MAX_STALLED_COUNT: '10',
          // Every scan must really run, so kills land in the middle of evaluations.
          REUSE_RESULTS: 'false',
          LOG_LEVEL: 'info',
        },
      },
    });
  });

  after(async () => {
    await stack?.stop();
    // Killed workers leave their reader containers; a new worker removes only old ones.
    const docker = new Docker({ socketPath: '/var/run/docker.sock' });
    const readers = await docker.listContainers({
      all: true,
      filters: { label: ['org.image-scanner.reader=1'] },
    });
    await Promise.all(readers.map((r) => docker.getContainer(r.Id).remove({ force: true })));
    await rm(workDir, { recursive: true, force: true });
  });

  it('completes every scan with whole reports and the same findings', async () => {
    const kills = size(5, 20);
    const scanCount = size(3, 8);
    const started = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < scanCount; i += 1) {
      ids.push((await stack.postScan({ targets: [RHEL, DEBIAN] })).id);
    }
    let killed = 0;
    while (killed < kills) {
      await new Promise((resolve) => setTimeout(resolve, 1500 + Math.random() * 1500));
      const live = stack.workers.filter((w) => w.running);
      const victim = live[live.length - 1];
      if (victim) {
        await victim.stop('SIGKILL');
        killed += 1;
      }
      await stack.startWorker();
    }
    const statuses: ScanStatus[] = [];
    for (const id of ids) statuses.push(await waitPatiently(stack, id, 600_000));

    const expected = await loadExpectations('rhel7like');
    for (const status of statuses) {
      expect(status.status).to.equal('completed');
      for (const target of status.targets) {
        expect(target.outcome, `${target.requested}: ${JSON.stringify(target.error)}`).to.equal(
          'vulnerable',
        );
      }
      const reports = await expectWholeReports(status);
      const rhel = reports.find((r) => r.target.names.includes(RHEL))!;
      expect(rhel.findings.map((f) => f.definitionId).sort()).to.deep.equal(
        expected.trueDefinitions.map((d) => d.id).sort(),
      );
    }
    figure('worker kills', {
      kills: killed,
      scans: scanCount,
      evaluations: scanCount * 2,
      totalMs: Date.now() - started,
      workersStarted: stack.workers.length,
    });
  });
});
