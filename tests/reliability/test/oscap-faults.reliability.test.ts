import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { deriveTestFeeds } from '../../e2e/support/derive-test-feeds.js';
import { ScannerStack } from '../../e2e/support/scanner-stack.js';
import { waitPatiently } from '../support/scan-helpers.js';
import { figure } from '../support/suite-size.js';

const DEBIAN = 'image-scanner-test/debian12:1';

/**
 * The one place a fake program stands in for a real one: oscap that hangs or crashes cannot
 * be produced on demand with the real binary. The fake reads its behaviour from a file the
 * test writes, and otherwise runs the real oscap with the same arguments.
 */
function fakeOscap(modeFile: string): string {
  return [
    '#!/bin/sh',
    `mode=$(cat '${modeFile}')`,
    'case "$mode" in',
    '  hang) exec sleep 600 ;;',
    '  crash) kill -SEGV $$ ;;',
    '  *) exec oscap "$@" ;;',
    'esac',
    '',
  ].join('\n');
}

describe('oscap hanging or crashing', function () {
  let workDir: string;
  let modeFile: string;
  let stack: ScannerStack;

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'image-scanner-oscap-faults-'));
    await deriveTestFeeds(join(workDir, 'feeds'));
    modeFile = join(workDir, 'mode');
    const fake = join(workDir, 'oscap');
    await writeFile(fake, fakeOscap(modeFile));
    await chmod(fake, 0o755);
    stack = await ScannerStack.start({
      feedDir: join(workDir, 'feeds'),
      redisUrl: 'redis://127.0.0.1:6379/14',
      env: { worker: { OSCAP_PATH: fake, OSCAP_TIMEOUT_MS: '3000' } },
    });
  });

  after(async () => {
    await stack?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  async function scanWith(mode: string) {
    await writeFile(modeFile, mode);
    const started = Date.now();
    const { id } = await stack.postScan({ targets: [DEBIAN] });
    const status = await waitPatiently(stack, id, 120_000);
    return { target: status.targets[0]!, ms: Date.now() - started };
  }

  it('fails the target with a timeout reason when oscap hangs, within its limit', async () => {
    const { target, ms } = await scanWith('hang');
    expect(target.outcome).to.equal('error');
    expect(target.error?.code).to.equal('ERR_OSCAP_TIMEOUT');
    expect(ms).to.be.lessThan(30_000);
    figure('oscap hang to error ms', ms);
  });

  it('fails the target with the signal when oscap crashes', async () => {
    const { target } = await scanWith('crash');
    expect(target.outcome).to.equal('error');
    expect(target.error?.code).to.equal('ERR_OSCAP_FAILED');
    expect(target.error?.signal).to.equal('SIGSEGV');
  });

  it('goes on scanning once oscap behaves again', async () => {
    const { target } = await scanWith('real');
    expect(target.outcome).to.equal('vulnerable');
  });
});
