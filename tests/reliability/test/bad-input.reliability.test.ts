import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanStatus } from '@image-scanner/contracts';
import { expect } from 'chai';
import { deriveTestFeeds } from '../../e2e/support/derive-test-feeds.js';
import { ScannerStack } from '../../e2e/support/scanner-stack.js';
import { malformedRequests } from '../support/malformed-requests.js';
import { rawRequest } from '../support/raw-http.js';
import { waitPatiently } from '../support/scan-helpers.js';
import { snapshotState } from '../support/state-snapshot.js';
import { figure } from '../support/suite-size.js';

const REDIS_URL = 'redis://127.0.0.1:6379/14';

describe('malformed requests to every endpoint', function () {
  let workDir: string;
  let stack: ScannerStack;
  let scan: ScanStatus;

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'image-scanner-bad-input-'));
    await deriveTestFeeds(join(workDir, 'feeds'));
    stack = await ScannerStack.start({ feedDir: join(workDir, 'feeds'), redisUrl: REDIS_URL });
    // One real scan first, so there are records and reports that must survive untouched.
    const { id } = await stack.postScan({ targets: ['image-scanner-test/debian12:1'] });
    scan = await waitPatiently(stack, id, 120_000);
    expect(scan.status).to.equal('completed');
  });

  after(async () => {
    await stack?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  it('answers every one with a 4xx and a stable code, and changes nothing stored', async () => {
    const key = scan.targets[0]!.evaluationKey!;
    const requests = malformedRequests(key);
    expect(requests.length).to.be.at.least(200);
    const before = await snapshotState(REDIS_URL, stack.reportsDir);
    const byStatus = new Map<number, number>();
    const failures: string[] = [];
    for (const r of requests) {
      const base = r.service === 'api' ? stack.apiUrl : stack.storeUrl;
      const answer = await rawRequest(base, r.method, r.path, r.headers, r.body);
      byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
      if (answer.status >= 500) failures.push(`${r.name}: ${answer.status} ${answer.body}`);
      if (answer.status < 400 && r.method !== 'OPTIONS') {
        failures.push(`${r.name}: accepted with ${answer.status}`);
      }
      if (answer.status >= 400 && answer.status < 500) {
        let code: unknown;
        try {
          code = (JSON.parse(answer.body) as { error?: { code?: unknown } }).error?.code;
        } catch {
          code = undefined;
        }
        if (typeof code !== 'string' || !/^ERR_[A-Z_]+$/.test(code)) {
          failures.push(`${r.name}: ${answer.status} without a code: ${answer.body.slice(0, 100)}`);
        }
      }
    }
    expect(failures, failures.join('\n')).to.deep.equal([]);
    expect(await snapshotState(REDIS_URL, stack.reportsDir)).to.deep.equal(before);
    figure('malformed requests', {
      sent: requests.length,
      byStatus: Object.fromEntries([...byStatus].sort()),
    });
  });

  it('keeps answering others while a client trickles its headers', async () => {
    const url = new URL(stack.apiUrl);
    const slow = connect(Number(url.port), url.hostname);
    slow.on('error', () => {});
    slow.write('POST /scans HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => slow.write('X'), 200);
    try {
      const timings: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        const started = performance.now();
        const response = await fetch(`${stack.apiUrl}/scans/${scan.id}`);
        expect(response.status).to.equal(200);
        timings.push(performance.now() - started);
      }
      expect(Math.max(...timings)).to.be.lessThan(1000);
      figure('status answer ms during a slow client (max)', Math.round(Math.max(...timings)));
    } finally {
      clearInterval(trickle);
      slow.destroy();
    }
  });
});
