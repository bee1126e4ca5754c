import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InstalledPackage } from '@image-scanner/contracts';
import { createLogger } from '@image-scanner/logging';
import {
  readResultsFile,
  type CriteriaNode,
  type OvalDefinitionsDocument,
  type OvalResultsDocument,
} from '@image-scanner/oval-model';
import { expect } from 'chai';
import Docker from 'dockerode';
import { AcquiredTarget } from '../src/acquire/acquired-target.js';
import { ScratchRoot } from '../src/acquire/scratch-root.js';
import { detectOs } from '../src/detect/os-detector.js';
import { DockerClient } from '../src/docker/docker-client.js';
import { OscapRunner } from '../src/evaluate/oscap-runner.js';
import { binaryNameFeed } from '../src/feeds/binary-name-feed.js';
import { FeedDirectory } from '../src/feeds/feed-directory.js';
import { readFeedBytes } from '../src/feeds/feed-text.js';
import type { LoadedFeed } from '../src/feeds/loaded-feed.js';
import { parseDpkgStatus } from '../src/inventory/dpkg-status-parser.js';
import { listRpmPackages } from '../src/inventory/rpm-inventory.js';
import { definitionsThatCanBeTrue } from '../src/prune/definition-outcomes.js';
import { pruneFeed, type PrunedFeed } from '../src/prune/feed-pruner.js';
import { cutFeedSections } from '../src/prune/feed-sections.js';
import { packagePresence } from '../src/prune/package-presence.js';
import { EITHER, ONLY_FALSE, ONLY_TRUE, type Possible } from '../src/prune/test-outcomes.js';

const DERIVE = fileURLToPath(
  new URL('../../../tests/fixtures/feeds/derive-feeds.ts', import.meta.url),
);
const LIMITS = { maxFileBytes: 64 << 20, maxTotalBytes: 256 << 20, maxEntries: 5000 };
const docker = new DockerClient(new Docker({ socketPath: '/var/run/docker.sock' }));
const oscap = new OscapRunner({ oscapPath: 'oscap', timeoutMs: 300_000 });

function deriveFeeds(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', DERIVE, outDir], {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 120_000,
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`derive: ${code}`))));
  });
}

interface Evaluated {
  feed: LoadedFeed;
  full: OvalResultsDocument;
  pruned: OvalResultsDocument;
  prunedFeed: PrunedFeed;
}

/** Runs the real oscap on one test image twice: the whole feed, then the pruned one. */
async function evaluateBoth(image: string, feeds: FeedDirectory, parent: string) {
  const scratch = await ScratchRoot.create(parent);
  const signal = new AbortController().signal;
  const target = await AcquiredTarget.open(
    docker,
    { kind: 'image', id: image },
    scratch,
    LIMITS,
    signal,
  );
  await target.collectBasics();
  const os = detectOs(target.releaseFiles);
  const feed = os ? await feeds.feedFor(os) : undefined;
  if (!feed) throw new Error(`no feed for ${image}`);
  await target.collectFiles(feed.filePaths);
  await target.close();
  const { dpkgStatus, rpmDbDir } = target.packageDb;
  const packages: InstalledPackage[] = dpkgStatus
    ? parseDpkgStatus(dpkgStatus.toString('utf8'))
    : await listRpmPackages(scratch.resolve(rpmDbDir ?? ''), await scratch.workDir('h'), 60_000);
  const rpmDb = rpmDbDir ? { rpmDbDir } : {};
  // Each run lets oscap check its input against the OVAL schemas, so every cut made here (the
  // probe, the pruned and the binary-name copies) is also proven valid: the worker skips that
  // check on cuts of a feed it validated whole.
  const run = async (feedPath: string, name: string) => {
    const done = await oscap.evaluate({
      feedPath,
      rootPath: scratch.rootPath,
      workDir: await scratch.workDir(name),
      ...rpmDb,
    });
    return readResultsFile(done.resultsPath, { skipDefinitions: true });
  };
  const workDir = await scratch.workDir('feeds');
  const feedPath = await binaryNameFeed(feed, packages, workDir);
  const full = await run(feedPath, 'full');
  const prunedFeed = await pruneFeed({
    document: feed.document,
    sections: cutFeedSections(await readFeedBytes(feedPath)),
    presence: packagePresence(packages, dpkgStatus),
    workDir,
    evaluateTests: async (probePath) => (await run(probePath, 'probe')).testResults,
  });
  if (!prunedFeed) throw new Error('the feed was not pruned');
  const pruned = await run(prunedFeed.path, 'pruned');
  return { feed, full, pruned, prunedFeed } satisfies Evaluated;
}

function trueIds(results: OvalResultsDocument): string[] {
  return [...results.definitionResults]
    .filter(([, value]) => value === 'true')
    .map(([id]) => id)
    .sort();
}

function expectSameOutcome({ full, pruned }: Evaluated): void {
  expect(trueIds(pruned)).to.deep.equal(trueIds(full));
  for (const [id, value] of pruned.definitionResults) {
    expect(value, id).to.equal(full.definitionResults.get(id));
  }
  for (const [id, value] of pruned.testResults) {
    expect(value, id).to.equal(full.testResults.get(id));
  }
  // Every definition left out came out false on the whole feed.
  for (const [id, value] of full.definitionResults) {
    if (!pruned.definitionResults.has(id)) expect(value, id).to.equal('false');
  }
}

/**
 * The proof that pruning changes nothing: the real oscap, the real test images, the whole
 * derived feeds (the RHEL 7 one is Red Hat's full 7,852-definition stream) against their pruned
 * copies. A definition wrongly dropped or a reference cut loose fails here.
 */
