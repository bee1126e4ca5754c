import type { Readable } from 'node:stream';
import { CodedError } from '@image-scanner/contracts';
import Docker from 'dockerode';

/** The few inspect fields the scanner relies on. */
export interface ImageInfo {
  id: string;
  repoTags: string[];
  parent: string;
}

export interface ContainerInfo {
  id: string;
  name: string;
  imageId: string;
  running: boolean;
}

export interface ContainerChange {
  path: string;
  /** 0 modified, 1 added, 2 deleted, as the Engine reports it. */
  kind: number;
}

/** The Engine's lstat of one path inside a container (its `X-Docker-Container-Path-Stat`). */
export interface PathStat {
  size: number;
  /** Go's `os.FileMode` bits: the type is in the high bits, the permissions in the low ones. */
  mode: number;
  /** For a link: its target, already resolved by the Engine inside the container's root. */
  linkTarget: string;
}

/** Label of the never-started containers the worker reads images through. */
const READER_LABEL = 'org.image-scanner.reader=1';

/**
 * A narrow, promise-only view of the Docker Engine API. Every Engine error is turned into a
 * CodedError here, in one place, so the rest of the worker never sees docker-modem's shapes.
 */
export class DockerClient {
  constructor(private readonly docker: Docker) {}

  static fromSocket(socketPath: string): DockerClient {
    return new DockerClient(new Docker({ socketPath, timeout: 60_000 }));
  }

  async ping(): Promise<void> {
    await this.call('ping the engine', () => this.docker.ping());
  }

  async inspectImage(ref: string): Promise<ImageInfo> {
    const data = await this.call(`inspect image ${ref}`, () => this.docker.getImage(ref).inspect());
    return { id: data.Id, repoTags: data.RepoTags ?? [], parent: data.Parent ?? '' };
  }

  /**
   * The image's layer folders on the Engine's host, topmost first, when its storage driver is
   * overlay2; undefined for any other driver.
   */
  async imageLayerDirs(imageId: string): Promise<string[] | undefined> {
    const data = await this.call(`inspect image ${imageId}`, () =>
      this.docker.getImage(imageId).inspect(),
    );
    return overlayLayerDirs(data.GraphDriver);
  }

  /** The container's own layer folder on the Engine's host (overlay2's `UpperDir`). */
  async containerOwnLayerDir(id: string): Promise<string | undefined> {
    const data = await this.call(`inspect container ${id}`, () =>
      this.docker.getContainer(id).inspect(),
    );
    return overlayLayerDirs(data.GraphDriver)?.[0];
  }

  async inspectContainer(ref: string): Promise<ContainerInfo> {
    const data = await this.call(`inspect container ${ref}`, () =>
      this.docker.getContainer(ref).inspect(),
    );
    return {
      id: data.Id,
      name: data.Name.replace(/^\//, ''),
      imageId: data.Image,
      running: data.State.Running,
    };
  }

  async listImages(all: boolean): Promise<ImageInfo[]> {
    const images = await this.call('list images', () => this.docker.listImages({ all }));
    return images.map((i) => ({ id: i.Id, repoTags: cleanTags(i.RepoTags), parent: i.ParentId }));
  }

  async listContainers(onlyActive: boolean): Promise<ContainerInfo[]> {
    const containers = await this.call('list containers', () =>
      this.docker.listContainers({ all: !onlyActive }),
    );
    return containers.map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? '').replace(/^\//, ''),
      imageId: c.ImageID,
      running: c.State === 'running',
    }));
  }

  /** Paths the container's own layer added, changed or deleted relative to its image. */
  async containerChanges(id: string): Promise<ContainerChange[]> {
    const changes = await this.call(`list changes of ${id}`, () =>
      this.docker.getContainer(id).changes(),
    );
    return parseChanges(changes).map((c) => ({ path: c.Path, kind: c.Kind }));
  }

  /**
   * Creates a container that is never started, so the Engine exposes the image's files
   * through the archive API without running anything from the image.
   */
  async createReaderContainer(imageId: string): Promise<string> {
    const container = await this.call(`create reader container for ${imageId}`, () =>
      this.docker.createContainer({
        Image: imageId,
        // The command is never run; it only satisfies images that declare none.
        Entrypoint: ['/image-scanner-never-runs'],
        Cmd: [],
        NetworkDisabled: true,
        Labels: { 'org.image-scanner.reader': '1' },
        HostConfig: { NetworkMode: 'none', AutoRemove: false },
      }),
    );
    return container.id;
  }

  /** Removes reader containers created longer ago than `maxAgeMs`; returns how many. */
  async removeReaderContainersOlderThan(maxAgeMs: number): Promise<number> {
    const containers = await this.call('list reader containers', () =>
      this.docker.listContainers({ all: true, filters: { label: [READER_LABEL] } }),
    );
    const cutoffSeconds = (Date.now() - maxAgeMs) / 1000;
    const stale = containers.filter((c) => c.Created < cutoffSeconds);
    await Promise.all(stale.map((c) => this.removeContainer(c.Id)));
    return stale.length;
  }

  async removeContainer(id: string): Promise<void> {
    await this.call(`remove container ${id}`, () =>
      this.docker.getContainer(id).remove({ force: true, v: true }),
    );
  }

  /**
   * The lstat of a path inside a container, or undefined when it is absent; 'unresolvable'
   * when the Engine could not resolve it (a loop of links), so the caller reads hop by hop.
   * Unlike getArchive, the Engine answers this without starting a helper process for a tar.
   */
  async statPath(
    containerId: string,
    path: string,
  ): Promise<PathStat | 'unresolvable' | undefined> {
    let response: { headers: Record<string, unknown>; resume(): void };
    try {
      response = (await this.docker.getContainer(containerId).infoArchive({ path })) as never;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      if (statusOf(err) === 500) return 'unresolvable';
      throw toCodedError(err, `stat ${path} in ${containerId}`);
    }
    response.resume();
    const header = response.headers['x-docker-container-path-stat'];
    if (typeof header !== 'string') return 'unresolvable';
    try {
      const stat = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Partial<PathStat>;
      const valid =
        typeof stat.size === 'number' &&
        typeof stat.mode === 'number' &&
        typeof (stat.linkTarget ?? '') === 'string';
      if (!valid) return 'unresolvable';
      return { size: stat.size, mode: stat.mode, linkTarget: stat.linkTarget ?? '' } as PathStat;
    } catch {
      return 'unresolvable';
    }
  }

  /** A tar stream of one path inside a container; the final path element is not followed. */
  async getArchive(containerId: string, path: string): Promise<Readable | undefined> {
    try {
      const stream = await this.docker.getContainer(containerId).getArchive({ path });
      return stream as unknown as Readable;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw toCodedError(err, `read ${path} from ${containerId}`);
    }
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toCodedError(err, what);
    }
  }
}

