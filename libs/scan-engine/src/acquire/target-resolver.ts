import { CodedError, type ScanRequest } from '@image-scanner/contracts';
import type { EvaluationRecord, ResolvedTarget } from '@image-scanner/scan-state';
import { changesPackageState } from './package-db-paths.js';
import type { ContainerInfo, DockerClient, ImageInfo } from '../docker/docker-client.js';
import { evaluationKeyOf } from './evaluation-key.js';
import { LayerAccess } from './layer-access.js';
import { ownLayerTouchesPackageState } from './own-layer-changes.js';

export interface Resolution {
  targets: ResolvedTarget[];
  evaluations: EvaluationRecord[];
}

type Found = { kind: 'image'; image: ImageInfo } | { kind: 'container'; container: ContainerInfo };

/**
 * Turns a scan request into targets and the distinct evaluations they need. Images are
 * evaluated once however many targets name them; a container shares its image's evaluation
 * unless its own layer changed the package database or release files.
 */
export class TargetResolver {
  private readonly evaluations = new Map<string, EvaluationRecord>();

  constructor(
    private readonly docker: DockerClient,
    private readonly layerAccess = new LayerAccess('auto'),
  ) {}

  async resolve(request: ScanRequest): Promise<Resolution> {
    const targets: ResolvedTarget[] = [];
    for (const [requested, found] of await this.find(request)) {
      if (found instanceof CodedError) {
        targets.push({ requested, names: [], error: found.toJSON() });
        continue;
      }
      targets.push(
        found.kind === 'image'
          ? this.addImage(requested, found.image)
          : await this.addContainer(requested, found.container),
      );
    }
    return { targets, evaluations: [...this.evaluations.values()] };
  }

  private async find(request: ScanRequest): Promise<[string, Found | CodedError][]> {
    if (request.images) {
      const images = await this.docker.listImages(request.images.all);
      return images.map((image) => [image.id, { kind: 'image', image }]);
    }
    if (request.containers) {
      const containers = await this.docker.listContainers(request.containers.onlyActive);
      return containers.map((container) => [container.id, { kind: 'container', container }]);
    }
    const names = [...new Set(request.targets ?? [])];
    return Promise.all(names.map(async (name) => [name, await this.findOne(name)] as const)).then(
      (pairs) => pairs.map(([name, found]) => [name, found]),
    );
  }

  /** A name may be an image or a container; matching both is ambiguous, as with docker. */
  private async findOne(name: string): Promise<Found | CodedError> {
    const [container, image] = await Promise.all([
      this.docker.inspectContainer(name).catch((err: unknown) => err),
      this.docker.inspectImage(name).catch((err: unknown) => err),
    ]);
    const failures = [container, image].filter((r): r is CodedError => r instanceof CodedError);
    const unexpected = failures.find(
      (f) => f.code !== 'ERR_TARGET_NOT_FOUND' && f.code !== 'ERR_TARGET_AMBIGUOUS',
    );
    if (unexpected) throw unexpected;
    const ambiguous = failures.find((f) => f.code === 'ERR_TARGET_AMBIGUOUS');
    if (ambiguous) return ambiguous;
    const isContainer = !(container instanceof Error);
    const isImage = !(image instanceof Error);
    if (isContainer && isImage) {
      return new CodedError('ERR_TARGET_AMBIGUOUS', `${name} names both an image and a container`, {
        target: name,
      });
    }
    if (isContainer) return { kind: 'container', container: container as ContainerInfo };
    if (isImage) return { kind: 'image', image: image as ImageInfo };
    return new CodedError('ERR_TARGET_NOT_FOUND', `no image or container matches ${name}`, {
      target: name,
    });
  }

  private addImage(requested: string, image: ImageInfo): ResolvedTarget {
    const key = evaluationKeyOf('image', image.id);
    this.evaluationFor(key, 'image', image.id, image.id, image.repoTags);
    return {
      requested,
      kind: 'image',
      id: image.id,
      names: image.repoTags,
      imageId: image.id,
      evaluationKey: key,
    };
  }

  // Known limitation: a package database changed through a volume does not show in the Engine's
  // change list, so such a container shares its image's result; comparing digests would fix it.
  private async addContainer(requested: string, container: ContainerInfo): Promise<ResolvedTarget> {
    const ownLayerMatters = await this.ownLayerMatters(container.id);
    const key = ownLayerMatters
      ? evaluationKeyOf('container', container.id)
      : evaluationKeyOf('image', container.imageId);
    const evaluation = ownLayerMatters
      ? this.evaluationFor(key, 'container', container.id, container.imageId, [container.name])
      : this.evaluationFor(key, 'image', container.imageId, container.imageId, []);
    if (!evaluation.containers.includes(container.id)) evaluation.containers.push(container.id);
    return {
      requested,
      kind: 'container',
      id: container.id,
      names: [container.name],
      imageId: container.imageId,
      evaluationKey: key,
    };
  }

  /** Read from the container's own layer folder when the worker can see it, else the Engine. */
  private async ownLayerMatters(containerId: string): Promise<boolean> {
    const ownLayer = await this.layerAccess.ownLayerOf(this.docker, containerId);
    if (ownLayer) return ownLayerTouchesPackageState(ownLayer, this.layerAccess.opaque);
    const changes = await this.docker.containerChanges(containerId);
    return changes.some((c) => changesPackageState(c.path));
  }

  private evaluationFor(
    key: string,
    kind: 'image' | 'container',
    id: string,
    imageId: string,
    names: string[],
  ): EvaluationRecord {
    let evaluation = this.evaluations.get(key);
    if (!evaluation) {
      evaluation = { key, kind, id, imageId, names: [...names], containers: [], state: 'queued' };
      this.evaluations.set(key, evaluation);
    } else {
      for (const name of names) if (!evaluation.names.includes(name)) evaluation.names.push(name);
    }
    return evaluation;
  }
}
