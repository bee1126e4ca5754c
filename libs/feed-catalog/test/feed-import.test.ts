import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCodedError } from '@image-scanner/contracts';
import { expect } from 'chai';
import { importFeedFile } from '../src/feed-importer.js';
import { readFeedMetadata } from '../src/feed-metadata.js';
import { DEBIAN11_EXCERPT, UBUNTU_JAMMY } from './support/real-data.js';

const limits = { maxFileBytes: 64 * 1024 * 1024, maxXmlBytes: 256 * 1024 * 1024 };

describe('feed import from a file, without network', () => {
  let feedDir: string;
  let scratch: string;

  beforeEach(async () => {
    feedDir = await mkdtemp(join(tmpdir(), 'feed-import-test-'));
    scratch = await mkdtemp(join(tmpdir(), 'feed-import-src-'));
  });
  afterEach(async () => {
    await rm(feedDir, { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
  });

  it('recognises the Ubuntu 22.04 feed by its content and installs it under ubuntu/22.04', async () => {
    const state = await importFeedFile(UBUNTU_JAMMY, { feedDir, ...limits });
    expect(state).to.deep.include({
      id: 'ubuntu-22.04',
      source: 'vuls-data-update__com.ubuntu.jammy.cve.oval.xml',
      file: join('ubuntu', '22.04', 'com.ubuntu.jammy.cve.oval.xml'),
      definitionCount: 8,
      generatedAt: '2022-08-04T06:59:15',
    });
    expect(state.lastSync?.status).to.equal('imported');
    const installed = join(feedDir, 'ubuntu', '22.04', 'com.ubuntu.jammy.cve.oval.xml');
    expect(await readFile(installed)).to.deep.equal(await readFile(UBUNTU_JAMMY));
    expect((await readFeedMetadata(installed))?.digest).to.equal(state.digest);
  });

  it('rejects a corrupt copy and leaves the feed in use untouched', async () => {
    await importFeedFile(DEBIAN11_EXCERPT, { feedDir, ...limits });
    const good = await readFile(join(feedDir, 'debian', '11', 'oval-definitions-bullseye.xml'));
    const text = good.toString('utf8');
    const cut = join(scratch, 'oval-definitions-bullseye.xml');
    await writeFile(cut, text.slice(0, Math.floor(text.length * 0.7)));
    const err = await importFeedFile(cut, { feedDir, ...limits }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCodedError(err) && err.code).to.equal('ERR_FEED_INVALID');
    const after = await readFile(join(feedDir, 'debian', '11', 'oval-definitions-bullseye.xml'));
    expect(after.equals(good)).to.equal(true);
  });

  it('rejects a file that names no release of the catalogue', async () => {
    const file = join(scratch, 'odd.xml');
    const text = await readFile(DEBIAN11_EXCERPT, 'utf8');
    await writeFile(file, text.replaceAll('Debian GNU/Linux 11', 'Debian GNU/Linux 99'));
    const err = await importFeedFile(file, { feedDir, ...limits }).catch((e: unknown) => e);
    expect(isCodedError(err) && err.code).to.equal('ERR_FEED_UNRECOGNIZED');
  });
});