describe('feed pruning gives the same results as the whole feed (real oscap)', function () {
  this.timeout(300_000);
  const parent = join(process.env.TMPDIR ?? '/tmp', `feed-pruning-${process.pid}`);
  const feedDir = join(parent, 'feeds');
  let feeds: FeedDirectory;

  before(async () => {
    await mkdir(parent, { recursive: true });
    await deriveFeeds(feedDir);
    feeds = new FeedDirectory(feedDir, createLogger({ service: 'test', level: 'silent' }));
  });

  after(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  it('on the RHEL 7-like image with the full RHEL 7 stream', async () => {
    const evaluated = await evaluateBoth('image-scanner-test/rhel7like:1', feeds, parent);
    expect(evaluated.full.definitionResults.size).to.equal(7852);
    expect(trueIds(evaluated.full)).to.have.length(10);
    expectSameOutcome(evaluated);
    // The point of it: far fewer definitions reach oscap.
    expect(evaluated.prunedFeed.keptDefinitions).to.be.below(7852 / 4);
    expect(evaluated.prunedFeed.probedTests).to.be.above(0);
  });

  it('on the Debian 12 image with the derived Debian feed', async () => {
    const evaluated = await evaluateBoth('image-scanner-test/debian12:1', feeds, parent);
    expect(trueIds(evaluated.full).length).to.be.above(0);
    expectSameOutcome(evaluated);
    expect(evaluated.prunedFeed.keptDefinitions).to.be.at.most(
      evaluated.feed.document.definitions.length,
    );
  });

  it('decides which RHEL 7 definitions can be true as a plain reading of their criteria', async () => {
    const feed = await feeds.feedFor({ distro: 'rhel', release: '7', version: '7', evidence: [] });
    const document = (feed as LoadedFeed).document;
    // As on a RHEL 7 system: every definition first checks the OS, by these two tests.
    const osTests = new Map<string, Possible>();
    const findOsTests = (node: CriteriaNode): void => {
      if (node.kind === 'criteria') node.children.forEach(findOsTests);
      if (node.kind !== 'criterion') return;
      if (node.comment === 'Red Hat Enterprise Linux must be installed') {
        osTests.set(node.testRef, ONLY_FALSE);
      }
      if (node.comment === 'Red Hat Enterprise Linux 7 is installed') {
        osTests.set(node.testRef, ONLY_TRUE);
      }
    };
    for (const d of document.definitions) if (d.criteria) findOsTests(d.criteria);
    expect(osTests.size).to.equal(2);
    // The other tests' outcomes come from a fixed sequence, so a failure can be replayed.
    let seed = 7;
    const draw = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % 1000;
    };
    const sizes: number[] = [];
    for (const falsePerMille of [700, 900, 970]) {
      const known = new Map(osTests);
      for (const id of document.tests.keys()) {
        if (osTests.has(id)) continue;
        const roll = draw();
        if (roll < falsePerMille) known.set(id, ONLY_FALSE);
        else if (roll % 3 === 0) known.set(id, ONLY_TRUE);
        else if (roll % 3 === 1) known.set(id, EITHER);
      }
      const kept = definitionsThatCanBeTrue(document, known);
      const expected = plainReading(document, known);
      expect([...kept].sort(), `${falsePerMille} in 1000 tests false`).to.deep.equal(
        [...expected].sort(),
      );
      sizes.push(kept.size);
    }
    // The draws must leave something to decide either way, or the comparison proves little.
    expect(Math.min(...sizes), String(sizes)).to.be.above(0);
    expect(Math.max(...sizes), String(sizes)).to.be.below(document.definitions.length);
  });
});

/**
 * Which definitions can be true, read straight off the parsed criteria objects, one definition
 * at a time: what the pruner's flattened walk must agree with.
 */
function plainReading(
  document: OvalDefinitionsDocument,
  known: ReadonlyMap<string, Possible>,
): Set<string> {
  const byId = new Map(document.definitions.map((d) => [d.id, d]));
  const memo = new Map<string, Possible>();
  const open = new Set<string>();
  const flip = (p: Possible, negate: boolean): Possible =>
    negate ? { canBeTrue: p.canBeFalse, canBeFalse: p.canBeTrue } : p;
  const ofDefinition = (id: string): Possible => {
    const done = memo.get(id);
    if (done) return done;
    const criteria = byId.get(id)?.criteria;
    if (!criteria || open.has(id)) return EITHER;
    open.add(id);
    const outcome = ofNode(criteria);
    open.delete(id);
    memo.set(id, outcome);
    return outcome;
  };
  const ofNode = (node: CriteriaNode): Possible => {
    if (node.kind === 'criterion') return flip(known.get(node.testRef) ?? EITHER, node.negate);
    if (node.kind === 'extend') {
      return flip(node.applicabilityCheck ? EITHER : ofDefinition(node.definitionRef), node.negate);
    }
    if (node.children.length === 0) return flip(EITHER, node.negate);
    if (node.operator !== 'AND' && node.operator !== 'OR') return flip(EITHER, node.negate);
    const parts = node.children.map(ofNode);
    const outcome =
      node.operator === 'AND'
        ? {
            canBeTrue: parts.every((p) => p.canBeTrue),
            canBeFalse: parts.some((p) => p.canBeFalse),
          }
        : {
            canBeTrue: parts.some((p) => p.canBeTrue),
            canBeFalse: parts.every((p) => p.canBeFalse),
          };
    return flip(outcome, node.negate);
  };
  return new Set(document.definitions.filter((d) => ofDefinition(d.id).canBeTrue).map((d) => d.id));
}
