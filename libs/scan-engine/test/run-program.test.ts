import { expect } from 'chai';
import { runProgram } from '../src/evaluate/run-program.js';

describe('running a program with a time limit', () => {
  it('passes arguments verbatim, with no shell to interpret them', async () => {
    const result = await runProgram('printf', ['%s|', '$(id)', '; rm -rf /', '`x`'], {
      env: { PATH: '/usr/bin:/bin' },
      timeoutMs: 5000,
    });
    expect(result.exitCode).to.equal(0);
    expect(result.stdout).to.equal('$(id)|; rm -rf /|`x`|');
  });

  it('kills a program that outlives its time limit and says so', async () => {
    const result = await runProgram('sleep', ['30'], {
      env: { PATH: '/usr/bin:/bin' },
      timeoutMs: 200,
    });
    expect(result.timedOut).to.equal(true);
    expect(result.signal).to.equal('SIGTERM');
    expect(result.durationMs).to.be.lessThan(5000);
  });

  it('keeps at most the configured amount of output', async () => {
    const result = await runProgram('head', ['-c', '100000', '/dev/zero'], {
      env: { PATH: '/usr/bin:/bin' },
      timeoutMs: 5000,
      maxOutputBytes: 1000,
    });
    expect(result.stdout.length).to.equal(1000);
  });
});
