import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { CodedError } from '@image-scanner/contracts';
import tar from 'tar-stream';
import type { DockerClient, PathStat } from '../docker/docker-client.js';
import { pathKindOf } from './path-kind.js';
import {
  MAX_LINK_HOPS,
  type ReadLimits,
  type TargetFiles,
  type TreeEntry,
} from './target-files.js';

/**
 * Reads files out of a container (or a never-started reader container of an image) through
 * the Engine's archive API, without writing to it. The Engine resolves links in the parent
 * folders inside the container's root; the last element comes back as a link, which this
 * class resolves itself, also inside the root: an absolute link target means the target's
 * own root, never the host's. Only regular files and folders are accepted.
 *
 * Each path is first looked up with the Engine's stat, which is cheap, and copied only when
 * it is there and of the right kind: the Engine starts a helper process for every copy
 * (measured about 34 ms of CPU each), and most paths a scan asks for are absent.
 */
export class TargetFileReader implements TargetFiles {
  private totalBytes = 0;
  /** Contents already read, by resolved path: release files are often links to each other. */
  private readonly seen = new Map<string, TreeEntry[] | undefined>();

  constructor(
    private readonly docker: DockerClient,
    private readonly containerId: string,
    private readonly limits: ReadLimits,
    private readonly signal: AbortSignal,
  ) {}

  get bytesRead(): number {
    return this.totalBytes;
  }

  /** The file's content with links resolved in the target, or undefined when it is absent. */
  async readFile(path: string): Promise<Buffer | undefined> {
    const entries = await this.readResolved(path, 'file');
    return entries?.[0]?.content;
  }

  /** Every regular file under a folder, keyed by its path in the target. */
  async readTree(path: string): Promise<TreeEntry[] | undefined> {
    return this.readResolved(path, 'directory');
  }

  private async readResolved(
    requested: string,
    expect: 'file' | 'directory',
  ): Promise<TreeEntry[] | undefined> {
    let path = posix.resolve('/', requested);
    for (let hop = 0; hop <= MAX_LINK_HOPS; hop += 1) {
      this.signal.throwIfAborted();
      const key = `${expect}:${path}`;
      if (this.seen.has(key)) return this.seen.get(key);
      const stat = await this.docker.statPath(this.containerId, path);
      if (stat === undefined) return undefined;
      if (stat !== 'unresolvable' && pathKindOf(stat.mode) === 'symlink') {
        // The Engine resolved the link inside the root already; the next stat confirms it.
        path = posix.resolve(posix.dirname(path), stat.linkTarget);
        continue;
      }
      if (stat !== 'unresolvable') this.checkStat(stat, path, expect);
      const stream = await this.docker.getArchive(this.containerId, path);
      if (!stream) return undefined;
      const result = await this.extract(stream, path, expect);
      if (result.kind === 'link') {
        // Resolve as the kernel would inside a chroot: `..` never climbs above the root.
        path = posix.resolve(posix.dirname(path), result.target);
        continue;
      }
      this.seen.set(key, result.entries);
      return result.entries;
    }
    throw new CodedError('ERR_TARGET_FILE_UNSAFE', `${requested} is a loop of symbolic links`, {
      path: requested,
    });
  }

  /** Refuses a path by its stat before anything is copied; the copy is checked again. */
  private checkStat(stat: PathStat, path: string, expect: 'file' | 'directory'): void {
    const kind = pathKindOf(stat.mode);
    if (kind !== expect) {
      const what = kind === 'other' ? 'special file' : kind;
      throw new CodedError('ERR_TARGET_FILE_UNSAFE', `${path} is a ${what}, not a ${expect}`, {
        path,
      });
    }
    if (kind === 'file' && stat.size > this.limits.maxFileBytes) throw tooLarge(path, this.limits);
  }

