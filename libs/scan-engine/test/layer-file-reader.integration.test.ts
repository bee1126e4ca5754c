import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodedError } from '@image-scanner/contracts';
import { expect } from 'chai';
import Docker from 'dockerode';
import { LayerAccess } from '../src/acquire/layer-access.js';
import { LayerFileReader } from '../src/acquire/layer-file-reader.js';
import { TargetFileReader } from '../src/acquire/target-file-reader.js';
import type { TargetFiles } from '../src/acquire/target-files.js';
import { DockerClient } from '../src/docker/docker-client.js';
import { loadLayeredImage, type LayerEntry } from './support/load-layered-image.js';

const LIMITS = { maxFileBytes: 1024 * 1024, maxTotalBytes: 4 * 1024 * 1024, maxEntries: 1000 };
const LAYERED = 'image-scanner-test/layered-reader:1';

/** Three layers that replace, delete and hide each other's files as real builds do. */
const LAYERS: LayerEntry[][] = [
  [
    { path: 'etc', type: 'directory' },
    { path: 'etc/os-release', type: 'file', content: 'ID=debian\nVERSION_ID="11"\n' },
    { path: 'etc/debian_version', type: 'file', content: '11.0\n' },
    { path: 'etc/gone', type: 'file', content: 'deleted above' },
    { path: 'usr/lib/os-release', type: 'file', content: 'ID=lower\n' },
    { path: 'var/lib/dpkg/status', type: 'file', content: 'Package: old\n' },
    { path: 'var/lib/rpm/Packages', type: 'file', content: 'stale bdb' },
    { path: 'var/lib/rpm/Name', type: 'file', content: 'stale index' },
    { path: 'opt/dir/file', type: 'file', content: 'deleted with its folder' },
    { path: 'srv/x', type: 'file', content: 'a file, then a folder' },
  ],
  [
    { path: 'etc/os-release', type: 'file', content: 'ID=debian\nVERSION_ID="12"\n' },
    { path: 'etc/gone', type: 'whiteout' },
    { path: 'var/lib/rpm', type: 'opaque' },
    { path: 'var/lib/rpm/rpmdb.sqlite', type: 'file', content: 'the only database' },
    { path: 'var/lib/dpkg/status', type: 'file', content: 'Package: new\n' },
    { path: 'opt/dir', type: 'whiteout' },
    { path: 'srv/x', type: 'whiteout' },
    { path: 'srv/y/inner', type: 'file', content: 'inside a folder' },
  ],
  [
    { path: 'etc/link', type: 'symlink', target: '../usr/lib/os-release' },
    { path: 'etc/abs', type: 'symlink', target: '/etc/os-release' },
    { path: 'etc/debian_version', type: 'whiteout' },
    { path: 'var/lib/dpkg/status.d/one', type: 'file', content: 'Package: one\n' },
    { path: 'opt/dir/newfile', type: 'file', content: 'made again above the whiteout' },
    { path: 'srv/x/inner', type: 'file', content: 'a folder where a file was' },
  ],
];

const FILES = [
  '/etc/os-release',
  '/etc/debian_version',
  '/etc/gone',
  '/etc/link',
  '/etc/abs',
  '/usr/lib/os-release',
  '/var/lib/dpkg/status',
  '/var/lib/rpm/Packages',
  '/opt/dir/file',
  '/opt/dir/newfile',
  '/srv/x',
  '/srv/x/inner',
  '/srv/y/inner',
  '/var/lib/rpm',
];
const TREES = ['/var/lib/rpm', '/opt/dir', '/var/lib/dpkg/status.d', '/srv', '/etc/os-release'];

type Answer = string | undefined | { code: string };

async function answer(read: Promise<Buffer | { path: string; content: Buffer }[] | undefined>) {
  try {
    const value = await read;
    if (value === undefined) return undefined;
    if (Buffer.isBuffer(value)) return value.toString('utf8');
    return value.map((e) => `${e.path}=${e.content.toString('utf8')}`).join('\n');
  } catch (err) {
    if (err instanceof CodedError) return { code: err.code };
    throw err;
  }
}

