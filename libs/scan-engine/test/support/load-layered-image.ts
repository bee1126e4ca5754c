import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import Docker from 'dockerode';
import tar from 'tar-stream';
import type { FakeEntry } from './import-image.js';

/**
 * What one layer holds: the entries `importImage` knows, plus the two marks a layer tarball
 * uses for deletions: a whiteout (`.wh.NAME`) for a deleted name, and an opaque folder
 * (`.wh..wh..opq`) for a folder whose lower contents were all replaced.
 */
export type LayerEntry = FakeEntry | { path: string; type: 'whiteout' | 'opaque' };

type Header = Parameters<ReturnType<typeof tar.pack>['entry']>[0];
type TarFile = { name: string; entry: Header; content?: Buffer };

async function tarOf(files: TarFile[]) {
  const pack = tar.pack();
  for (const file of files) {
    if (file.content) pack.entry(file.entry, file.content);
    else pack.entry(file.entry);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack as unknown as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function layerFiles(entries: LayerEntry[]): TarFile[] {
  return entries.map((e) => {
    const name = e.path.replace(/^\//, '');
    const parent = name.includes('/') ? name.slice(0, name.lastIndexOf('/') + 1) : '';
    const base = name.slice(parent.length);
    switch (e.type) {
      case 'file':
        return { name, entry: { name, mode: 0o644 }, content: Buffer.from(e.content) };
      case 'symlink':
        return { name, entry: { name, type: 'symlink', linkname: e.target } };
      case 'whiteout':
        return {
          name,
          entry: { name: `${parent}.wh.${base}`, mode: 0o644 },
          content: Buffer.alloc(0),
        };
      case 'opaque':
        return {
          name,
          entry: { name: `${name}/.wh..wh..opq`, mode: 0o644 },
          content: Buffer.alloc(0),
        };
      default:
        return { name, entry: { name, type: e.type, mode: 0o755 } };
    }
  });
}

/**
 * Loads an image of several layers, bottom layer first, with `docker load`: the Engine then
 * stores each layer as overlay2 does for pulled images, whiteouts and opaque folders included.
 * Returns the image id.
 */
export async function loadLayeredImage(
  docker: Docker,
  tag: string,
  layers: LayerEntry[][],
): Promise<string> {
  const layerTars = await Promise.all(layers.map((entries) => tarOf(layerFiles(entries))));
  const diffIds = layerTars.map((t) => `sha256:${createHash('sha256').update(t).digest('hex')}`);
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['/never-runs'] },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: layers.map(() => ({ created_by: 'image-scanner test layer' })),
    }),
  );
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  const layerNames = diffIds.map((id) => `${id.slice('sha256:'.length)}/layer.tar`);
  const manifest = Buffer.from(
    JSON.stringify([{ Config: configName, RepoTags: [tag], Layers: layerNames }]),
  );
  const archive = await tarOf([
    { name: configName, entry: { name: configName }, content: config },
    ...layerTars.map((content, i) => ({
      name: layerNames[i] as string,
      entry: { name: layerNames[i] as string },
      content,
    })),
    { name: 'manifest.json', entry: { name: 'manifest.json' }, content: manifest },
  ]);
  const stream = (await docker.loadImage(Readable.from([archive]), {
    quiet: true,
  } as never)) as unknown as Readable;
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve()));
  });
  return (await docker.getImage(tag).inspect()).Id;
}
