import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '@image-scanner/contracts';
import { readResultsFile } from '@image-scanner/oval-model';
import { expect } from 'chai';
import Docker from 'dockerode';
import type { AcquiredTarget } from '../src/acquire/acquired-target.js';
import { findSilentProbeFailure, OscapRunner } from '../src/evaluate/oscap-runner.js';
import { checkProbeCoverage } from '../src/evaluate/probe-coverage.js';
import { runProgram } from '../src/evaluate/run-program.js';
import { parseDpkgStatus } from '../src/inventory/dpkg-status-parser.js';
import { acquireImage } from './support/acquire-image.js';
import { importImage } from './support/import-image.js';
import { bashTinyFeed, tinyFeed } from './support/tiny-feed.js';

const docker = new Docker({ socketPath: '/var/run/docker.sock' });
const oscap = new OscapRunner({ oscapPath: 'oscap', timeoutMs: 120_000 });

async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.sort();
}

/**
 * Each of oscap 1.3.7's silent traps, reproduced for real: without the fix oscap exits 0 with
 * every definition false; the worker must either avoid the trap or turn it into an error.
 */
describe('oscap 1.3.7 silent traps, on real images and the real oscap', function () {
  const scratchParent = join(process.env.TMPDIR ?? '/tmp', `oscap-traps-${process.pid}`);
  const feedDir = join(scratchParent, 'feeds');

  before(async () => {
    await mkdir(feedDir, { recursive: true });
  });

  after(async () => {
    await rm(scratchParent, { recursive: true, force: true });
  });

  describe('dpkginfo on a real Debian 12 image', () => {
    let target: AcquiredTarget;
    let feedPath: string;
    let bashVersion: string;

    before(async () => {
      target = await acquireImage('image-scanner-test/debian12:1', scratchParent);
      const packages = parseDpkgStatus(target.packageDb.dpkgStatus?.toString() ?? '');
      bashVersion = packages.find((p) => p.name === 'bash')?.version ?? '';
      expect(bashVersion).to.match(/^5\.2/);
      feedPath = join(feedDir, 'debian.xml');
      await writeFile(feedPath, bashTinyFeed());
    });

    it('sees the installed bash in the runner environment and leaves the root alone', async () => {
      const before = await listTree(target.scratch.rootPath);
      const run = await oscap.evaluate({
        feedPath,
        rootPath: target.scratch.rootPath,
        workDir: await target.scratch.workDir('oscap-ok'),
      });
      const results = await readResultsFile(run.resultsPath);
      expect(results.definitionResults.get('oval:test.tiny:def:1')).to.equal('true');
      expect(results.definitionResults.get('oval:test.tiny:def:2')).to.equal('false');
      expect(results.definitionResults.get('oval:test.tiny:def:3')).to.equal('false');
      expect(results.packages.find((p) => p.name === 'bash')?.evr).to.include(bashVersion);
      expect(await listTree(target.scratch.rootPath)).to.deep.equal(before);
    });

    it('turns an emptied apt package cache (trap 1) into an error, not "all false"', async () => {
      const workDir = await target.scratch.workDir('oscap-broken-apt');
      const aptConfig = join(workDir, 'apt.conf');
      // The setting Docker's Debian images and hosts carry to keep layers small.
      await writeFile(aptConfig, 'Dir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n');
      const results = join(workDir, 'results.xml');
      const run = await runProgram('oscap', ['oval', 'eval', '--results', results, feedPath], {
        env: {
          PATH: '/usr/bin:/bin',
          OSCAP_PROBE_ROOT: target.scratch.rootPath,
          APT_CONFIG: aptConfig,
          HOME: workDir,
        },
        timeoutMs: 120_000,
      });
      expect(run.exitCode, 'oscap hides the failure behind exit code 0').to.equal(0);
      const parsed = await readResultsFile(results);
      expect(parsed.definitionResults.get('oval:test.tiny:def:1')).to.equal('false');
      const inventory = parseDpkgStatus(target.packageDb.dpkgStatus?.toString() ?? '');
      // Both nets catch it: the probe's complaint on stderr, and the missing package items.
      expect(findSilentProbeFailure(run.stderr)).to.equal(
        'dpkginfo probe could not open the dpkg database',
      );
      let coverageError: unknown;
      try {
        checkProbeCoverage(inventory, new Set(['bash']), parsed);
      } catch (err) {
        coverageError = err;
      }
      expect((coverageError as CodedError).code).to.equal('ERR_OSCAP_PROBE_FAILED');
    });
  });

  describe('dpkginfo on an image without dpkg CPU tables (distroless shape)', () => {
    before(async () => {
      const status = (await acquireImage('image-scanner-test/debian12:1', scratchParent)).packageDb
        .dpkgStatus;
      await importImage(docker, 'image-scanner-test/no-cputable:1', [
        { path: 'etc', type: 'directory' },
        { path: 'etc/os-release', type: 'file', content: 'ID=debian\nVERSION_ID="12"\n' },
        { path: 'var/lib/dpkg/status', type: 'file', content: status?.toString() ?? '' },
      ]);
    });

    after(async () => {
      await docker.getImage('image-scanner-test/no-cputable:1').remove({ force: true });
    });

    it('still collects the packages, because the worker supplies the tables', async () => {
      const target = await acquireImage('image-scanner-test/no-cputable:1', scratchParent);
      const feedPath = join(feedDir, 'debian-cputable.xml');
      await writeFile(
        feedPath,
        tinyFeed('dpkg', [{ id: 1, packageName: 'bash', lessThan: '99:0' }]),
      );
      const run = await oscap.evaluate({
        feedPath,
        rootPath: target.scratch.rootPath,
        workDir: await target.scratch.workDir('oscap'),
      });
      const results = await readResultsFile(run.resultsPath);
      expect(results.definitionResults.get('oval:test.tiny:def:1')).to.equal('true');
    });
  });

  describe('rpminfo on the RHEL 7-like image, which has no shell (trap 2)', () => {
    let target: AcquiredTarget;
    let feedPath: string;

    before(async () => {
      target = await acquireImage('image-scanner-test/rhel7like:1', scratchParent);
      expect(target.packageDb.rpmDbDir).to.equal('/var/lib/rpm');
      feedPath = join(feedDir, 'rhel.xml');
      await writeFile(
        feedPath,
        tinyFeed('rpm', [
          { id: 1, packageName: 'grep', lessThan: '99:0-0' },
          { id: 2, packageName: 'grep', lessThan: '0:1-0' },
        ]),
      );
    });

    it('reads the rpm database with the runner environment', async () => {
      const run = await oscap.evaluate({
        feedPath,
        rootPath: target.scratch.rootPath,
        workDir: await target.scratch.workDir('oscap-ok'),
        rpmDbDir: '/var/lib/rpm',
      });
      const results = await readResultsFile(run.resultsPath);
      expect(results.definitionResults.get('oval:test.tiny:def:1')).to.equal('true');
      expect(results.definitionResults.get('oval:test.tiny:def:2')).to.equal('false');
      const grep = results.packages.find((p) => p.name === 'grep');
      expect(grep?.evr).to.equal('0:2.20-3.el7');
    });

    it('turns rpm failing to find its database without .rpmmacros into an error', async () => {
      const workDir = await target.scratch.workDir('oscap-no-macros');
      const results = join(workDir, 'results.xml');
      const run = await runProgram('oscap', ['oval', 'eval', '--results', results, feedPath], {
        env: { PATH: '/usr/bin:/bin', OSCAP_PROBE_ROOT: target.scratch.rootPath, HOME: workDir },
        timeoutMs: 120_000,
      });
      expect(run.exitCode).to.equal(0);
      const parsed = await readResultsFile(results);
      expect(parsed.definitionResults.get('oval:test.tiny:def:1')).to.equal('false');
      const caughtByStderr = findSilentProbeFailure(run.stderr) !== undefined;
      let caughtByCoverage = false;
      try {
        const inventory = [{ kind: 'rpm' as const, name: 'grep', version: '0:2.20-3.el7' }];
        checkProbeCoverage(inventory, new Set(['grep']), parsed);
      } catch (err) {
        caughtByCoverage = (err as CodedError).code === 'ERR_OSCAP_PROBE_FAILED';
      }
      expect(caughtByStderr || caughtByCoverage).to.equal(true);
      expect(caughtByCoverage).to.equal(true);
    });
  });

  describe('a Debian feed that declares schema 5.11 (trap 5)', () => {
    it('fails loudly, so the target is an error rather than clean', async () => {
      const target = await acquireImage('image-scanner-test/debian12:1', scratchParent);
      const feedPath = join(feedDir, 'debian-5.11.xml');
      await writeFile(
        feedPath,
        tinyFeed('dpkg', [{ id: 1, packageName: 'bash', lessThan: '99:0' }], '5.11'),
      );
      let error: unknown;
      try {
        await oscap.evaluate({
          feedPath,
          rootPath: target.scratch.rootPath,
          workDir: await target.scratch.workDir('oscap'),
        });
      } catch (err) {
        error = err;
      }
      expect((error as CodedError | undefined)?.code).to.equal('ERR_OSCAP_FAILED');
    });
  });
});
