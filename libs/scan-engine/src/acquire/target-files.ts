/** Size and count limits on what is read from one target. */
export interface ReadLimits {
  /** Largest single file accepted from a target. */
  maxFileBytes: number;
  /** Most bytes read from one target in all. */
  maxTotalBytes: number;
  /** Most entries accepted in one directory tree (an rpm database folder). */
  maxEntries: number;
}

export interface TreeEntry {
  /** Path inside the target, absolute. */
  path: string;
  content: Buffer;
}

/** Symbolic links followed in a row before giving up, as the kernel's ELOOP limit does. */
export const MAX_LINK_HOPS = 40;

/**
 * Read access to the files of one target, with links resolved inside the target's own root.
 * Only regular files (and folders of them) are accepted; anything else is ERR_TARGET_FILE_UNSAFE,
 * and a read over the limits is ERR_TARGET_FILE_TOO_LARGE. Absent paths are `undefined`.
 */
export interface TargetFiles {
  readonly bytesRead: number;
  readFile(path: string): Promise<Buffer | undefined>;
  /** Every regular file under a folder, keyed by its path in the target. */
  readTree(path: string): Promise<TreeEntry[] | undefined>;
}
