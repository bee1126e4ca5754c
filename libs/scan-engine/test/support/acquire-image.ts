import Docker from 'dockerode';
import { AcquiredTarget } from '../../src/acquire/acquired-target.js';
import { ScratchRoot } from '../../src/acquire/scratch-root.js';
import { DockerClient } from '../../src/docker/docker-client.js';

const LIMITS = {
  maxFileBytes: 64 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxEntries: 5000,
};
const client = new DockerClient(new Docker({ socketPath: '/var/run/docker.sock' }));

/** Reads a local image's package database and release files into a scratch root under parent. */
export async function acquireImage(image: string, parent: string): Promise<AcquiredTarget> {
  const scratch = await ScratchRoot.create(parent);
  const target = await AcquiredTarget.open(
    client,
    { kind: 'image', id: image },
    scratch,
    LIMITS,
    new AbortController().signal,
  );
  await target.collectBasics();
  await target.close();
  return target;
}
