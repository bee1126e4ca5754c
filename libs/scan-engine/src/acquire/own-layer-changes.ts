import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '@image-scanner/contracts';
import type { OverlayOpaqueDirs } from './overlay-opaque-dirs.js';
import { PACKAGE_STATE_PREFIXES } from './package-db-paths.js';

/**
 * Whether a container's own overlay2 layer (its `UpperDir`) touches the package databases or
 * release files, read from the folder itself instead of asking the Engine for the container's
 * changes, which mounts its root and walks it (about 0.3 s a container, measured).
 *
 * overlayfs puts a path in the upper folder exactly when the container changed it or
 * something under it, so any of these paths being there counts, and so does anything on the
 * way that is not a plain folder: a whiteout, a file or a link where a folder was, or a folder
 * made again (opaque), which hides the image's contents below it. Only lstat is used, so no
 * link in the container is ever followed; an answer that errs says "changed", which costs an
 * evaluation of its own, never a wrong shared result.
 */
export async function ownLayerTouchesPackageState(
  upperDir: string,
  opaque: OverlayOpaqueDirs,
): Promise<boolean> {
  // The paths share their first folders: each is asked about once.
  const asked = new Map<string, Promise<boolean>>();
  const isOpaque = (hostPath: string) => {
    let answer = asked.get(hostPath);
    if (!answer) {
      answer = opaque.isOpaqueNow(hostPath);
      asked.set(hostPath, answer);
    }
    return answer;
  };
  const answers = await Promise.all(
    PACKAGE_STATE_PREFIXES.map((prefix) => touches(upperDir, prefix, isOpaque)),
  );
  return answers.some(Boolean);
}

async function touches(
  upperDir: string,
  prefix: string,
  isOpaque: (hostPath: string) => Promise<boolean>,
): Promise<boolean> {
  const parts = prefix.split('/').filter((p) => p !== '');
  let hostPath = upperDir;
  for (const [i, part] of parts.entries()) {
    hostPath = join(hostPath, part);
    const found = await lstat(hostPath).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw new CodedError(
        'ERR_TARGET_READ_FAILED',
        "could not read the container's own layer",
        {},
        { cause: err },
      );
    });
    if (!found) return false;
    if (i === parts.length - 1 || !found.isDirectory()) return true;
    if (await isOpaque(hostPath)) return true;
  }
  return false;
}
