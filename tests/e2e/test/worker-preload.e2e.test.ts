import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TargetReport } from '@image-scanner/contracts';
import { expect } from 'chai';
import { deriveTestFeeds } from '../support/derive-test-feeds.js';
import { loadExpectations } from '../support/expectations.js';
import { ScannerStack } from '../support/scanner-stack.js';
import type { LogLine } from '../support/service-process.js';

const IMAGES = {
  rhel7like: 'image-scanner-test/rhel7like:1',
  debian12: 'image-scanner-test/debian12:1',
};

function indexOf(logs: LogLine[], msg: string, feed?: RegExp): number {
  return logs.findIndex((l) => l.msg === msg && (!feed || feed.test(String(l.feed))));
}

describe('a worker that preloads its feeds (FEED_PRELOAD)', function () {
  let workDir: string;
  let stack: ScannerStack;

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'image-scanner-e2e-preload-'));
    await deriveTestFeeds(join(workDir, 'feeds'));
    stack = await ScannerStack.start({
      feedDir: join(workDir, 'feeds'),
      redisUrl: 'redis://127.0.0.1:6379/8',
      env: {
        worker: { FEED_PRELOAD: 'rhel/7,debian/12,ubuntu/99.04', REUSE_RESULTS: 'false' },
      },
    });
  });

  after(async () => {
    await stack?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  it('loads and validates each feed before it says ready, and names the missing one', () => {
    const logs = stack.services.worker.logs;
    const ready = indexOf(logs, 'ready');
    for (const feed of [/rhel-7/, /bookworm/]) {
      const loaded = indexOf(logs, 'feed loaded', feed);
      const validated = indexOf(logs, 'feed validated', feed);
      expect(loaded, String(feed)).to.be.within(0, ready);
      expect(validated, String(feed)).to.be.within(loaded, ready);
    }
    const missing = logs.find((l) => l.msg === 'feeds to preload not found');
    expect(missing?.missing).to.deep.equal(['ubuntu/99.04']);
  });

  it('then finds exactly the expected advisories, skipping the schema check', async () => {
    for (const [name, image] of Object.entries(IMAGES)) {
      const expected = await loadExpectations(name);
      const { id } = await stack.postScan({ targets: [image] });
      const status = await stack.waitForScan(id);
      const url = status.targets[0]?.reports?.json;
      expect(url, JSON.stringify(status.targets[0]?.error)).to.be.a('string');
      const report = (await (await fetch(url!)).json()) as TargetReport;
      const found = report.findings.map((f) => f.definitionId).sort();
      expect(found, name).to.deep.equal(expected.trueDefinitions.map((d) => d.id).sort());
    }
    // Every evaluation after the preload ran oscap without checking the feed again.
    const runs = stack.services.worker.logs.filter((l) => l.msg === 'oscap finished');
    expect(runs.length).to.be.at.least(2);
    for (const run of runs) expect(run.schemaCheckSkipped).to.equal(true);
  });
});
