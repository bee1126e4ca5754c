import type { Readable } from 'node:stream';
import Docker from 'dockerode';
import tar from 'tar-stream';

export type FakeEntry =
  | { path: string; type: 'file'; content: string }
  | { path: string; type: 'symlink'; target: string }
  | { path: string; type: 'fifo' | 'directory' };

/**
 * Imports a small image made of the given entries, built in memory as a layer tarball, so a
 * test can make hostile shapes (FIFOs, links) that no Dockerfile would produce.
 */
export async function importImage(
  docker: Docker,
  tag: string,
  entries: FakeEntry[],
): Promise<string> {
  const pack = tar.pack();
  for (const entry of entries) {
    const name = entry.path.replace(/^\//, '');
    if (entry.type === 'file') pack.entry({ name, mode: 0o644 }, entry.content);
    else if (entry.type === 'symlink')
      pack.entry({ name, type: 'symlink', linkname: entry.target });
    else pack.entry({ name, type: entry.type, mode: 0o755 });
  }
  pack.finalize();
  const [repo, version] = tag.split(':');
  const stream = (await docker.importImage(
    pack as unknown as Readable,
    {
      repo,
      tag: version ?? 'latest',
    } as never,
  )) as unknown as Readable;
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve()));
  });
  const info = await docker.getImage(tag).inspect();
  return info.Id;
}
