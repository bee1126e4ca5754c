import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanStatus } from '@image-scanner/contracts';
import { expect } from 'chai';
import Docker from 'dockerode';
import { deriveTestFeeds } from '../../e2e/support/derive-test-feeds.js';
import { ScannerStack } from '../../e2e/support/scanner-stack.js';
import { buildImage, importEntries } from '../support/build-image.js';
import { getOnce, waitPatiently } from '../support/scan-helpers.js';
import { figure } from '../support/suite-size.js';

const BASE = 'image-scanner-test/debian12:1';
const CANARY_DIR = '/tmp/image-scanner-canary';
const CANARY = 'hostile-canary-51c0d2';
const TRAVERSAL_TARGET = '/tmp/image-scanner-traversal-canary';

/** Each hostile image, how it is made, and the error its scan must end with. */
const HOSTILE: { tag: string; why: string; dockerfile: string; code: string }[] = [
  {
    tag: 'image-scanner-hostile/sparse-db:1',
    why: 'a 6 GiB sparse dpkg status file',
    dockerfile: `FROM ${BASE}\nRUN truncate -s 6G /var/lib/dpkg/status\n`,
    code: 'ERR_TARGET_FILE_TOO_LARGE',
  },
  {
    tag: 'image-scanner-hostile/garbage-db:1',
    why: 'random bytes as the dpkg status file',
    dockerfile: `FROM ${BASE}\nRUN head -c 200000 /dev/urandom > /var/lib/dpkg/status\n`,
    code: 'ERR_TARGET_NO_PACKAGE_DB',
  },
  {
    tag: 'image-scanner-hostile/device-db:1',
    why: 'a character device as the dpkg status file',
    dockerfile: `FROM ${BASE}\nRUN rm /var/lib/dpkg/status && mknod /var/lib/dpkg/status c 1 3\n`,
    code: 'ERR_TARGET_FILE_UNSAFE',
  },
  {
    tag: 'image-scanner-hostile/fifo-release:1',
    why: 'a FIFO as the os-release file',
    dockerfile: `FROM ${BASE}\nRUN rm /etc/os-release && mkfifo /etc/os-release\n`,
    code: 'ERR_TARGET_FILE_UNSAFE',
  },
  {
    tag: 'image-scanner-hostile/rpm-bomb:1',
    why: '20,000 files in the rpm database folder',
    dockerfile:
      `FROM ${BASE}\nRUN rm -f /var/lib/dpkg/status && mkdir -p /var/lib/rpm && ` +
      `cd /var/lib/rpm && seq 1 20000 | xargs touch\n`,
    code: 'ERR_TARGET_FILE_TOO_LARGE',
  },
  {
    tag: 'image-scanner-hostile/garbage-rpmdb:1',
    why: 'random bytes as an sqlite rpm database',
    dockerfile:
      `FROM ${BASE}\nRUN rm -f /var/lib/dpkg/status && mkdir -p /var/lib/rpm && ` +
      `head -c 100000 /dev/urandom > /var/lib/rpm/rpmdb.sqlite\n`,
    code: 'ERR_TARGET_NO_PACKAGE_DB',
  },
];

function workerPeakRssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

describe('hostile images', function () {
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  let workDir: string;
  let stack: ScannerStack;
  let status: ScanStatus;
  let traversalImported = false;
  let elapsedMs = 0;

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'image-scanner-hostile-'));
    await deriveTestFeeds(join(workDir, 'feeds'));
    for (const image of HOSTILE) await buildImage(docker, image.tag, image.dockerfile);
    // A layer whose entry names climb out of the root; the Engine may refuse it outright.
    try {
      await importEntries(docker, 'image-scanner-hostile/traversal:1', [
        { name: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' },
        { name: `../../../../..${TRAVERSAL_TARGET}`, content: CANARY },
      ]);
      traversalImported = true;
    } catch {
      traversalImported = false;
    }
    await mkdir(CANARY_DIR, { recursive: true });
    await writeFile(join(CANARY_DIR, 'os-release'), `ID=debian\nVERSION_ID="12"\nNAME=${CANARY}\n`);
    await writeFile(join(CANARY_DIR, 'status'), `Package: ${CANARY}\nVersion: 1\n`);
    stack = await ScannerStack.start({
      feedDir: join(workDir, 'feeds'),
      redisUrl: 'redis://127.0.0.1:6379/14',
      env: { worker: { MAX_TARGET_FILE_BYTES: String(64 * 1024 * 1024) } },
    });
    const targets = [...HOSTILE.map((h) => h.tag), 'image-scanner-test/symlink-escape:1'];
    if (traversalImported) targets.push('image-scanner-hostile/traversal:1');
    const started = Date.now();
    const { id } = await stack.postScan({ targets });
    status = await waitPatiently(stack, id, 300_000);
    elapsedMs = Date.now() - started;
  });

  after(async () => {
    await stack?.stop();
    for (const tag of [...HOSTILE.map((h) => h.tag), 'image-scanner-hostile/traversal:1']) {
      await docker
        .getImage(tag)
        .remove({ force: true })
        .catch(() => undefined);
    }
    await rm(workDir, { recursive: true, force: true });
    await rm(CANARY_DIR, { recursive: true, force: true });
  });

  for (const image of HOSTILE) {
    it(`ends ${image.why} as ${image.code}, saying why`, () => {
      const target = status.targets.find((t) => t.requested === image.tag)!;
      expect(target.outcome).to.equal('error');
      expect(target.error?.code).to.equal(image.code);
      expect(target.error?.message).to.be.a('string').and.not.equal('');
    });
  }

  it('never reads a host file and never writes outside the scratch folder', async () => {
    for (const target of status.targets) {
      const report = await (await getOnce(target.reports!.json)).text();
      expect(report, target.requested).to.not.include(CANARY);
      expect(report).to.not.match(/overlay2|\/var\/lib\/docker/);
    }
    if (traversalImported) {
      const t = status.targets.find((x) => x.requested === 'image-scanner-hostile/traversal:1')!;
      expect(t.outcome).to.not.equal('clean');
    }
    expect(existsSync(TRAVERSAL_TARGET)).to.equal(false);
  });

  it('stays within bounded memory and time', async () => {
    const peakMb = workerPeakRssMb(stack.services.worker.pid);
    expect(peakMb).to.be.greaterThan(0).and.lessThan(1024);
    expect(elapsedMs).to.be.lessThan(120_000);
    figure('hostile images', {
      images: status.targets.length,
      traversalLayerImported: traversalImported,
      elapsedMs,
      workerPeakRssMb: peakMb,
    });
  });
});
