import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { deriveTestFeeds } from '../../e2e/support/derive-test-feeds.js';
import { ScannerStack } from '../../e2e/support/scanner-stack.js';
import { waitPatiently } from '../support/scan-helpers.js';
import { figure } from '../support/suite-size.js';

const DEBIAN = 'image-scanner-test/debian12:1';

/** An oscap that notes its process id and never ends, so the worker dies in the middle of it. */
function stuckOscap(pidFile: string): string {
  return ['#!/bin/sh', `echo $$ > '${pidFile}'`, 'exec sleep 600', ''].join('\n');
}

async function waitForFile(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (
      await stat(path).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${path} did not appear within ${timeoutMs} ms`);
}

/**
 * A job whose worker dies more often than WORKER_MAX_STALLED_COUNT allows is failed by BullMQ's
 * stalled checker, where no processor sees it: the scan must still end, with that target
 * recorded as abandoned, instead of waiting forever.
 */
describe('a job that loses its worker more often than allowed', function () {
  let workDir: string;
  let pidFile: string;
  let stack: ScannerStack;

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'image-scanner-abandoned-'));
    await deriveTestFeeds(join(workDir, 'feeds'));
    pidFile = join(workDir, 'oscap.pid');
    const fake = join(workDir, 'oscap');
    await writeFile(fake, stuckOscap(pidFile));
    await chmod(fake, 0o755);
    stack = await ScannerStack.start({
      feedDir: join(workDir, 'feeds'),
      redisUrl: 'redis://127.0.0.1:6379/14',
      env: {
        worker: {
          OSCAP_PATH: fake,
          REUSE_RESULTS: 'false',
          // No second chance: the first lost worker makes the job abandoned.
          WORKER_MAX_STALLED_COUNT: '0',
          WORKER_LOCK_DURATION_MS: '2000',
          WORKER_STALLED_INTERVAL_MS: '1000',
          LOG_LEVEL: 'info',
        },
      },
    });
  });

  after(async () => {
    const pid = Number(await readFile(pidFile, 'utf8').catch(() => ''));
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await stack?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  it('ends the scan with the target recorded as ERR_JOB_ABANDONED', async () => {
    const { id } = await stack.postScan({ targets: [DEBIAN] });
    await waitForFile(pidFile, 60_000);
    await stack.services.worker.stop('SIGKILL');
    const killedAt = Date.now();
    // The worker that notices the dead one's expired lock; it would run oscap normally.
    await stack.startWorker({ OSCAP_PATH: 'oscap' });
    const status = await waitPatiently(stack, id, 60_000);
    figure('lost job to recorded ms', Date.now() - killedAt);
    expect(status.status).to.equal('completed');
    const target = status.targets[0]!;
    expect(target.outcome).to.equal('error');
    expect(target.error?.code).to.equal('ERR_JOB_ABANDONED');
  });
});
