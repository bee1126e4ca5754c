import { mkdir, rm, writeFile } from 'node:fs/promises';
import { CodedError } from '@image-scanner/contracts';
import { expect } from 'chai';
import Docker from 'dockerode';
import { TargetFileReader } from '../src/acquire/target-file-reader.js';
import { DockerClient } from '../src/docker/docker-client.js';
import { importImage } from './support/import-image.js';

const LIMITS = { maxFileBytes: 1024 * 1024, maxTotalBytes: 4 * 1024 * 1024, maxEntries: 1000 };
const CANARY_DIR = '/tmp/image-scanner-canary';

async function rejection(promise: Promise<unknown>): Promise<CodedError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof CodedError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('reading target files through the Engine archive API (real Docker)', () => {
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const client = new DockerClient(docker);
  const readers: string[] = [];

  async function readerFor(image: string, limits = LIMITS): Promise<TargetFileReader> {
    const id = await client.createReaderContainer(image);
    readers.push(id);
    return new TargetFileReader(client, id, limits, new AbortController().signal);
  }

  before(async () => {
    // Host files an escaping link would reach: they must never be read.
    await mkdir(CANARY_DIR, { recursive: true });
    await writeFile(`${CANARY_DIR}/os-release`, 'ID=host-canary\nVERSION_ID="99"\n');
    await writeFile(`${CANARY_DIR}/status`, 'Package: host-canary\nVersion: 1\n');
  });

  after(async () => {
    await Promise.all(readers.map((id) => client.removeContainer(id)));
    await rm(CANARY_DIR, { recursive: true, force: true });
  });

  it('follows a relative link inside the image (Debian links os-release into /usr/lib)', async () => {
    const reader = await readerFor('image-scanner-test/debian12:1');
    const content = await reader.readFile('/etc/os-release');
    expect(content?.toString()).to.match(/^ID=debian$/m);
  });

  it('reads the whole dpkg status file of a real Debian image', async () => {
    const reader = await readerFor('image-scanner-test/debian12:1');
    const status = (await reader.readFile('/var/lib/dpkg/status'))?.toString() ?? '';
    expect(status).to.match(/^Package: dpkg$/m);
    expect(status).to.match(/^Package: bash$/m);
  });

  it('resolves absolute links inside the image, never on the host', async () => {
    const reader = await readerFor('image-scanner-test/symlink-escape:1');
    expect(await reader.readFile('/etc/os-release')).to.equal(undefined);
    expect(await reader.readFile('/var/lib/dpkg/status')).to.equal(undefined);
  });

  it('reports a loop of links as unsafe instead of spinning', async () => {
    const reader = await readerFor('image-scanner-test/symlink-escape:1');
    const err = await rejection(reader.readFile('/usr/lib/os-release'));
    expect(err.code).to.equal('ERR_TARGET_FILE_UNSAFE');
    expect(err.message).to.not.match(/overlay2|\/var\/lib\/docker/);
  });

  describe('when the image holds hostile shapes', () => {
    before(async () => {
      await importImage(docker, 'image-scanner-test/hostile-reader:1', [
        { path: 'etc', type: 'directory' },
        { path: 'etc/os-release', type: 'fifo' },
        { path: 'etc/big', type: 'file', content: 'x'.repeat(2 * 1024 * 1024) },
        { path: 'etc/self', type: 'symlink', target: 'self' },
        { path: 'etc/up', type: 'symlink', target: '../../../../../../etc/real' },
        { path: 'etc/real', type: 'file', content: 'inside the image' },
      ]);
    });

    after(async () => {
      await docker.getImage('image-scanner-test/hostile-reader:1').remove({ force: true });
    });

    it('refuses a FIFO where a file is expected', async () => {
      const reader = await readerFor('image-scanner-test/hostile-reader:1');
      expect((await rejection(reader.readFile('/etc/os-release'))).code).to.equal(
        'ERR_TARGET_FILE_UNSAFE',
      );
    });

    it('refuses a file over the size limit', async () => {
      const reader = await readerFor('image-scanner-test/hostile-reader:1');
      expect((await rejection(reader.readFile('/etc/big'))).code).to.equal(
        'ERR_TARGET_FILE_TOO_LARGE',
      );
    });

    it('refuses a link to itself', async () => {
      const reader = await readerFor('image-scanner-test/hostile-reader:1');
      expect((await rejection(reader.readFile('/etc/self'))).code).to.equal(
        'ERR_TARGET_FILE_UNSAFE',
      );
    });

    it('keeps `..` at the image root, as a chroot does', async () => {
      const reader = await readerFor('image-scanner-test/hostile-reader:1');
      expect((await reader.readFile('/etc/up'))?.toString()).to.equal('inside the image');
    });
  });
});
