import { expect } from 'chai';
import Docker from 'dockerode';
import { LayerAccess } from '../src/acquire/layer-access.js';
import { ownLayerTouchesPackageState } from '../src/acquire/own-layer-changes.js';
import { changesPackageState } from '../src/acquire/package-db-paths.js';
import { DockerClient } from '../src/docker/docker-client.js';

const DEBIAN = 'image-scanner-test/debian12:1';

/** What each container's own process does to its files before it stops. */
const CASES: { name: string; script: string; touches: boolean }[] = [
  { name: 'changes nothing', script: 'true', touches: false },
  {
    name: 'writes logs and temporary files only',
    script: 'echo x >/tmp/x; echo y >/var/log/y',
    touches: false,
  },
  {
    name: 'installs a package into the dpkg status',
    script: 'echo >>/var/lib/dpkg/status',
    touches: true,
  },
  { name: 'deletes the whole dpkg folder', script: 'rm -rf /var/lib/dpkg', touches: true },
  {
    name: 'makes /var/lib again, empty',
    script: 'rm -rf /var/lib && mkdir /var/lib',
    touches: true,
  },
  {
    name: 'replaces os-release',
    script: 'rm /etc/os-release; echo ID=other >/etc/os-release',
    touches: true,
  },
  { name: 'adds a file beside the databases', script: 'echo x >/var/lib/other', touches: false },
];

describe("what a container's own layer changed, read from its folder (real Docker)", () => {
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const client = new DockerClient(docker);
  const access = new LayerAccess('auto');
  const made: string[] = [];

  after(async () => {
    await Promise.all(made.map((id) => docker.getContainer(id).remove({ force: true })));
  });

  for (const c of CASES) {
    const verdict = c.touches ? 'changed' : 'unchanged';
    it(`says ${verdict} for a container that ${c.name}, as the Engine does`, async () => {
      const container = await docker.createContainer({
        Image: DEBIAN,
        Cmd: ['sh', '-c', c.script],
        NetworkDisabled: true,
        HostConfig: { NetworkMode: 'none' },
      });
      made.push(container.id);
      await container.start();
      const exit = (await container.wait()) as { StatusCode: number };
      expect(exit.StatusCode).to.equal(0);
      const dir = await access.ownLayerOf(client, container.id);
      expect(dir, 'the worker sees the layer folder').to.be.a('string');
      const ours = await ownLayerTouchesPackageState(dir as string, access.opaque);
      const engine = (await client.containerChanges(container.id)).some((ch) =>
        changesPackageState(ch.path),
      );
      expect({ ours, engine }).to.deep.equal({ ours: c.touches, engine: c.touches });
    });
  }

  it('asks the Engine in engine mode', async () => {
    const container = await docker.createContainer({ Image: DEBIAN, Cmd: ['true'] });
    made.push(container.id);
    expect(await new LayerAccess('engine').ownLayerOf(client, container.id)).to.equal(undefined);
  });
});
