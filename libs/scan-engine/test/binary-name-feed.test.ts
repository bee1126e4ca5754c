import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InstalledPackage } from '@image-scanner/contracts';
import { readDefinitionsFile } from '@image-scanner/oval-model';
import { expect } from 'chai';
import { binaryNameFeed } from '../src/feeds/binary-name-feed.js';
import { feedFilePaths, feedPackageNames } from '../src/feeds/feed-needs.js';
import type { LoadedFeed } from '../src/feeds/loaded-feed.js';

const REAL_DATA =
  process.env.IMAGE_SCANNER_REAL_DATA ??
  resolve(fileURLToPath(new URL('../../../', import.meta.url)), '..', 'shared', 'data', 'real');
const BULLSEYE = join(REAL_DATA, 'debian', 'vuls-data-update__oval-definitions-bullseye.xml');

async function load(path: string): Promise<LoadedFeed> {
  const document = await readDefinitionsFile(path);
  return {
    path,
    provenance: { source: 'test', digest: 'sha256:0', definitionCount: 0 },
    document,
    packageNames: feedPackageNames(document),
    filePaths: feedFilePaths(document),
  };
}

const dpkg = (name: string, version: string, source?: string): InstalledPackage => ({
  kind: 'dpkg',
  name,
  version,
  ...(source ? { source } : {}),
});

describe("Debian feeds rewritten from source names to the target's binaries", () => {
  let workDir: string;
  beforeEach(async () => (workDir = await mkdtemp(join(tmpdir(), 'binary-name-feed-'))));
  afterEach(() => rm(workDir, { recursive: true, force: true }));

  it('points a source object at the binaries built from it, and stays a valid feed', async () => {
    const feed = await load(BULLSEYE);
    const packages = [
      dpkg('php7.4-cli', '7.4.28-1+deb11u1', 'php7.4'),
      dpkg('php7.4-common', '7.4.28-1+deb11u1', 'php7.4'),
      dpkg('libc6', '2.31-13', 'glibc'),
    ];
    const out = await binaryNameFeed(feed, packages, workDir);
    expect(out).to.not.equal(feed.path);
    const rewritten = await readDefinitionsFile(out);
    const object = rewritten.objects.get('oval:org.debian.oval:obj:2066');
    expect(object?.nameVarRef).to.equal('oval:is.binaries:var:1');
    expect(rewritten.variables.get('oval:is.binaries:var:1')?.values).to.deep.equal([
      'php7.4-cli',
      'php7.4-common',
    ]);
    // 389-ds-base has no binary here: untouched.
    expect(rewritten.objects.get('oval:org.debian.oval:obj:1098')?.name).to.equal('389-ds-base');
    const text = await readFile(out, 'utf8');
    expect(text.match(/ check="at least one"/g)).to.have.length(2);
    expect(rewritten.definitions.map((d) => d.id)).to.deep.equal(
      feed.document.definitions.map((d) => d.id),
    );
  });

  it('hands over the original feed when no source name differs from its binaries', async () => {
    const feed = await load(BULLSEYE);
    const packages = [dpkg('php7.4', '7.4.28-1'), dpkg('libc6', '2.31-13', 'glibc')];
    expect(await binaryNameFeed(feed, packages, workDir)).to.equal(feed.path);
  });
});
