import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, readlink, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { CodedError } from '@image-scanner/contracts';
import type { OverlayOpaqueDirs } from './overlay-opaque-dirs.js';
import {
  MAX_LINK_HOPS,
  type ReadLimits,
  type TargetFiles,
  type TreeEntry,
} from './target-files.js';

/** One name of the merged view: what the topmost layer holding it says it is. */
type Entry =
  | { kind: 'absent' }
  | { kind: 'file'; hostPath: string; stat: Stats }
  | { kind: 'symlink'; hostPath: string }
  | { kind: 'other' }
  /** A folder, with the layer folders that make it up, topmost first. */
  | { kind: 'directory'; layers: string[] };

/** Opened without following a last link, and without waiting on a FIFO that was swapped in. */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const READ_CHUNK = 64 * 1024;

/**
 * Reads an image's files straight from its overlay2 layer folders on the Docker host, merging
 * them as overlayfs would: the topmost layer holding a name wins, a whiteout (a 0/0 character
 * device) hides the name below it, and an opaque folder hides every lower layer's entries in
 * it. Nothing is mounted and no Engine call is made, which is what makes it fast: the Engine
 * mounts and unmounts a container's root for every path it is asked about.
 *
 * Links are resolved here, component by component, inside the image's own root: a link's
 * target is looked up in the layers again, never on the host, and `..` stops at the root.
 * Only images are read this way: their layers never change, so nothing can swap a folder for
 * a link between a check and a read. A file is opened without following a last link and its
 * identity is compared with what the walk found, so even a changed layer cannot redirect a
 * read to a host file.
 */
export class LayerFileReader implements TargetFiles {
  private totalBytes = 0;
  private readonly seen = new Map<string, Promise<Buffer>>();

  /** @param layers the image's layer folders on the host, topmost first */
  constructor(
    private readonly layers: readonly string[],
    private readonly limits: ReadLimits,
    private readonly signal: AbortSignal,
    private readonly opaque: OverlayOpaqueDirs,
  ) {}

  get bytesRead(): number {
    return this.totalBytes;
  }

  async readFile(path: string): Promise<Buffer | undefined> {
    const entry = await this.resolve(path);
    if (entry.kind === 'absent') return undefined;
    if (entry.kind !== 'file') throw notA('file', entry.kind, path);
    if (entry.stat.size > this.limits.maxFileBytes) throw tooLarge(path, this.limits);
    // Release files are often links to each other: read each layer file once.
    let content = this.seen.get(entry.hostPath);
    if (!content) {
      content = this.readHostFile(entry.hostPath, entry.stat, path);
      this.seen.set(entry.hostPath, content);
    }
    return content;
  }

  async readTree(path: string): Promise<TreeEntry[] | undefined> {
    const entry = await this.resolve(path);
    if (entry.kind === 'absent') return undefined;
    if (entry.kind !== 'directory') throw notA('directory', entry.kind, path);
    const entries: TreeEntry[] = [];
    await this.collect(entry.layers, posix.resolve('/', path), entries, { visited: 0 });
    return entries;
  }

  /** Follows every link, the last one too; the answer is what the path finally names. */
  private async resolve(requested: string): Promise<Entry> {
    let pending = components(posix.resolve('/', requested));
    let hops = 0;
    restart: for (;;) {
      let dirs: readonly string[] = this.layers;
      const walked: string[] = [];
      for (let i = 0; i < pending.length; i += 1) {
        this.signal.throwIfAborted();
        const name = pending[i] as string;
        const entry = await this.entryIn(dirs, name);
        const last = i === pending.length - 1;
        if (entry.kind === 'symlink') {
          hops += 1;
          if (hops > MAX_LINK_HOPS) {
            throw new CodedError('ERR_TARGET_FILE_UNSAFE', `${requested} is a loop of links`, {
              path: requested,
            });
          }
          const target = await readlink(entry.hostPath).catch(readFailed(requested));
          if (target === '') return this.absent();
          // As inside a chroot: an absolute target starts at the image's root, `..` stops there.
          const next = posix.resolve(`/${walked.join('/')}`, target);
          pending = [...components(next), ...pending.slice(i + 1)];
          continue restart;
        }
        if (last) return entry.kind === 'absent' ? this.absent() : entry;
        if (entry.kind !== 'directory') return this.absent();
        dirs = entry.layers;
        walked.push(name);
      }
      // The root itself.
      return { kind: 'directory', layers: [...this.layers] };
    }
  }

  /** One name in a merged folder, given that folder's layer folders, topmost first. */
  private async entryIn(dirs: readonly string[], name: string): Promise<Entry> {
    const stats = await Promise.all(dirs.map((dir) => lstatOf(join(dir, name), name)));
    const folders: string[] = [];
    for (let i = 0; i < dirs.length; i += 1) {
      const found = stats[i];
      if (!found) continue;
      const hostPath = join(dirs[i] as string, name);
      // A whiteout hides the name in every layer below it.
      if (isWhiteout(found)) break;
      if (!found.isDirectory()) {
        // Below a folder, a file of the same name is hidden by it.
        if (folders.length > 0) break;
        if (found.isFile()) return { kind: 'file', hostPath, stat: found };
        if (found.isSymbolicLink()) return { kind: 'symlink', hostPath };
        return { kind: 'other' };
      }
      folders.push(hostPath);
      const lowerHasName = stats.slice(i + 1).some((s) => s !== undefined);
      if (lowerHasName && (await this.opaque.isOpaque(hostPath))) break;
    }
    return folders.length > 0 ? { kind: 'directory', layers: folders } : { kind: 'absent' };
  }