  private extract(
    stream: Readable,
    path: string,
    expect: 'file' | 'directory',
  ): Promise<{ kind: 'link'; target: string } | { kind: 'entries'; entries: TreeEntry[] }> {
    return new Promise((resolve, reject) => {
      const extract = tar.extract();
      const entries: TreeEntry[] = [];
      let link: string | undefined;
      let first = true;
      let failed = false;
      const fail = (err: Error) => {
        if (failed) return;
        failed = true;
        stream.destroy();
        extract.destroy();
        reject(err);
      };
      const onAbort = () => fail(new CodedError('ERR_TARGET_READ_FAILED', 'reading was aborted'));
      this.signal.addEventListener('abort', onAbort, { once: true });

      extract.on('entry', (header, body, next) => {
        const isTop = first;
        first = false;
        const problem = this.checkEntry(header, path, isTop, expect, entries.length);
        if (problem) {
          body.resume();
          fail(problem);
          return;
        }
        if (header.type === 'symlink' && isTop) {
          link = header.linkname ?? '';
          body.resume();
          body.on('end', next);
          return;
        }
        if (header.type !== 'file') {
          // Folders carry nothing to keep; nested links in a database folder are skipped.
          body.resume();
          body.on('end', next);
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        body.on('data', (data: unknown) => {
          const chunk = data as Buffer;
          size += chunk.length;
          this.totalBytes += chunk.length;
          if (size > this.limits.maxFileBytes || this.totalBytes > this.limits.maxTotalBytes) {
            fail(tooLarge(path, this.limits));
            return;
          }
          chunks.push(chunk);
        });
        body.on('end', () => {
          entries.push({ path: entryPath(path, header.name), content: Buffer.concat(chunks) });
          next();
        });
      });
      extract.on('finish', () => {
        this.signal.removeEventListener('abort', onAbort);
        if (failed) return;
        if (link !== undefined) resolve({ kind: 'link', target: link });
        else resolve({ kind: 'entries', entries });
      });
      extract.on('error', (err) =>
        fail(
          new CodedError('ERR_TARGET_READ_FAILED', `could not read ${path}`, {}, { cause: err }),
        ),
      );
      stream.on('error', (err) =>
        fail(
          new CodedError('ERR_TARGET_READ_FAILED', `could not read ${path}`, {}, { cause: err }),
        ),
      );
      stream.pipe(extract);
    });
  }

  private checkEntry(
    header: tar.Header,
    path: string,
    isTop: boolean,
    expect: 'file' | 'directory',
    count: number,
  ): CodedError | undefined {
    if (count >= this.limits.maxEntries) {
      return new CodedError('ERR_TARGET_FILE_TOO_LARGE', `${path} holds too many files`, {
        path,
        limit: this.limits.maxEntries,
      });
    }
    if ((header.size ?? 0) > this.limits.maxFileBytes) return tooLarge(path, this.limits);
    const allowed = ['file', 'directory', 'symlink'];
    if (!allowed.includes(header.type ?? '')) {
      return new CodedError('ERR_TARGET_FILE_UNSAFE', `${path} is a ${header.type}, not a file`, {
        path,
      });
    }
    if (isTop && header.type !== 'symlink' && header.type !== expect) {
      return new CodedError(
        'ERR_TARGET_FILE_UNSAFE',
        `${path} is a ${header.type}, not a ${expect}`,
        {
          path,
        },
      );
    }
    const name = header.name ?? '';
    if (name.startsWith('/') || name.split('/').includes('..')) {
      return new CodedError(
        'ERR_TARGET_FILE_UNSAFE',
        `${path} holds an entry escaping its folder`,
        {
          path,
        },
      );
    }
    return undefined;
  }
}

/** The archive names entries after the requested path's last element: map back to the target. */
function entryPath(requested: string, name: string): string {
  const parts = name.replace(/\/+$/, '').split('/').slice(1);
  return posix.join(requested, ...parts);
}

function tooLarge(path: string, limits: ReadLimits): CodedError {
  return new CodedError('ERR_TARGET_FILE_TOO_LARGE', `${path} is over the size limit`, {
    path,
    maxFileBytes: limits.maxFileBytes,
    maxTotalBytes: limits.maxTotalBytes,
  });
}
