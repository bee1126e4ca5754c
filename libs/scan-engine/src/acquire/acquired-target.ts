import { readFile } from 'node:fs/promises';
import { releaseFilesToRead, usesRpm } from '../detect/os-detector.js';
import type { DockerClient } from '../docker/docker-client.js';
import {
  DPKG_STATUS_DIR,
  DPKG_STATUS_FILE,
  DPKG_TABLES,
  RELEASE_FILES,
  RPM_DB_DIRS,
} from './package-db-paths.js';
import type { LayerAccess } from './layer-access.js';
import { LayerFileReader } from './layer-file-reader.js';
import type { ScratchRoot } from './scratch-root.js';
import { TargetFileReader } from './target-file-reader.js';
import type { ReadLimits, TargetFiles } from './target-files.js';

export interface TargetRef {
  kind: 'image' | 'container';
  id: string;
}

/** What was found of the package databases while acquiring. */
export interface PackageDbPresence {
  dpkgStatus?: Buffer;
  /** Path of the rpm database folder inside the target. */
  rpmDbDir?: string;
}

/** Where the worker's own copies of dpkg's tables are; they are always the ones used. */
const HOST_DPKG_TABLE_DIR = '/usr/share/dpkg';

/** How the files of one target were read, as the report's acquire details say. */
export type ReadThrough = 'layers' | 'engine';

/**
 * The files of one target, read into a scratch root. An image is read straight from its
 * layer folders when the worker can see them (`LayerAccess`), else through the Engine by a
 * container that is created but never started, and removed afterwards. A container is always
 * read through the Engine: its own layer may change while it is read.
 */
export class AcquiredTarget {
  readonly releaseFiles = new Map<string, string>();
  packageDb: PackageDbPresence = {};

  private constructor(
    private readonly docker: DockerClient,
    private readonly reader: TargetFiles,
    private readonly readerContainerId: string | undefined,
    readonly scratch: ScratchRoot,
    readonly readThrough: ReadThrough,
  ) {}

  static async open(
    docker: DockerClient,
    target: TargetRef,
    scratch: ScratchRoot,
    limits: ReadLimits,
    signal: AbortSignal,
    layerAccess?: LayerAccess,
  ): Promise<AcquiredTarget> {
    if (target.kind === 'image' && layerAccess) {
      const layers = await layerAccess.layersOf(docker, target.id);
      if (layers) {
        const reader = new LayerFileReader(layers, limits, signal, layerAccess.opaque);
        return new AcquiredTarget(docker, reader, undefined, scratch, 'layers');
      }
    }
    const readerId =
      target.kind === 'image' ? await docker.createReaderContainer(target.id) : undefined;
    const reader = new TargetFileReader(docker, readerId ?? target.id, limits, signal);
    return new AcquiredTarget(docker, reader, readerId, scratch, 'engine');
  }

  get bytesRead(): number {
    return this.reader.bytesRead;
  }

  /**
   * Reads the release files and the package database into the scratch root: os-release first,
   * then only what it says the OS needs (every Engine call mounts the target's root once), or
   * every release file and both databases when it is missing or says too little.
   */
  async collectBasics(): Promise<void> {
    let osRelease: string | undefined;
    for (const path of ['/etc/os-release', '/usr/lib/os-release']) {
      const content = await this.copyFile(path);
      if (!content) continue;
      osRelease ??= content.toString('utf8');
      this.releaseFiles.set(path, content.toString('utf8'));
    }
    for (const path of releaseFilesToRead(osRelease, RELEASE_FILES)) {
      const content = await this.copyFile(path);
      if (content) this.releaseFiles.set(path, content.toString('utf8'));
    }
    if (usesRpm(osRelease)) {
      if (!(await this.collectRpm())) await this.collectDpkg();
    } else if (!(await this.collectDpkg())) await this.collectRpm();
  }

  /** Copies further files a feed's tests read (by literal path); absent ones are skipped. */
  async collectFiles(paths: Iterable<string>): Promise<void> {
    for (const path of paths) await this.copyFile(path);
  }

  async close(): Promise<void> {
    if (this.readerContainerId) await this.docker.removeContainer(this.readerContainerId);
  }

  private async copyFile(path: string): Promise<Buffer | undefined> {
    const content = await this.reader.readFile(path);
    if (content) await this.scratch.write(path, content);
    return content;
  }

  private async collectRpm(): Promise<boolean> {
    for (const dir of RPM_DB_DIRS) {
      const entries = await this.reader.readTree(dir);
      if (!entries || entries.length === 0) continue;
      for (const entry of entries) await this.scratch.write(entry.path, entry.content);
      this.packageDb.rpmDbDir = dir;
      return true;
    }
    return false;
  }

  private async collectDpkg(): Promise<boolean> {
    let status = await this.reader.readFile(DPKG_STATUS_FILE);
    if (!status) {
      const parts = await this.reader.readTree(DPKG_STATUS_DIR);
      // One status file per package is what distroless images ship; oscap's probe reads only
      // the single status file, so join them the way dpkg itself would list them.
      if (parts && parts.length > 0) {
        status = Buffer.concat(parts.flatMap((p) => [p.content, Buffer.from('\n')]));
      }
    }
    if (!status) return false;
    await this.scratch.write(DPKG_STATUS_FILE, status);
    this.packageDb.dpkgStatus = status;
    for (const table of DPKG_TABLES) {
      // The tables describe CPU names, not packages, and the one reading them is the worker's
      // own libapt inside oscap: its own copy is the one that matches, and reading the image's
      // would cost a copy through the Engine each.
      const content = await readFile(`${HOST_DPKG_TABLE_DIR}/${table.split('/').pop()}`);
      await this.scratch.write(table, content);
    }
    return true;
  }
}
