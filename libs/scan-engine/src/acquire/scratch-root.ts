import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';

/**
 * A private folder that mirrors the few files of a target a scan needs, each a plain file
 * written by the worker. oscap is pointed at this folder, never at the target's own files,
 * so no link in the target can lead it to a host file, and nothing is written to the target.
 */
export class ScratchRoot {
  private constructor(readonly path: string) {}

  static async create(parent: string): Promise<ScratchRoot> {
    await mkdir(parent, { recursive: true, mode: 0o700 });
    return new ScratchRoot(await mkdtemp(join(parent, 'target-')));
  }

  /** The host path a target path is mirrored at. */
  resolve(targetPath: string): string {
    const normal = posix.resolve('/', targetPath);
    return join(this.path, 'root', normal);
  }

  get rootPath(): string {
    return join(this.path, 'root');
  }

  /** A folder beside the root for oscap's own files (config, results). */
  async workDir(name: string): Promise<string> {
    const dir = join(this.path, name);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  async write(targetPath: string, content: Buffer | string): Promise<void> {
    const file = this.resolve(targetPath);
    await mkdir(dirname(file), { recursive: true, mode: 0o755 });
    await writeFile(file, content, { mode: 0o644 });
  }

  async dispose(): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
  }
}
