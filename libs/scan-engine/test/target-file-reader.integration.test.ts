import { mkdir, rm, writeFile } from 'node:fs/promises';
import { CodedError } from '@image-scanner/contracts';
import { expect } from 'chai';
import Docker from 'dockerode';
import { LayerAccess } from '../src/acquire/layer-access.js';
import { LayerFileReader } from '../src/acquire/layer-file-reader.js';
import { RELEASE_FILES } from '../src/acquire/package-db-paths.js';
import { TargetFileReader } from '../src/acquire/target-file-reader.js';
import type { TargetFiles } from '../src/acquire/target-files.js';
import { DockerClient } from '../src/docker/docker-client.js';
import { importImage } from './support/import-image.js';

/** The real Engine, except that it never answers a stat, as for a path it cannot resolve. */
class StatlessClient extends DockerClient {
  override statPath(): Promise<'unresolvable'> {
    return Promise.resolve('unresolvable');
  }
}

/** The real Engine, noting each path it is asked to copy. */
class CopyCountingClient extends DockerClient {
  readonly copied: string[] = [];

  override getArchive(containerId: string, path: string) {
    this.copied.push(path);
    return super.getArchive(containerId, path);
  }
}

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

  async function readerFor(
    image: string,
    limits = LIMITS,
    through: DockerClient = client,
  ): Promise<TargetFileReader> {
    const id = await client.createReaderContainer(image);
    readers.push(id);
    return new TargetFileReader(through, id, limits, new AbortController().signal);
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

  it('copies only paths that are there: an absent one costs a stat, not a copy', async () => {
    const counting = new CopyCountingClient(docker);
    const reader = await readerFor('image-scanner-test/debian12:1', LIMITS, counting);
    const found = [];
    for (const path of RELEASE_FILES) if (await reader.readFile(path)) found.push(path);
    expect(await reader.readTree('/var/lib/rpm')).to.equal(undefined);
    // os-release is a link into /usr/lib: read once, under both names.
    expect(found).to.deep.equal(['/etc/os-release', '/usr/lib/os-release', '/etc/debian_version']);
    expect(counting.copied).to.deep.equal(['/usr/lib/os-release', '/etc/debian_version']);
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

    const layerAccess = new LayerAccess('layers');
    /** The same image read straight from its layer folders, with no Engine call. */
    async function layerReaderFor(image: string, limits = LIMITS): Promise<TargetFiles> {
      const layers = await layerAccess.layersOf(client, image);
      if (!layers) throw new Error(`${image} has no layer folders to read`);
      return new LayerFileReader(layers, limits, new AbortController().signal, layerAccess.opaque);
    }

    // Each shape is refused three times over: by the Engine's stat before any copy, by the
    // checks on the copy itself (what stands when the Engine cannot stat a path), and by the
    // reader of layer folders, which never asks the Engine.
    const modes: {
      name: string;
      readerFor: (image: string, limits: typeof LIMITS) => Promise<TargetFiles>;
    }[] = [
      { name: 'from its stat', readerFor: (image, limits) => readerFor(image, limits) },
      {
        name: 'from its copy, without a stat',
        readerFor: (image, limits) => readerFor(image, limits, new StatlessClient(docker)),
      },
      { name: 'from its layer folders', readerFor: layerReaderFor },
    ];
    for (const mode of modes) {
      describe(mode.name, () => {
        it('refuses a FIFO where a file is expected', async () => {
          const reader = await mode.readerFor('image-scanner-test/hostile-reader:1', LIMITS);
          expect((await rejection(reader.readFile('/etc/os-release'))).code).to.equal(
            'ERR_TARGET_FILE_UNSAFE',
          );
        });

        it('refuses a file over the size limit', async () => {
          const reader = await mode.readerFor('image-scanner-test/hostile-reader:1', LIMITS);
          expect((await rejection(reader.readFile('/etc/big'))).code).to.equal(
            'ERR_TARGET_FILE_TOO_LARGE',
          );
        });

        it('refuses a link to itself', async () => {
          const reader = await mode.readerFor('image-scanner-test/hostile-reader:1', LIMITS);
          expect((await rejection(reader.readFile('/etc/self'))).code).to.equal(
            'ERR_TARGET_FILE_UNSAFE',
          );
        });

        it('keeps `..` at the image root, as a chroot does', async () => {
          const reader = await mode.readerFor('image-scanner-test/hostile-reader:1', LIMITS);
          expect((await reader.readFile('/etc/up'))?.toString()).to.equal('inside the image');
        });
      });
    }
  });
});
