import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readResultsFile } from '@image-scanner/oval-model';
import { expect } from 'chai';
import { CpuPinning } from '../src/evaluate/cpu-pinning.js';
import { OscapRunner } from '../src/evaluate/oscap-runner.js';
import { allowedCpus, allowedCpusFromStatus } from '../src/evaluate/proc-cpus.js';
import { runProgram } from '../src/evaluate/run-program.js';
import { acquireImage } from './support/acquire-image.js';
import { bashTinyFeed } from './support/tiny-feed.js';

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

describe('holding oscap to one CPU, with the real taskset and oscap', function () {
  const scratchParent = join(process.env.TMPDIR ?? '/tmp', `cpu-pinning-${process.pid}`);

  before(function () {
    // Pinning is only worth anything, and only attempted, where there are CPUs to choose from.
    if ((allowedCpus()?.length ?? 0) < 2) this.skip();
  });

  after(async () => {
    await rm(scratchParent, { recursive: true, force: true });
  });

  it('is not attempted when turned off or when taskset cannot be found', () => {
    expect(CpuPinning.create('off')).to.deep.equal({ reason: 'turned off' });
    expect(CpuPinning.create('auto', '/nonexistent')).to.deep.equal({
      reason: 'taskset was not found on PATH',
    });
  });

  it('starts a program that may run on the one CPU it was given and no other', async () => {
    const { pinning } = CpuPinning.create('auto', PATH);
    expect(pinning, 'taskset is part of util-linux').to.not.equal(undefined);
    const command = (pinning as CpuPinning).command('cat', ['/proc/self/status']);
    expect(command.cpu).to.be.a('number');
    expect(allowedCpus()).to.include(command.cpu);
    const run = await runProgram(command.file, command.args, {
      env: { PATH },
      timeoutMs: 10_000,
    });
    expect(run.exitCode, run.stderr).to.equal(0);
    expect(allowedCpusFromStatus(run.stdout)).to.deep.equal([command.cpu]);
    command.release();
  });

  it('puts runs of one process that overlap on different CPUs while it has free ones', () => {
    const pinning = CpuPinning.create('auto', PATH).pinning as CpuPinning;
    const cpus = allowedCpus() as number[];
    const running = cpus.map(() => pinning.command('oscap', ['--version']));
    expect(running.map((c) => c.cpu).sort((a, b) => (a ?? 0) - (b ?? 0))).to.deep.equal(cpus);
    const [first, ...rest] = running;
    for (const command of rest) command.release();
    // With one CPU still held, the next run goes to a free one, not beside it.
    const next = pinning.command('oscap', ['--version']);
    expect(next.cpu).to.not.equal(first?.cpu);
    next.release();
    first?.release();
  });

  it('gives the same oscap results as a run left to roam, on a real Debian 12 image', async () => {
    const target = await acquireImage('image-scanner-test/debian12:1', scratchParent);
    const feedPath = join(scratchParent, 'feed.xml');
    await writeFile(feedPath, bashTinyFeed());
    const { pinning } = CpuPinning.create('auto', PATH);
    const outcomes = [];
    for (const runner of [
      new OscapRunner({ oscapPath: 'oscap', timeoutMs: 120_000 }),
      new OscapRunner({ oscapPath: 'oscap', timeoutMs: 120_000, pinning: pinning as CpuPinning }),
    ]) {
      const run = await runner.evaluate({
        feedPath,
        rootPath: target.scratch.rootPath,
        workDir: await target.scratch.workDir(`oscap-${outcomes.length}`),
      });
      outcomes.push([...(await readResultsFile(run.resultsPath)).definitionResults]);
    }
    expect(outcomes[1]).to.deep.equal(outcomes[0]);
    expect(new Map(outcomes[1]).get('oval:test.tiny:def:1')).to.equal('true');
  });
});
