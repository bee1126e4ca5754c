import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanStatus, TargetReport } from '@image-scanner/contracts';
import { expect } from 'chai';
import { deriveTestFeeds } from '../support/derive-test-feeds.js';
import { loadExpectations } from '../support/expectations.js';
import { ScannerStack } from '../support/scanner-stack.js';

const IMAGES = {
  rhel7like: 'image-scanner-test/rhel7like:1',
  debian12: 'image-scanner-test/debian12:1',
};

async function reportsOf(stack: ScannerStack): Promise<Map<string, TargetReport>> {
  const { id } = await stack.postScan({ targets: Object.values(IMAGES) });
  const status: ScanStatus = await stack.waitForScan(id);
  expect(status.status).to.equal('completed');
  const reports = new Map<string, TargetReport>();
  for (const t of status.targets) {
    reports.set(t.requested, (await (await fetch(t.reports!.json)).json()) as TargetReport);
  }
  return reports;
}

/** What must not depend on how the files were read. */
function substance(report: TargetReport) {
  return {
    outcome: report.outcome,
    os: report.os,
    counts: report.counts,
    findings: report.findings.map((f) => f.definitionId).sort(),
    packages: report.packages,
  };
}

describe("images read from their layer folders and through the Engine's archive API", function () {
  let workDir: string;
  const byReader: Record<'layers' | 'engine', Map<string, TargetReport>> = {
    layers: new Map(),
    engine: new Map(),
  };

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'image-scanner-e2e-readers-'));
    const feedDir = join(workDir, 'feeds');
    await deriveTestFeeds(feedDir);
    for (const reader of ['layers', 'engine'] as const) {
      const stack = await ScannerStack.start({
        feedDir,
        env: { worker: { TARGET_READER: reader, REUSE_RESULTS: 'false' } },
      });
      try {
        byReader[reader] = await reportsOf(stack);
      } finally {
        await stack.stop();
      }
    }
  });

  after(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  for (const [name, image] of Object.entries(IMAGES)) {
    it(`finds the expected advisories in ${name} either way, with the same inventory`, async () => {
      const expected = (await loadExpectations(name)).trueDefinitions.map((d) => d.id).sort();
      const layers = byReader.layers.get(image)!;
      const engine = byReader.engine.get(image)!;
      expect(layers.readThrough).to.equal('layers');
      expect(engine.readThrough).to.equal('engine');
      expect(substance(layers).findings).to.deep.equal(expected);
      expect(substance(layers)).to.deep.equal(substance(engine));
      expect(layers.packages.length).to.be.greaterThan(0);
    });
  }
});
