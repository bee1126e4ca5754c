import { access, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import Docker from 'dockerode';
import { deriveTestFeeds } from '../support/derive-test-feeds.js';
import { runCli } from '../support/run-cli.js';
import { ScannerStack } from '../support/scanner-stack.js';

const RHEL = 'image-scanner-test/rhel7like:1';
const DEBIAN = 'image-scanner-test/debian12:1';
const UNKNOWN_OS = 'image-scanner-test/unknown-os:1';

/** The printed outputs of the real runs, kept for the record at the end. */
const transcripts: string[] = [];
function record(command: string, run: { code: number | null; stdout: string }): void {
  transcripts.push(`$ image-scanner ${command}   # exit ${run.code}\n${run.stdout}`);
}

describe('the image-scanner CLI, run as a command against real images', function () {
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  let workDir: string;
  let feedDir: string;
  let rhelId: string;

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'image-scanner-e2e-cli-'));
    feedDir = join(workDir, 'feeds');
    await deriveTestFeeds(feedDir);
    rhelId = (await docker.getImage(RHEL).inspect()).Id;
  });

  after(async () => {
    if (process.env.CLI_TRANSCRIPTS) console.log(transcripts.join('\n'));
    await rm(workDir, { recursive: true, force: true });
  });

  describe('scan, embedded: no Redis, the whole pipeline in the process', () => {
    it('prints the summary block of each target and writes the three reports', async () => {
      const reportDir = join(workDir, 'embedded');
      const args = ['scan', '-s', RHEL, '-s', UNKNOWN_OS, '--report-dir', reportDir];
      const run = await runCli(args, { FEED_DIR: feedDir });
      record(args.join(' '), run);
      // The unknown OS cannot be vouched for: exit 3.
      expect(run.code, run.stderr).to.equal(3);
      const hex = rhelId.replace('sha256:', '');
      expect(run.stdout).to.contain(`     Image: ${rhelId}\n`);
      expect(run.stdout).to.contain('     OS: Red Hat Enterprise Linux Server 7.9 (Maipo)\n');
      expect(run.stdout).to.contain('     Containers affected (0):\n');
      expect(run.stdout).to.contain('     Results: Critical(0) Important(1) Moderate(3) Low(6)\n');
      expect(run.stdout).to.contain(`     Reports: ${join(reportDir, `image-${hex}`)}\n`);
      expect(run.stdout).to.match(/Results: unsupported \(ERR_FEED_MISSING: /);
      // Not a terminal: progress comes as plain lines on standard error.
      expect(run.stderr).to.contain('progress 2/2 targets');
      expect((await readdir(join(reportDir, `image-${hex}`))).sort()).to.deep.equal([
        'report.html',
        'report.json',
        'results.xml',
      ]);
      const report = JSON.parse(
        await readFile(join(reportDir, `image-${hex}`, 'report.json'), 'utf8'),
      );
      expect(report.outcome).to.equal('vulnerable');
      expect(report.findings).to.have.length(10);
      // Run as root on the Docker host, the command reads the image's layer folders.
      expect(report.readThrough).to.equal('layers');
    });

    it('reads through the Engine with TARGET_READER=engine, finding the same', async () => {
      const reportDir = join(workDir, 'embedded-engine');
      const args = ['scan', '-s', RHEL, '--report-dir', reportDir];
      const run = await runCli(args, { FEED_DIR: feedDir, TARGET_READER: 'engine' });
      // Findings without --fail-on are a report, not a failure.
      expect(run.code, run.stderr).to.equal(0);
      const hex = rhelId.replace('sha256:', '');
      const report = JSON.parse(
        await readFile(join(reportDir, `image-${hex}`, 'report.json'), 'utf8'),
      );
      expect(report.readThrough).to.equal('engine');
      expect(report.findings).to.have.length(10);
      expect(run.stdout).to.contain('     Results: Critical(0) Important(1) Moderate(3) Low(6)\n');
    });

    it('gates CI with --fail-on: 1 at or above the severity, 0 below it', async () => {
      const reportDir = join(workDir, 'gate');
      const important = ['scan', '-s', RHEL, '--fail-on', 'important', '--report-dir', reportDir];
      const failing = await runCli(important, { FEED_DIR: feedDir });
      record(important.join(' '), failing);
      expect(failing.code).to.equal(1);
      const critical = await runCli(
        ['scan', '-s', RHEL, '--fail-on', 'critical', '--report-dir', reportDir],
        { FEED_DIR: feedDir },
      );
      expect(critical.code).to.equal(0);
    });

    it('prints JSON with --json, and the containers of an image', async () => {
      const container = await docker.createContainer({
        Image: DEBIAN,
        name: `image-scanner-e2e-cli-${process.pid}`,
        Entrypoint: ['/never-run'],
      });
      try {
        const run = await runCli(
          [
            'scan',
            '-s',
            DEBIAN,
            '-s',
            container.id.slice(0, 12),
            '--json',
            '--report-dir',
            workDir,
          ],
          { FEED_DIR: feedDir },
        );
        expect(run.code, run.stderr).to.equal(0);
        const out = JSON.parse(run.stdout);
        expect(out.mode).to.equal('embedded');
        expect(out.exitCode).to.equal(0);
        const [image, ctr] = out.targets;
        expect(image.outcome).to.equal('vulnerable');
        expect(image.containers).to.deep.equal([container.id.slice(0, 12)]);
        expect(ctr).to.include({ kind: 'container', id: container.id, outcome: 'vulnerable' });
      } finally {
        await container.remove({ force: true });
      }
    });

    it('exits 2 with the usage for a wrong command line', async () => {
      const noScope = await runCli(['scan'], { FEED_DIR: feedDir });
      expect(noScope.code).to.equal(2);
      expect(noScope.stderr).to.match(/give one of -s ID/);
      const noFeeds = await runCli(['scan', '-s', RHEL]);
      expect(noFeeds.code).to.equal(2);
      expect(noFeeds.stderr).to.match(/--feed-dir/);
      const badGate = await runCli(['scan', '-s', RHEL, '--fail-on', 'severe'], {
        FEED_DIR: feedDir,
      });
      expect(badGate.code).to.equal(2);
      const badReader = await runCli(['scan', '-s', RHEL], {
        FEED_DIR: feedDir,
        TARGET_READER: 'sideways',
      });
      expect(badReader.code).to.equal(2);
      expect(badReader.stderr).to.match(/TARGET_READER must be one of auto, layers, engine/);
    });
  });

  describe('through the services', () => {
    let stack: ScannerStack;
    let configPath: string;
    let runningId: string;

    before(async () => {
      stack = await ScannerStack.start({
        feedDir,
        redisUrl: process.env.TEST_CLI_REDIS_URL ?? 'redis://127.0.0.1:6379/8',
      });
      const port = new URL(stack.apiUrl).port;
      configPath = join(workDir, 'image-scanner-client.conf');
      // The original client config's shape: one section per profile.
      await writeFile(
        configPath,
        [
          '[alpha]',
          'host = 127.0.0.1',
          `port = ${port}`,
          'threads = 2',
          '',
          '[beta]',
          'hostname: 127.0.0.1',
          `port: ${port}`,
          '',
        ].join('\n'),
      );
      const running = await docker.createContainer({
        Image: DEBIAN,
        name: `image-scanner-e2e-cli-running-${process.pid}`,
        Entrypoint: ['sleep', '600'],
        HostConfig: { NetworkMode: 'none' },
      });
      runningId = running.id;
      await running.start();
    });

    after(async () => {
      await docker
        .getContainer(runningId)
        .remove({ force: true })
        .catch(() => undefined);
      await stack?.stop();
    });

    it('scan goes through the API when a Redis URL is configured, and saves the reports', async () => {
      const reportDir = join(workDir, 'service');
      const run = await runCli(['scan', '-s', RHEL, '--report-dir', reportDir, '--json'], {
        REDIS_URL: 'redis://127.0.0.1:6379/8',
        IMAGE_SCANNER_API_URL: stack.apiUrl,
      });
      expect(run.code, run.stderr).to.equal(0);
      const out = JSON.parse(run.stdout);
      expect(out.mode).to.equal('service');
      expect(out.targets[0].counts).to.include({ critical: 0, high: 1, medium: 3, low: 6 });
      const folder = out.targets[0].reportDir as string;
      for (const file of ['results.xml', 'report.html', 'report.json']) {
        await access(join(folder, file));
      }
    });

    it('remote prints one host: time, Docker host, images, base image, advisories', async () => {
      const args = ['remote', '--config', configPath, '--profile', 'alpha', '--only-active'];
      const run = await runCli(args);
      record(args.join(' '), run);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.contain(`Profile: alpha (${stack.apiUrl})`);
      expect(run.stdout).to.match(/ {2}Time of scan: \d{4}-\d\d-\d\dT/);
      expect(run.stdout).to.contain('  Docker host: local');
      const debianId = (await docker.getImage(DEBIAN).inspect()).Id;
      const short = runningId.slice(0, 12);
      expect(run.stdout).to.contain(`  Scanned container: ${short}`);
      expect(run.stdout).to.contain(`    Base image: ${debianId.slice(7, 19)}`);
      expect(run.stdout).to.match(/ {4}Containers based on the same image \(\d+\): .*/);
      expect(run.stdout).to.contain('    Unrated (3):');
      expect(run.stdout).to.match(/ {6}CVE-2016-5405 {2}\S/);
      expect(run.stdout).to.not.contain('PROFILE');
    });

    it('remote --all-profiles adds a table across hosts, and --json', async () => {
      const args = ['remote', '--config', configPath, '--all-profiles', '--only-active'];
      const run = await runCli(args);
      record(args.join(' '), run);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.match(/^PROFILE +DOCKER HOST +TARGETS +CRITICAL +IMPORTANT/m);
      expect(run.stdout).to.match(/^alpha +local +\d+ +\d+/m);
      expect(run.stdout).to.match(/^beta +local +\d+ +\d+/m);
      const json = await runCli([...args, '--json']);
      const out = JSON.parse(json.stdout);
      expect(out.hosts.map((h: any) => h.profile)).to.deep.equal(['alpha', 'beta']);
      expect(out.hosts[0].targets.some((t: any) => t.summary.id === runningId)).to.equal(true);
    });

    it('remote exits 2 for an unknown profile and 4 when the API does not answer', async () => {
      const unknown = await runCli(['remote', '--config', configPath, '--profile', 'gamma']);
      expect(unknown.code).to.equal(2);
      expect(unknown.stderr).to.contain('no profile [gamma]');
      const offline = join(workDir, 'offline.conf');
      await writeFile(offline, '[down]\nhost = 127.0.0.1\nport = 9\n');
      const down = await runCli(['remote', '--config', offline, '--all-profiles']);
      expect(down.code).to.equal(4);
      expect(down.stdout).to.contain('Error: ERR_API_UNREACHABLE');
    });
  });
});
