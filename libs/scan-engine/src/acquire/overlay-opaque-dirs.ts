import { CodedError } from '@image-scanner/contracts';
import { runProgram } from '../evaluate/run-program.js';

/** The attribute overlayfs marks a folder with when a layer replaced it whole. */
const OPAQUE_ATTRIBUTES = '^(trusted|user)\\.overlay\\.opaque$';
const OPAQUE_SET = /overlay\.opaque="y"/;
const GETFATTR_TIMEOUT_MS = 10_000;
/** Answers kept across targets (base layers are shared); past this many the memory is reset. */
const MAX_KNOWN = 4096;

/**
 * Tells whether a folder of an overlay2 layer is opaque: a layer that deleted a folder and
 * made it again hides every lower layer's entries in it. Docker keeps that mark only in an
 * extended attribute, `trusted.overlay.opaque` (`user.` when the Engine runs rootless), and
 * Node has no call to read one, so this asks `getfattr` (Debian's `attr`), once per folder.
 */
export class OverlayOpaqueDirs {
  private readonly known = new Map<string, Promise<boolean>>();

  constructor(private readonly getfattrPath = 'getfattr') {}

  /** Whether `getfattr` runs here at all; without it layers cannot be read correctly. */
  async available(): Promise<boolean> {
    try {
      const result = await runProgram(this.getfattrPath, ['--version'], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        timeoutMs: GETFATTR_TIMEOUT_MS,
      });
      return result.exitCode === 0;
    } catch {
      return false;
    }
  }

  /** For a folder of an image layer, which never changes: answers are kept. */
  isOpaque(hostDir: string): Promise<boolean> {
    let answer = this.known.get(hostDir);
    if (!answer) {
      if (this.known.size >= MAX_KNOWN) this.known.clear();
      answer = this.ask(hostDir);
      this.known.set(hostDir, answer);
      // A failed answer is not kept: the next target asks again.
      answer.catch(() => this.known.delete(hostDir));
    }
    return answer;
  }

  /** For a folder of a container's own layer, which may change: asked afresh every time. */
  async isOpaqueNow(hostDir: string): Promise<boolean> {
    return this.ask(hostDir);
  }

  private async ask(hostDir: string): Promise<boolean> {
    const result = await runProgram(
      this.getfattrPath,
      ['--absolute-names', '--dump', '--match', OPAQUE_ATTRIBUTES, '--', hostDir],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, timeoutMs: GETFATTR_TIMEOUT_MS },
    ).catch((err: unknown) => {
      throw new CodedError(
        'ERR_TARGET_READ_FAILED',
        'could not read a layer folder',
        {},
        {
          cause: err,
        },
      );
    });
    if (result.exitCode !== 0) {
      // The message names no host path: reports must not show the Docker host's layout.
      throw new CodedError('ERR_TARGET_READ_FAILED', 'could not read a layer folder', {
        exitCode: result.exitCode ?? -1,
      });
    }
    return OPAQUE_SET.test(result.stdout);
  }
}
