import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  NORMALIZED_SEVERITIES,
  SCAN_PHASES,
  scanQueueName,
  type ScanStatus,
} from '@image-scanner/contracts';
import { expect } from 'chai';
import { deriveTestFeeds } from '../support/derive-test-feeds.js';
import { scrape, sumOf } from '../support/prometheus-text.js';
import { ScannerStack } from '../support/scanner-stack.js';
import type { ServiceProcess } from '../support/service-process.js';

const RHEL = 'image-scanner-test/rhel7like:1';
const DEBIAN = 'image-scanner-test/debian12:1';
const QUEUE = scanQueueName('local');

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function statusOf(stack: ScannerStack, id: string): Promise<ScanStatus> {
  return (await (await fetch(`${stack.apiUrl}/scans/${id}`)).json()) as ScanStatus;
}

describe('observability: metrics, health and graceful shutdown of the real services', function () {
  let workDir: string;
  let stack: ScannerStack;

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'image-scanner-e2e-obs-'));
    await deriveTestFeeds(join(workDir, 'feeds'));
    stack = await ScannerStack.start({
      feedDir: join(workDir, 'feeds'),
      // The whole RHEL 7 feed keeps oscap busy for seconds: the drain test stops a worker then.
      env: { worker: { EVALUATE_FULL_FEED: 'true' } },
    });
  });

  after(async () => {
    await stack?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  describe('when a scan of the Debian 12 image has run', () => {
    let status: ScanStatus;
    let workerUrl: string;

    before(async () => {
      workerUrl = await stack.workerUrl();
      const { id } = await stack.postScan({ targets: [DEBIAN] });
      status = await stack.waitForScan(id);
      // A read of a report that does not exist is a counted report-store error.
      const missing = `image-${'0'.repeat(64)}`;
      const answer = await fetch(`${stack.storeUrl}/reports/${id}/${missing}/report.json`);
      expect(answer.status).to.equal(404);
    });

    it('the worker counts the target by outcome, its findings by severity and each phase', async () => {
      expect(status.status).to.equal('completed');
      const target = status.targets[0]!;
      expect(target.outcome).to.equal('vulnerable');
      const samples = await scrape(workerUrl);
      expect(
        sumOf(samples, 'image_scanner_targets_scanned_total', { outcome: 'vulnerable' }),
      ).to.equal(1);
      for (const phase of SCAN_PHASES) {
        expect(
          sumOf(samples, 'image_scanner_scan_phase_duration_seconds_count', { phase }),
          phase,
        ).to.equal(1);
      }
      for (const severity of NORMALIZED_SEVERITIES) {
        expect(sumOf(samples, 'image_scanner_findings_total', { severity }), severity).to.equal(
          target.counts![severity],
        );
      }
      expect(sumOf(samples, 'image_scanner_findings_total')).to.be.greaterThan(0);
      expect(sumOf(samples, 'image_scanner_oscap_failures_total')).to.equal(0);
      expect(sumOf(samples, 'image_scanner_worker_jobs_active')).to.equal(0);
      expect(
        sumOf(samples, 'image_scanner_feed_age_seconds', { distro: 'debian', release: '12' }),
      ).to.be.greaterThanOrEqual(0);
      expect(
        sumOf(samples, 'image_scanner_feed_size_bytes', { distro: 'debian', release: '12' }),
      ).to.be.greaterThan(0);
    });

    it('the API counts the scan, times its routes and reads queue depth and workers', async () => {
      const samples = await scrape(stack.apiUrl);
      expect(
        sumOf(samples, 'image_scanner_scans_created_total', { docker_host: 'local' }),
      ).to.equal(1);
      const posts = {
        method: 'POST',
        route: '/scans',
        status_code: '202',
      };
      expect(sumOf(samples, 'image_scanner_http_request_duration_seconds_count', posts)).to.equal(
        1,
      );
      expect(
        sumOf(samples, 'image_scanner_http_request_duration_seconds_count', {
          route: '/scans/:id',
          status_code: '200',
        }),
      ).to.be.greaterThan(0);
      // resolve-targets and evaluate-target are both completed jobs of this host's queue.
      expect(
        sumOf(samples, 'image_scanner_queue_jobs', { queue: QUEUE, state: 'completed' }),
      ).to.be.greaterThanOrEqual(2);
      expect(
        sumOf(samples, 'image_scanner_queue_jobs', { queue: QUEUE, state: 'active' }),
      ).to.equal(0);
      expect(
        sumOf(samples, 'image_scanner_active_workers', { queue: QUEUE }),
      ).to.be.greaterThanOrEqual(1);
    });

    it('the report store counts bytes written by file and failed reads by code', async () => {
      const samples = await scrape(stack.storeUrl);
      for (const file of ['results.xml', 'report.html', 'report.json']) {
        expect(
          sumOf(samples, 'image_scanner_report_store_bytes_written_total', { file }),
          file,
        ).to.be.greaterThan(0);
      }
      expect(
        sumOf(samples, 'image_scanner_report_store_errors_total', {
          operation: 'read',
          code: 'ERR_REPORT_NOT_FOUND',
        }),
      ).to.equal(1);
    });

    it('the worker answers /healthz and /readyz with its dependencies reachable', async () => {
      for (const path of ['/healthz', '/readyz']) {
        const response = await fetch(`${workerUrl}${path}`);
        expect(response.status, path).to.equal(200);
      }
    });
  });

  describe('when a worker gets SIGTERM while oscap evaluates the full RHEL 7 feed', () => {
    let first: ServiceProcess;
    let scanA: ScanStatus;
    let scanBWhileDown: ScanStatus;
    let scanB: ScanStatus;
    let exitCode: number | null;

    before(async () => {
      first = stack.services.worker;
      const workerUrl = await stack.workerUrl(first);
      const a = await stack.postScan({ targets: [RHEL] });
      await waitFor('the evaluation to run', async () => {
        const samples = await scrape(workerUrl);
        return sumOf(samples, 'image_scanner_worker_jobs_active', { job: 'evaluate-target' }) === 1;
      });
      // Well inside the evaluation: acquire and detect are done, oscap is reading the feed.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const stopped = first.stop('SIGTERM');
      const b = await stack.postScan({ targets: [DEBIAN] });
      exitCode = await stopped;
      scanA = await statusOf(stack, a.id);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      scanBWhileDown = await statusOf(stack, b.id);
      await stack.startWorker();
      scanB = await stack.waitForScan(b.id);
    });

    it('finishes the running scan before it exits, and exits cleanly', () => {
      expect(exitCode).to.equal(0);
      expect(scanA.status).to.equal('completed');
      expect(scanA.targets[0]!.outcome).to.equal('vulnerable');
      const messages = first.logs.map((l) => l.msg);
      const evaluated = first.logs.findIndex(
        (l) => l.msg === 'target evaluated' && l.scanId === scanA.id,
      );
      expect(evaluated, 'the draining worker evaluated the target').to.be.greaterThan(-1);
      expect(messages.indexOf('shutting down')).to.be.lessThan(evaluated);
      expect(messages.lastIndexOf('shut down')).to.be.greaterThan(evaluated);
    });

    it('takes no new job while draining; the next worker runs it', () => {
      expect(scanBWhileDown.status).to.equal('queued');
      expect(first.logs.some((l) => l.scanId === scanB.id)).to.equal(false);
      expect(scanB.status).to.equal('completed');
      expect(scanB.targets[0]!.outcome).to.equal('vulnerable');
    });
  });
});
