import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanStatus, TargetReport, TargetStatus } from '@image-scanner/contracts';
import { parseResults } from '@image-scanner/oval-model';
import { expect } from 'chai';
import Docker from 'dockerode';
import { GenericContainer, type StartedTestContainer } from 'testcontainers';
import { deriveTestFeeds } from '../support/derive-test-feeds.js';
import { loadExpectations, type Expectations } from '../support/expectations.js';
import { ScannerStack } from '../support/scanner-stack.js';

const RHEL = 'image-scanner-test/rhel7like:1';
const DEBIAN = 'image-scanner-test/debian12:1';
const CANARY_DIR = '/tmp/image-scanner-canary';
const CANARY = 'host-canary-7f3a9c';

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  expect(response.status, url).to.equal(200);
  return (await response.json()) as T;
}

function target(status: ScanStatus, requested: string): TargetStatus {
  const found = status.targets.find((t) => t.requested === requested);
  expect(found, `target ${requested} in ${JSON.stringify(status.targets)}`).to.not.equal(undefined);
  return found!;
}

/** Phase timings of each scanned image, printed at the end for the record. */
const timings: Record<string, TargetReport['phaseDurationsMs']> = {};

describe('a scan end to end: API, queue, worker, report store, Docker and oscap', function () {
  // Whole seconds, as the Engine reports creation times.
  const suiteStartedMs = Math.floor(Date.now() / 1000) * 1000;
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  let workDir: string;
  let feedDir: string;
  let stack: ScannerStack;
  const containers: string[] = [];
  let running: StartedTestContainer[] = [];

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'image-scanner-e2e-feeds-'));
    feedDir = join(workDir, 'feeds');
    await deriveTestFeeds(feedDir);
    stack = await ScannerStack.start({ feedDir });
  });

  after(async () => {
    for (const t of Object.keys(timings))
      console.log(`phase timings ${t}: ${JSON.stringify(timings[t])}`);
    await Promise.all(running.map((c) => c.stop()));
    running = [];
    await Promise.all(containers.map((id) => docker.getContainer(id).remove({ force: true })));
    await stack?.stop();
    await rm(workDir, { recursive: true, force: true });
    await rm(CANARY_DIR, { recursive: true, force: true });
  });

  describe('the RHEL 7-like image and a container made from it', () => {
    let expected: Expectations;
    let status: ScanStatus;
    let report: TargetReport;
    let containerId: string;

    before(async () => {
      expected = await loadExpectations('rhel7like');
      const container = await docker.createContainer({
        Image: RHEL,
        name: `image-scanner-e2e-rhel-${process.pid}`,
        Entrypoint: ['/never-run'],
      });
      containerId = container.id;
      containers.push(containerId);
      const { id } = await stack.postScan({ targets: [RHEL, containerId.slice(0, 12)] });
      status = await stack.waitForScan(id);
      const rhel = target(status, RHEL);
      report = await fetchJson<TargetReport>(rhel.reports!.json);
      timings.rhel7like = report.phaseDurationsMs;
    });

    it('completes with one evaluation shared by the image and its container', () => {
      expect(status.status).to.equal('completed');
      expect(status.progress).to.deep.equal({ done: 1, total: 1 });
      const image = target(status, RHEL);
      const container = target(status, containerId.slice(0, 12));
      expect(container.kind).to.equal('container');
      expect(container.id).to.equal(containerId);
      expect(container.sharedEvaluation).to.equal(true);
      expect(container.evaluationKey).to.equal(image.evaluationKey);
      expect(container.reports).to.deep.equal(image.reports);
      expect(report.target.containers).to.deep.equal([containerId]);
      // The worker sees the Engine's folders here: the image is read from its layers.
      expect(report.readThrough).to.equal('layers');
    });

    it('finds exactly the advisories that apply to those package versions', () => {
      expect(report.outcome).to.equal('vulnerable');
      const found = report.findings.map((f) => f.definitionId).sort();
      expect(found).to.deep.equal(expected.trueDefinitions.map((d) => d.id).sort());
      for (const definition of expected.trueDefinitions) {
        const finding = report.findings.find((f) => f.definitionId === definition.id)!;
        expect(finding.advisoryId, definition.id).to.equal(definition.advisoryId);
        const pkg = finding.packages.find((p) => p.name === definition.package);
        expect(pkg?.installedVersion, definition.id).to.equal(definition.installed);
        if (definition.fixed) expect(pkg?.fixedVersion, definition.id).to.equal(definition.fixed);
        expect(finding.fixState, definition.id).to.equal(definition.fixed ? 'fixed' : 'unfixed');
      }
    });

    it('finds the advisory where only the epoch is older than the fix', () => {
      expect(expected.epochCase.installed.split(':')[1]).to.equal(
        expected.epochCase.fixed?.split(':')[1],
      );
      expect(report.findings.map((f) => f.definitionId)).to.include(expected.epochCase.id);
    });

    it('does not report the advisory whose fixed version is the one installed', () => {
      expect(expected.equalCase.installed).to.equal(expected.equalCase.fixed);
      const ids = report.findings.map((f) => f.definitionId);
      expect(ids).to.not.include(expected.equalCase.id);
      for (const other of expected.alsoFalse ?? []) expect(ids).to.not.include(other.id);
    });

    it('keeps every CVE of an advisory and its vendor and normalized severity', () => {
      const rhsa = report.findings.find((f) => f.advisoryId === 'RHSA-2020:5011')!;
      expect(rhsa.severity.vendor).to.match(/^(Critical|Important|Moderate|Low)$/);
      expect(rhsa.severity.normalized).to.not.equal('unknown');
      expect(rhsa.cveIds.length).to.be.greaterThan(0);
      for (const cve of rhsa.cveIds) expect(cve).to.match(/^CVE-\d{4}-\d+$/);
      const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
      expect(total).to.equal(report.findings.length);
    });

    it('records the OS, the feed that produced the result, and the package inventory', async () => {
      expect(report.os).to.include({ distro: 'rhel', version: '7.9', release: '7' });
      const feedBytes = await readFile(join(feedDir, expected.feed));
      const digest = `sha256:${createHash('sha256').update(feedBytes).digest('hex')}`;
      expect(report.feed).to.include({ source: expected.feed, digest });
      expect(report.feed?.definitionCount).to.equal(expected.definitionCount);
      const openssl = report.packages.find((p) => p.name === 'openssl-libs');
      expect(openssl).to.include({ kind: 'rpm', version: '1:1.0.2k-19.el7', arch: 'x86_64' });
      for (const phase of ['acquire', 'detect', 'evaluate', 'parse', 'store'] as const) {
        expect(report.phaseDurationsMs[phase], phase).to.be.a('number');
      }
    });

    it('serves the oscap results XML and HTML at the URLs in the status', async () => {
      const links = target(status, RHEL).reports!;
      const xmlResponse = await fetch(links.xml!);
      expect(xmlResponse.headers.get('content-type')).to.match(/xml/);
      const results = await parseResults(Buffer.from(await xmlResponse.arrayBuffer()));
      expect(results.definitionResults.get(expected.epochCase.id)).to.equal('true');
      expect(results.definitionResults.get(expected.equalCase.id)).to.equal('false');
      // oscap got only the definitions that can apply (EVALUATE_FULL_FEED=true gives them all).
      expect(results.definitionResults.size).to.be.within(1, expected.definitionCount / 4);
      for (const definition of expected.trueDefinitions) {
        expect(results.definitionResults.get(definition.id), definition.id).to.equal('true');
      }
      const html = await (await fetch(links.html!)).text();
      expect(html).to.match(/<html/i);
      expect(html).to.include(expected.epochCase.id);
    });

    it('answers GET /scans/:id/report with the JSON of every target', async () => {
      const full = await fetchJson<{ scan: ScanStatus; targets: TargetReport[] }>(
        status.links.report,
      );
      expect(full.scan.id).to.equal(status.id);
      expect(full.targets.map((t) => t.evaluationKey)).to.deep.equal([report.evaluationKey]);
    });

    it('reuses the result when the image and the feed are unchanged, fast', async () => {
      const started = performance.now();
      const { id } = await stack.postScan({ targets: [RHEL] });
      const again = await stack.waitForScan(id);
      const elapsedMs = performance.now() - started;
      const reused = await fetchJson<TargetReport>(target(again, RHEL).reports!.json);
      expect(reused.scanId).to.equal(again.id);
      expect(reused.findings).to.deep.equal(report.findings);
      expect(reused.feed).to.deep.equal(report.feed);
      // No evaluation ran: only the new report.json was stored, the files link to the first.
      expect(reused.phaseDurationsMs).to.deep.equal({});
      expect(target(again, RHEL).reports?.xml).to.equal(target(status, RHEL).reports?.xml);
      expect(elapsedMs).to.be.below(5000);
    });
  });

  describe('the Debian 12 image, with a container whose own layer removed a package', () => {
    let expected: Expectations;
    let status: ScanStatus;
    let imageReport: TargetReport;
    let changed: StartedTestContainer;
    let unchanged: StartedTestContainer;

    before(async () => {
      expected = await loadExpectations('debian12');
      [changed, unchanged] = await Promise.all([
        new GenericContainer(DEBIAN).withCommand(['sleep', 'infinity']).start(),
        new GenericContainer(DEBIAN).withCommand(['sleep', 'infinity']).start(),
      ]);
      running.push(changed, unchanged);
      const removal = await changed.exec(['dpkg', '--remove', '--force-depends', 'apt']);
      expect(removal.exitCode, removal.output).to.equal(0);
      const { id } = await stack.postScan({
        targets: [DEBIAN, changed.getId(), unchanged.getName().replace(/^\//, '')],
      });
      status = await stack.waitForScan(id);
      imageReport = await fetchJson<TargetReport>(target(status, DEBIAN).reports!.json);
      timings.debian12 = imageReport.phaseDurationsMs;
    });

    it('finds exactly the expected definitions of the derived Debian feed', () => {
      expect(imageReport.outcome).to.equal('vulnerable');
      const found = imageReport.findings.map((f) => f.definitionId).sort();
      expect(found).to.deep.equal(expected.trueDefinitions.map((d) => d.id).sort());
      const ids = new Set(found);
      expect(ids.has(expected.equalCase.id)).to.equal(false);
      expect(ids.has(expected.epochCase.id)).to.equal(false);
      expect(ids.has(expected.noFixCase!.id)).to.equal(false);
      expect(imageReport.os).to.include({ distro: 'debian', release: '12', codename: 'bookworm' });
    });

    it('evaluates the changed container on its own and lets the unchanged one share', async () => {
      expect(status.progress.total).to.equal(2);
      const image = target(status, DEBIAN);
      const own = target(status, changed.getId());
      const shared = target(status, unchanged.getName().replace(/^\//, ''));
      expect(shared.evaluationKey).to.equal(image.evaluationKey);
      expect(shared.sharedEvaluation).to.equal(true);
      expect(own.evaluationKey).to.equal(`container-${changed.getId()}`);
      expect(own.sharedEvaluation).to.equal(false);
      const ownReport = await fetchJson<TargetReport>(own.reports!.json);
      expect(ownReport.packages.map((p) => p.name)).to.not.include('apt');
      // A container may change while it is read: only the Engine reads it.
      expect(ownReport.readThrough).to.equal('engine');
      expect(imageReport.packages.map((p) => p.name)).to.include('apt');
    });

    it('writes nothing into the scanned container and leaves no reader container behind', async () => {
      const changes = await docker.getContainer(unchanged.getId()).changes();
      const list = Buffer.isBuffer(changes) ? JSON.parse(changes.toString() || 'null') : changes;
      expect(list ?? []).to.deep.equal([]);
      // Only this run's readers count: a worker killed by another test may have left its own.
      const readers = await docker.listContainers({
        all: true,
        filters: { label: ['org.image-scanner.reader=1'] },
      });
      expect(readers.filter((r) => r.Created * 1000 >= suiteStartedMs)).to.deep.equal([]);
    });
  });

  describe('targets that cannot be scanned cleanly', () => {
    let status: ScanStatus;

    before(async () => {
      // Host files that an escaping link in the image points at: no report may contain them.
      await mkdir(CANARY_DIR, { recursive: true });
      await writeFile(
        join(CANARY_DIR, 'os-release'),
        `ID=debian\nVERSION_ID="12"\nNAME=${CANARY}\n`,
      );
      await writeFile(
        join(CANARY_DIR, 'status'),
        `Package: ${CANARY}\nStatus: install ok installed\nVersion: 1.0\nArchitecture: amd64\n`,
      );
      const { id } = await stack.postScan({
        targets: [
          'image-scanner-test/no-pkgdb:1',
          'image-scanner-test/unknown-os:1',
          'image-scanner-test/symlink-escape:1',
          'image-scanner-test/does-not-exist:1',
        ],
      });
      status = await stack.waitForScan(id);
      for (const t of status.targets.filter((x) => x.reports)) {
        const report = await fetchJson<TargetReport>(t.reports!.json);
        timings[t.requested.replace('image-scanner-test/', '')] = report.phaseDurationsMs;
      }
    });

    it('reports an image without a package database as an error, never clean', () => {
      const t = target(status, 'image-scanner-test/no-pkgdb:1');
      expect(t.outcome).to.equal('error');
      expect(t.error?.code).to.equal('ERR_TARGET_NO_PACKAGE_DB');
    });

    it('reports an OS without a feed as unsupported', () => {
      const t = target(status, 'image-scanner-test/unknown-os:1');
      expect(t.outcome).to.equal('unsupported');
      expect(t.error?.code).to.equal('ERR_FEED_MISSING');
    });

    it('never reads host files through links in the image', async () => {
      const t = target(status, 'image-scanner-test/symlink-escape:1');
      expect(t.outcome).to.equal('error');
      expect(t.os?.distro).to.not.equal('debian');
      const report = await (await fetch(t.reports!.json)).text();
      expect(report).to.not.include(CANARY);
      expect(report).to.not.match(/overlay2|\/var\/lib\/docker/);
    });

    it('reports a target that does not exist without failing the others', () => {
      expect(status.status).to.equal('completed');
      const t = target(status, 'image-scanner-test/does-not-exist:1');
      expect(t.outcome).to.equal('error');
      expect(t.error?.code).to.equal('ERR_TARGET_NOT_FOUND');
      expect(status.progress).to.deep.equal({ done: 3, total: 3 });
    });
  });

  describe('a name that is both an image and a container', () => {
    it('is an ambiguous target, with the scan otherwise unaffected', async () => {
      const name = `image-scanner-e2e-ambiguous-${process.pid}`;
      await docker.getImage(DEBIAN).tag({ repo: name, tag: 'latest' });
      const container = await docker.createContainer({ Image: DEBIAN, name, Cmd: ['true'] });
      containers.push(container.id);
      try {
        const { id } = await stack.postScan({ targets: [name] });
        const status = await stack.waitForScan(id);
        const t = target(status, name);
        expect(t.outcome).to.equal('error');
        expect(t.error?.code).to.equal('ERR_TARGET_AMBIGUOUS');
      } finally {
        await docker.getImage(`${name}:latest`).remove();
      }
    });
  });
});
