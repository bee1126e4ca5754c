/** Limits and cancellation for every read/parse entry point. */
export interface ReadOptions {
  /**
   * Largest accepted document, counted in uncompressed bytes, so a small .bz2 cannot expand
   * into an unbounded one.
   * @defaultValue 512 MiB
   */
  maxBytes?: number;
  /**
   * Deepest accepted element nesting. Real feeds stay under 20; the limit stops documents
   * built to exhaust the stack of whatever walks the criteria tree later.
   * @defaultValue 256
   */
  maxDepth?: number;
  /** Aborts the read; the promise then rejects with ERR_OVAL_ABORTED. */
  signal?: AbortSignal;
  /**
   * Skip `validateReferences` in the file readers. Some real fixtures are known to be
   * inconsistent; a caller that still wants their metadata can opt out.
   * @defaultValue false
   */
  allowDanglingReferences?: boolean;
  /**
   * Results readers only: do not build the `oval_definitions` a results file embeds; the
   * document then has no `definitions`. For callers that hold the feed parsed already (the
   * embedded copy of the 7,852-definition RHEL 7 stream costs seconds to build).
   * @defaultValue false
   */
  skipDefinitions?: boolean;
}

export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 256;
