import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { CodedError } from '@image-scanner/contracts';
import type { DockerClient } from '../docker/docker-client.js';
import { OverlayOpaqueDirs } from './overlay-opaque-dirs.js';
import { holdsSysAdmin } from './sys-admin-capability.js';

/**
 * How a worker reads an image's files: `auto` from its overlay2 layer folders when this
 * process can see them, else through the Engine; `layers` only from the folders (an image
 * whose folders cannot be read is an error); `engine` always through the Engine's archive API.
 */
export type TargetReaderMode = 'auto' | 'layers' | 'engine';

export const TARGET_READER_MODES: readonly TargetReaderMode[] = ['auto', 'layers', 'engine'];

/**
 * Decides, per image, whether its files can be read straight from its layer folders.
 *
 * Known limitation: only a worker on the Docker host running as root with CAP_SYS_ADMIN reads
 * layers; the unprivileged compose and Helm workers read every image through the Engine.
 */
export class LayerAccess {
  readonly opaque: OverlayOpaqueDirs;
  private getfattrWorks: Promise<boolean> | undefined;
  private sysAdmin: Promise<boolean> | undefined;

  /**
   * @param getfattrPath the `getfattr` program that reads opaque marks
   * @param statusPath this process's status file, where its capabilities are read
   */
  constructor(
    readonly mode: TargetReaderMode = 'auto',
    getfattrPath?: string,
    private readonly statusPath?: string,
  ) {
    this.opaque = new OverlayOpaqueDirs(getfattrPath);
  }

  /**
   * The image's layer folders, topmost first, when they are to be read directly; undefined
   * when the Engine's archive API is to be used instead.
   */
  async layersOf(docker: DockerClient, imageId: string): Promise<string[] | undefined> {
    if (this.mode === 'engine') return undefined;
    const layers = await docker.imageLayerDirs(imageId);
    const why = layers ? await this.unusable(layers) : 'its storage driver is not overlay2';
    if (!why) return layers;
    if (this.mode === 'layers') {
      throw new CodedError('ERR_TARGET_READ_FAILED', `the image's layers cannot be read: ${why}`);
    }
    return undefined;
  }

  /**
   * The folder of a container's own layer, when the worker can read it to see what the
   * container changed; undefined when the Engine is to be asked for the changes instead.
   */
  async ownLayerOf(docker: DockerClient, containerId: string): Promise<string | undefined> {
    if (this.mode === 'engine') return undefined;
    const dir = await docker.containerOwnLayerDir(containerId);
    // The image's contents lie below it: its opaque marks matter.
    if (!dir || (await this.unusable([dir], true))) return undefined;
    return dir;
  }

  private async unusable(
    layers: readonly string[],
    // One layer has nothing below it to hide: no folder's opaque mark is ever needed.
    needsOpaqueMarks = layers.length > 1,
  ): Promise<string | undefined> {
    const readable = await Promise.all(
      layers.map((dir) =>
        access(dir, constants.R_OK | constants.X_OK).then(
          () => true,
          () => false,
        ),
      ),
    );
    // The worker runs in a container, or on another machine, without the Engine's folders.
    if (!readable.every(Boolean)) return 'this worker cannot see its layer folders';
    if (!needsOpaqueMarks) return undefined;
    this.sysAdmin ??= holdsSysAdmin(this.statusPath);
    if (!(await this.sysAdmin)) return "this worker may not read the layers' opaque marks";
    this.getfattrWorks ??= this.opaque.available();
    if (!(await this.getfattrWorks)) return 'getfattr is not installed';
    return undefined;
  }
}