describe('reading image files straight from their overlay2 layer folders (real Docker)', () => {
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const client = new DockerClient(docker);
  const access = new LayerAccess('layers');
  const readerContainers: string[] = [];

  async function engineReader(image: string): Promise<TargetFiles> {
    const id = await client.createReaderContainer(image);
    readerContainers.push(id);
    return new TargetFileReader(client, id, LIMITS, new AbortController().signal);
  }

  async function layerReader(image: string): Promise<LayerFileReader> {
    const layers = await access.layersOf(client, image);
    if (!layers) throw new Error(`${image}: no layer folders`);
    return new LayerFileReader(layers, LIMITS, new AbortController().signal, access.opaque);
  }

  before(async () => {
    await loadLayeredImage(docker, LAYERED, LAYERS);
  });

  after(async () => {
    await Promise.all(readerContainers.map((id) => client.removeContainer(id)));
    await docker
      .getImage(LAYERED)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it('finds one folder per layer, topmost first', async () => {
    const layers = await access.layersOf(client, LAYERED);
    expect(layers).to.have.length(3);
  });

  it('answers every path as the Engine does through whiteouts, opaque dirs and links', async () => {
    const engine = await engineReader(LAYERED);
    const layers = await layerReader(LAYERED);
    const theirs: Record<string, Answer> = {};
    const ours: Record<string, Answer> = {};
    for (const path of FILES) {
      theirs[`file ${path}`] = await answer(engine.readFile(path));
      ours[`file ${path}`] = await answer(layers.readFile(path));
    }
    for (const path of TREES) {
      theirs[`tree ${path}`] = await answer(engine.readTree(path));
      ours[`tree ${path}`] = await answer(layers.readTree(path));
    }
    expect(ours).to.deep.equal(theirs);
    // What the layers say, so that both readers being wrong the same way fails too.
    expect(ours['file /etc/os-release']).to.equal('ID=debian\nVERSION_ID="12"\n');
    expect(ours['file /etc/gone']).to.equal(undefined);
    expect(ours['file /etc/debian_version']).to.equal(undefined);
    expect(ours['file /etc/abs']).to.equal('ID=debian\nVERSION_ID="12"\n');
    expect(ours['file /etc/link']).to.equal('ID=lower\n');
    expect(ours['tree /var/lib/rpm']).to.equal('/var/lib/rpm/rpmdb.sqlite=the only database');
    expect(ours['tree /opt/dir']).to.equal('/opt/dir/newfile=made again above the whiteout');
    expect(ours['file /srv/x/inner']).to.equal('a folder where a file was');
    expect(ours['file /srv/x']).to.deep.equal({ code: 'ERR_TARGET_FILE_UNSAFE' });
  });

  it('reads the test images exactly as the Engine does', async () => {
    const cases = [
      {
        image: 'image-scanner-test/debian12:1',
        files: ['/etc/os-release', '/var/lib/dpkg/status'],
      },
      {
        image: 'image-scanner-test/rhel7like:1',
        files: ['/etc/os-release', '/etc/redhat-release'],
      },
      { image: 'image-scanner-test/symlink-escape:1', files: ['/etc/os-release'] },
    ];
    for (const { image, files } of cases) {
      const engine = await engineReader(image);
      const layers = await layerReader(image);
      for (const path of files) {
        expect(await answer(layers.readFile(path)), `${image} ${path}`).to.deep.equal(
          await answer(engine.readFile(path)),
        );
      }
      expect(await answer(layers.readTree('/var/lib/rpm')), image).to.deep.equal(
        await answer(engine.readTree('/var/lib/rpm')),
      );
    }
    const rpm = await (
      await layerReader('image-scanner-test/rhel7like:1')
    ).readTree('/var/lib/rpm');
    expect(rpm?.map((e) => e.path)).to.include('/var/lib/rpm/rpmdb.sqlite');
  });

  it('fails, rather than finding nothing, when the image is removed while it is read', async () => {
    const tag = 'image-scanner-test/layered-removed:1';
    await loadLayeredImage(docker, tag, [
      [{ path: 'etc/os-release', type: 'file', content: 'ID=gone\n' }],
      [{ path: 'etc/other', type: 'file', content: 'x' }],
    ]);
    const reader = await layerReader(tag);
    expect(await answer(reader.readFile('/etc/os-release'))).to.equal('ID=gone\n');
    await docker.getImage(tag).remove({ force: true });
    expect(await answer(reader.readFile('/var/lib/dpkg/status'))).to.deep.equal({
      code: 'ERR_TARGET_READ_FAILED',
    });
  });

  describe('when the worker cannot see the layer folders', () => {
    /** The real Engine, reporting folders that are not there, as for a worker in a container. */
    class UnseenLayersClient extends DockerClient {
      override imageLayerDirs(): Promise<string[]> {
        return Promise.resolve(['/nonexistent/image-scanner/diff']);
      }
    }
    const unseen = new UnseenLayersClient(docker);

    it('falls back to the Engine in auto mode', async () => {
      expect(await new LayerAccess('auto').layersOf(unseen, LAYERED)).to.equal(undefined);
    });

    it('is an error, naming no host path, when layers were required', async () => {
      const err = await new LayerAccess('layers').layersOf(unseen, LAYERED).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(CodedError);
      expect((err as CodedError).code).to.equal('ERR_TARGET_READ_FAILED');
      expect((err as CodedError).message).to.not.include('/nonexistent');
    });

    it('falls back, or refuses, when the worker may not read opaque marks', async () => {
      // CapEff of an unprivileged container's root: CAP_SYS_ADMIN (bit 21) is not among them.
      const dir = await mkdtemp(join(tmpdir(), 'image-scanner-caps-'));
      const status = join(dir, 'status');
      await writeFile(status, 'Name:\tnode\nCapEff:\t00000000a80425fb\n');
      try {
        const auto = new LayerAccess('auto', undefined, status);
        expect(await auto.layersOf(client, LAYERED)).to.equal(undefined);
        const required = new LayerAccess('layers', undefined, status);
        const err = await required.layersOf(client, LAYERED).catch((e: unknown) => e);
        expect((err as CodedError).code).to.equal('ERR_TARGET_READ_FAILED');
        // The same image, with the capability, is read from its layers.
        await writeFile(status, 'Name:\tnode\nCapEff:\t000001ffffffffff\n');
        const layers = await new LayerAccess('auto', undefined, status).layersOf(client, LAYERED);
        expect(layers).to.have.length(LAYERS.length);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('never looks at layers in engine mode', async () => {
      expect(await new LayerAccess('engine').layersOf(client, LAYERED)).to.equal(undefined);
    });
  });
});
