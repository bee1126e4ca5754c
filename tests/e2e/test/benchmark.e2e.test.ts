import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The benchmark's short run as a correctness test, not a speed one: it exits non-zero when
 * image-scanner's findings differ from the baseline's (export, untar, whole feed) anywhere.
 */
describe('the benchmark, short run (npm run bench -- --short)', function () {
  this.timeout(10 * 60_000);

  it('finds the same definitions as the baseline on every workload', async () => {
    const output: string[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'bench/run-benchmark.ts', '--short'],
        { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 9 * 60_000 },
      );
      child.stdout.on('data', (c: Buffer) => output.push(c.toString()));
      child.stderr.on('data', (c: Buffer) => output.push(c.toString()));
      child.on('error', reject);
      child.on('close', resolve);
    });
    const text = output.join('');
    expect(code, text).to.equal(0);
    expect(text).to.match(/\| 1 RHEL 7 stream \|.*\| true \|/);
    expect(text).to.match(/\| 3 distinct images \|.*\| true \|/);
  });
});
