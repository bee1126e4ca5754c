import type { Readable } from 'node:stream';
import Docker from 'dockerode';
import tar from 'tar-stream';

/**
 * Builds a local image from a Dockerfile held in memory, so a test can make hostile shapes
 * (sparse giant files, device nodes, thousands of files) from the local Debian test image,
 * with no registry.
 */
export async function buildImage(docker: Docker, tag: string, dockerfile: string): Promise<void> {
  const context = tar.pack();
  context.entry({ name: 'Dockerfile' }, dockerfile);
  context.finalize();
  const stream = (await docker.buildImage(context as unknown as Readable, {
    t: tag,
    rm: true,
    forcerm: true,
    networkmode: 'none',
  })) as unknown as Readable;
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, output: { error?: string }[]) => {
      const failed = output?.find((o) => o.error);
      if (err || failed) reject(err ?? new Error(failed?.error));
      else resolve();
    });
  });
}

/** Imports an image from layer entries built in memory (names are used as given). */
export async function importEntries(
  docker: Docker,
  tag: string,
  entries: { name: string; content: string }[],
): Promise<void> {
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name, mode: 0o644 }, e.content);
  pack.finalize();
  const [repo, version] = tag.split(':');
  const stream = (await docker.importImage(
    pack as unknown as Readable,
    {
      repo,
      tag: version,
    } as never,
  )) as unknown as Readable;
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve()));
  });
}
