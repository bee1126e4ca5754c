import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScanStatus, TargetReport } from '@image-scanner/contracts';
import { expect } from 'chai';
import { ScannerStack } from '../support/scanner-stack.js';

const DEBIAN = 'image-scanner-test/debian12:1';
const SRCNAME = 'image-scanner-test/debian12-srcname:1';
const DERIVE = fileURLToPath(new URL('../../fixtures/feeds/derive-feeds.ts', import.meta.url));
const FEED_NAME = 'oval-definitions-bookworm.xml.bz2';
const GLIBC_DEF = 'oval:org.debian.srcname:def:1';
const TEST_SOURCE_DEF = 'oval:org.debian.srcname:def:2';

/** Runs a program with an argument list and a time limit; rejects unless it exits 0. */
function run(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'inherit'], timeout: 60_000 });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${file}: ${code}`))));
  });
}

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  expect(response.status, url).to.equal(200);
  return (await response.json()) as T;
}

describe('feeds end to end: mirror sync, GET /feeds, provenance, Debian source names', function () {
  let workDir: string;
  let stack: ScannerStack;
  let mirror: Server;
  let mirrorUrl: string;
  let feedBytes: Buffer;
  let syncedAfterMs: number;

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'image-scanner-e2e-feeds-sync-'));
    const feedXml = join(workDir, 'srcname.xml');
    await run(process.execPath, ['--import', 'tsx', DERIVE, '--srcname', feedXml]);
    await run('bzip2', ['-k', feedXml]);
    feedBytes = await readFile(`${feedXml}.bz2`);
    // The air-gapped site's mirror: the vendor file name at the mirror's base URL.
    mirror = createServer((req, res) => {
      if (req.url !== `/oval/${FEED_NAME}`) return void res.writeHead(404).end();
      if (req.headers['if-none-match'] === '"srcname-1"') return void res.writeHead(304).end();
      res.writeHead(200, { etag: '"srcname-1"', 'content-length': feedBytes.length });
      res.end(feedBytes);
    });
    await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
    mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/oval`;
    const started = Date.now();
    stack = await ScannerStack.start({
      feedDir: join(workDir, 'feeds'),
      redisUrl: process.env.TEST_FEEDS_REDIS_URL ?? 'redis://127.0.0.1:6379/12',
      env: { worker: { FEED_SYNC_FEEDS: 'debian-12', FEED_MIRROR_URL: mirrorUrl } },
    });
    // The start-up sync runs on its own queue; wait until GET /feeds shows the feed installed.
    for (;;) {
      const body = await fetchJson<{ feeds: any[] }>(`${stack.apiUrl}/feeds`);
      if (body.feeds.find((f) => f.id === 'debian-12')?.installed) break;
      if (Date.now() - started > 60_000) throw new Error('debian-12 feed never installed');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    syncedAfterMs = Date.now() - started;
    console.log(`worker start to debian-12 feed installed from the mirror: ${syncedAfterMs} ms`);
  });

  after(async () => {
    await stack?.stop();
    await new Promise((resolve) => mirror?.close(resolve));
    await rm(workDir, { recursive: true, force: true });
  });

  it('GET /feeds shows the synced feed: source, digest, times, definitions, last sync', async () => {
    const body = await fetchJson<{ feeds: any[]; unsupported: any[] }>(`${stack.apiUrl}/feeds`);
    const debian = body.feeds.find((f) => f.id === 'debian-12');
    const digest = `sha256:${createHash('sha256').update(feedBytes).digest('hex')}`;
    expect(debian).to.deep.include({
      distro: 'debian',
      release: '12',
      installed: true,
      source: `${mirrorUrl}/${FEED_NAME}`,
      digest,
      definitionCount: 8,
      generatedAt: '2022-07-12T23:31:28.188-04:00',
      vendorUrl: 'https://www.debian.org/security/oval/oval-definitions-bookworm.xml.bz2',
      consecutiveFailures: 0,
    });
    expect(debian.lastSync.status).to.equal('downloaded');
    expect(Date.parse(debian.fetchedAt)).to.be.greaterThan(Date.now() - 120_000);
    expect(body.feeds.find((f) => f.id === 'rhel-7')).to.include({ installed: false });
    expect(body.unsupported.map((u: { distro: string }) => u.distro)).to.include('centos');
  });

  describe('scans of both Debian 12 images with the synced feed', () => {
    let reports: Record<string, TargetReport>;

    before(async () => {
      const { id } = await stack.postScan({ targets: [DEBIAN, SRCNAME] });
      const status: ScanStatus = await stack.waitForScan(id);
      reports = {};
      for (const target of status.targets) {
        expect(target.outcome, JSON.stringify(target)).to.equal('vulnerable');
        reports[target.requested] = await fetchJson<TargetReport>(target.reports!.json);
      }
    });

    it('names the mirror URL and digest of the downloaded feed in every report', () => {
      const digest = `sha256:${createHash('sha256').update(feedBytes).digest('hex')}`;
      for (const image of [DEBIAN, SRCNAME]) {
        expect(reports[image]?.feed).to.deep.include({
          source: `${mirrorUrl}/${FEED_NAME}`,
          digest,
          definitionCount: 8,
        });
      }
    });

    it('finds glibc, a source the feed names, through its binaries libc6 and libc-bin', () => {
      for (const image of [DEBIAN, SRCNAME]) {
        const ids = reports[image]!.findings.map((f) => f.definitionId);
        expect(ids, image).to.include(GLIBC_DEF);
      }
    });

    it('finds the test source only in the image holding a binary built from it', () => {
      expect(reports[SRCNAME]!.findings.map((f) => f.definitionId)).to.include(TEST_SOURCE_DEF);
      expect(reports[DEBIAN]!.findings.map((f) => f.definitionId)).to.not.include(TEST_SOURCE_DEF);
      const inventory = reports[SRCNAME]!.packages.find(
        (p) => p.name === 'image-scanner-srcname-bin',
      );
      expect(inventory).to.deep.include({ source: 'image-scanner-srcname-src' });
    });

    it('keeps the findings of the source-equals-binary definitions unchanged', () => {
      const base = (r: TargetReport) =>
        r.findings.map((f) => f.definitionId).filter((id) => !id.includes('srcname'));
      expect(base(reports[SRCNAME]!)).to.have.members(base(reports[DEBIAN]!));
      expect(base(reports[DEBIAN]!)).to.have.length(3);
    });
  });
});
