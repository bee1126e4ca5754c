import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodedError } from '@image-scanner/contracts';
import { importFeedFile } from '@image-scanner/feed-catalog';
import { expect } from 'chai';
import { figure } from '../support/suite-size.js';

const REAL = fileURLToPath(new URL('../../../../shared/data/real/', import.meta.url));
const LIMITS = { maxFileBytes: 64 * 1024 * 1024, maxXmlBytes: 256 * 1024 * 1024 };

async function digestOf(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

async function rejection(promise: Promise<unknown>): Promise<CodedError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof CodedError) return err;
    throw err;
  }
  throw new Error('the feed was accepted');
}

describe('hostile feeds offered to a machine that already has a good one', function () {
  let dir: string;
  let feedDir: string;
  let goodFile: string;
  let goodDigest: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'image-scanner-hostile-feeds-'));
    feedDir = join(dir, 'feeds');
    const good = join(dir, 'oval-definitions-bullseye.xml');
    await copyFile(join(REAL, 'debian/vuls-data-update__oval-definitions-bullseye.xml'), good);
    await importFeedFile(good, { feedDir, ...LIMITS });
    const installed = (await readdir(join(feedDir, 'debian', '11'))).filter((f) =>
      /\.xml(\.bz2)?$/.test(f),
    );
    expect(installed).to.have.length(1);
    goodFile = join(feedDir, 'debian', '11', installed[0]!);
    goodDigest = await digestOf(goodFile);
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function expectGoodFeedKept(): Promise<void> {
    expect(await digestOf(goodFile)).to.equal(goodDigest);
    const left = await readdir(join(feedDir, 'debian', '11'));
    expect(left.filter((f) => f.endsWith('.part') || f.includes('.tmp'))).to.deep.equal([]);
  }

  it('rejects an XML bomb quickly and keeps the good feed', async () => {
    const bomb = join(dir, 'bomb.xml');
    const entities = ['<!ENTITY a0 "boom">'];
    for (let i = 1; i < 12; i += 1) {
      entities.push(`<!ENTITY a${i} "${`&a${i - 1};`.repeat(10)}">`);
    }
    await writeFile(
      bomb,
      `<?xml version="1.0"?>\n<!DOCTYPE oval_definitions [${entities.join('')}]>\n` +
        '<oval_definitions><generator><title>&a11;</title></generator></oval_definitions>\n',
    );
    const started = Date.now();
    const err = await rejection(importFeedFile(bomb, { feedDir, ...LIMITS }));
    expect(err.message).to.be.a('string');
    expect(Date.now() - started).to.be.lessThan(5000);
    await expectGoodFeedKept();
    figure('xml bomb rejected', { code: err.code, ms: Date.now() - started });
  });

  it('rejects a feed over the size limit and keeps the good feed', async () => {
    const huge = join(dir, 'huge.xml');
    await writeFile(huge, Buffer.alloc(2 * 1024 * 1024, 0x20));
    const err = await rejection(
      importFeedFile(huge, { feedDir, maxFileBytes: 1024 * 1024, maxXmlBytes: 1024 * 1024 }),
    );
    expect(err.code).to.equal('ERR_FEED_TOO_LARGE');
    await expectGoodFeedKept();
  });

  it('rejects a feed with a missing reference and keeps the good feed', async () => {
    const broken = join(dir, 'broken.xml');
    const text = await readFile(
      join(REAL, 'debian/vuls-data-update__oval-definitions-bullseye.xml'),
      'utf8',
    );
    // Drop one object the tests refer to: a feed that is not self-consistent.
    const withoutObject = text.replace(/<dpkginfo_object[\s\S]*?<\/dpkginfo_object>/, '');
    expect(withoutObject).to.not.equal(text);
    await writeFile(broken, withoutObject);
    const err = await rejection(importFeedFile(broken, { feedDir, ...LIMITS }));
    expect(err.code).to.equal('ERR_FEED_INVALID');
    expect(JSON.stringify(err.toJSON())).to.match(
      /oval:org.debian:obj|ERR_OVAL_DANGLING_REFERENCE/,
    );
    await expectGoodFeedKept();
  });
});