/**
 * The Engine answers `null` for a container with no changes, which dockerode hands over as
 * the raw body; a list comes parsed. Anything else is not a list of changes.
 */
function parseChanges(raw: unknown): { Path: string; Kind: number }[] {
  const value: unknown = Buffer.isBuffer(raw) ? JSON.parse(raw.toString('utf8') || 'null') : raw;
  if (!Array.isArray(value)) return [];
  return value.filter(
    (c): c is { Path: string; Kind: number } =>
      typeof c === 'object' && c !== null && typeof (c as { Path?: unknown }).Path === 'string',
  );
}

/** overlay2 names the top layer `UpperDir` and the ones below it `LowerDir`, colon-joined. */
function overlayLayerDirs(
  driver: { Name?: string; Data?: Record<string, string> | null } | undefined,
): string[] | undefined {
  if (driver?.Name !== 'overlay2' || !driver.Data) return undefined;
  const { UpperDir: upper, LowerDir: lower } = driver.Data;
  if (!upper) return undefined;
  const dirs = [upper, ...(lower ? lower.split(':') : [])];
  return dirs.every((dir) => dir.startsWith('/')) ? dirs : undefined;
}

function cleanTags(tags: string[] | null | undefined): string[] {
  return (tags ?? []).filter((t) => t !== '<none>:<none>');
}

function statusOf(err: unknown): number | undefined {
  const status = (err as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * The Engine's own message, without the host paths it sometimes names (its storage folders):
 * reports and API answers must not reveal the layout of the Docker host.
 */
function engineMessage(err: unknown): string {
  const json = (err as { json?: { message?: unknown } }).json;
  const raw =
    json && typeof json.message === 'string'
      ? json.message
      : err instanceof Error
        ? err.message
        : String(err);
  return raw.replace(/\/[^\s:'"]*(overlay2|containers|image)\/[^\s'"]*/g, '<engine path>').trim();
}

/** Turns an Engine or docker-modem error into the CodedError the scanner answers with. */
export function toCodedError(err: unknown, what: string): CodedError {
  const status = statusOf(err);
  const message = engineMessage(err).slice(0, 500);
  if (status === 404) {
    return new CodedError(
      'ERR_TARGET_NOT_FOUND',
      `could not ${what}: ${message}`,
      {},
      { cause: err },
    );
  }
  if (/too many links|symlink/i.test(message)) {
    return new CodedError(
      'ERR_TARGET_FILE_UNSAFE',
      `could not ${what}: a loop of links`,
      {},
      {
        cause: err,
      },
    );
  }
  // The Engine answers an ambiguous container prefix with a 500 ("Multiple IDs found").
  if (status !== undefined && /ambiguous|multiple ids found/i.test(message)) {
    return new CodedError(
      'ERR_TARGET_AMBIGUOUS',
      `could not ${what}: ${message}`,
      {},
      {
        cause: err,
      },
    );
  }
  if (status === undefined) {
    return new CodedError(
      'ERR_DOCKER_UNAVAILABLE',
      `could not ${what}: ${message}`,
      {},
      {
        cause: err,
      },
    );
  }
  return new CodedError(
    'ERR_TARGET_READ_FAILED',
    `could not ${what}: ${message}`,
    {},
    {
      cause: err,
    },
  );
}
