import Docker from 'dockerode';
import type { DockerObject } from '@image-scanner/contracts';
import { toCodedError } from './docker-client.js';

/**
 * Host folders the Engine names in its answers (storage driver folders, the files it keeps
 * next to each container). API answers must not reveal the Docker host's layout.
 */
const HOST_PATH_FIELDS = ['ResolvConfPath', 'HostnamePath', 'HostsPath', 'LogPath'] as const;

function withoutHostPaths(data: DockerObject): DockerObject {
  const copy: DockerObject = { ...data };
  for (const field of HOST_PATH_FIELDS) delete copy[field];
  const graph = copy.GraphDriver as { Name?: unknown } | undefined;
  if (graph && typeof graph === 'object') copy.GraphDriver = { Name: graph.Name };
  return copy;
}

/**
 * The Engine's own listing and inspect answers, as `docker images`, `docker ps` and
 * `docker inspect` show them: names, tags and id prefixes are resolved by the Engine itself.
 */
export class DockerInventory {
  constructor(private readonly docker: Docker) {}

  static fromSocket(socketPath: string): DockerInventory {
    return new DockerInventory(new Docker({ socketPath, timeout: 60_000 }));
  }

  async ping(): Promise<void> {
    await this.call('ping the engine', () => this.docker.ping());
  }

  async listImages(all: boolean): Promise<DockerObject[]> {
    const images = await this.call('list images', () => this.docker.listImages({ all }));
    return images.map((i) => ({ ...i }) as DockerObject);
  }

  async listContainers(onlyActive: boolean): Promise<DockerObject[]> {
    const list = await this.call('list containers', () =>
      this.docker.listContainers({ all: !onlyActive }),
    );
    return list.map((c) => ({ ...c }) as DockerObject);
  }

  async inspectImage(ref: string): Promise<DockerObject> {
    const data = await this.call(`inspect image ${ref}`, () => this.docker.getImage(ref).inspect());
    return withoutHostPaths(data as unknown as DockerObject);
  }

  async inspectContainer(ref: string): Promise<DockerObject> {
    const data = await this.call(`inspect container ${ref}`, () =>
      this.docker.getContainer(ref).inspect(),
    );
    return withoutHostPaths(data as unknown as DockerObject);
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toCodedError(err, what);
    }
  }
}