  /**
   * An absent answer is checked against the layers still being there: an image removed while
   * it is read must fail the scan, not make it look as if it had no package database.
   */
  private async absent(): Promise<Entry> {
    const present = await Promise.all(
      this.layers.map((dir) =>
        stat(dir).then(
          (s) => s.isDirectory(),
          () => false,
        ),
      ),
    );
    if (!present.every(Boolean)) {
      throw new CodedError('ERR_TARGET_READ_FAILED', "the image's layers went away while read");
    }
    return { kind: 'absent' };
  }

  private async collect(
    dirs: readonly string[],
    targetDir: string,
    into: TreeEntry[],
    count: { visited: number },
  ): Promise<void> {
    const names = new Set<string>();
    for (const dir of dirs) {
      for (const name of await readdir(dir).catch(readFailed(targetDir))) names.add(name);
      if (names.size > this.limits.maxEntries) throw tooMany(targetDir, this.limits);
    }
    for (const name of [...names].sort()) {
      this.signal.throwIfAborted();
      const path = posix.join(targetDir, name);
      const entry = await this.entryIn(dirs, name);
      if (entry.kind === 'absent' || entry.kind === 'symlink') continue;
      count.visited += 1;
      if (count.visited > this.limits.maxEntries) throw tooMany(targetDir, this.limits);
      if (entry.kind === 'other') throw notA('file', 'other', path);
      if (entry.kind === 'directory') {
        await this.collect(entry.layers, path, into, count);
        continue;
      }
      if (entry.stat.size > this.limits.maxFileBytes) throw tooLarge(path, this.limits);
      into.push({ path, content: await this.readHostFile(entry.hostPath, entry.stat, path) });
    }
  }

  private async readHostFile(hostPath: string, expected: Stats, path: string): Promise<Buffer> {
    const handle = await open(hostPath, OPEN_FLAGS).catch(readFailed(path));
    try {
      const opened = await handle.stat();
      if (!opened.isFile() || opened.ino !== expected.ino || opened.dev !== expected.dev) {
        throw new CodedError('ERR_TARGET_FILE_UNSAFE', `${path} changed while it was read`, {
          path,
        });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for (;;) {
        this.signal.throwIfAborted();
        const chunk = Buffer.alloc(READ_CHUNK);
        const { bytesRead } = await handle.read(chunk, 0, READ_CHUNK, null);
        if (bytesRead === 0) break;
        size += bytesRead;
        this.totalBytes += bytesRead;
        if (size > this.limits.maxFileBytes || this.totalBytes > this.limits.maxTotalBytes) {
          throw tooLarge(path, this.limits);
        }
        chunks.push(bytesRead === READ_CHUNK ? chunk : chunk.subarray(0, bytesRead));
      }
      return Buffer.concat(chunks, size);
    } finally {
      await handle.close();
    }
  }
}

function components(absolute: string): string[] {
  return absolute.split('/').filter((part) => part !== '');
}

/** overlayfs marks a deleted name with a character device numbered 0/0. */
function isWhiteout(found: Stats): boolean {
  return found.isCharacterDevice() && found.rdev === 0;
}

async function lstatOf(hostPath: string, name: string): Promise<Stats | undefined> {
  try {
    return await lstat(hostPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new CodedError('ERR_TARGET_READ_FAILED', `could not look up ${name}`, {}, { cause: err });
  }
}

/** A read error, named by the path in the target: never by the host path of the layer. */
function readFailed(path: string): (err: unknown) => never {
  return (err: unknown) => {
    if (err instanceof CodedError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new CodedError(
      'ERR_TARGET_READ_FAILED',
      `could not read ${path}`,
      code ? { errno: code } : {},
    );
  };
}

function notA(expected: 'file' | 'directory', kind: Entry['kind'], path: string): CodedError {
  const what = kind === 'other' ? 'special file' : kind;
  return new CodedError('ERR_TARGET_FILE_UNSAFE', `${path} is a ${what}, not a ${expected}`, {
    path,
  });
}

function tooLarge(path: string, limits: ReadLimits): CodedError {
  return new CodedError('ERR_TARGET_FILE_TOO_LARGE', `${path} is over the size limit`, {
    path,
    maxFileBytes: limits.maxFileBytes,
    maxTotalBytes: limits.maxTotalBytes,
  });
}

function tooMany(path: string, limits: ReadLimits): CodedError {
  return new CodedError('ERR_TARGET_FILE_TOO_LARGE', `${path} holds too many files`, {
    path,
    limit: limits.maxEntries,
  });
}
