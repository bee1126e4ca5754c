import { UsageError } from './usage-error.js';

/** What a `scan` or `remote` command scans, from its flags. */
export type ScanScope =
  | { kind: 'list'; targets: string[] }
  | { kind: 'images'; all: boolean }
  | { kind: 'containers'; onlyActive: boolean };

export interface ScopeFlags {
  scan?: string[];
  images?: boolean;
  'all-images'?: boolean;
  containers?: boolean;
  'only-active'?: boolean;
}

/** Exactly one of `-s ID...`, `--images`, `--all-images`, `--containers`, `--only-active`. */
export function scanScopeOf(flags: ScopeFlags, fallback?: ScanScope): ScanScope {
  const chosen: ScanScope[] = [];
  if (flags.scan && flags.scan.length > 0) chosen.push({ kind: 'list', targets: flags.scan });
  if (flags.images) chosen.push({ kind: 'images', all: false });
  if (flags['all-images']) chosen.push({ kind: 'images', all: true });
  if (flags.containers) chosen.push({ kind: 'containers', onlyActive: false });
  if (flags['only-active']) chosen.push({ kind: 'containers', onlyActive: true });
  if (chosen.length > 1) {
    throw new UsageError(
      'give only one of -s ID, --images, --all-images, --containers, --only-active',
    );
  }
  const scope = chosen[0] ?? fallback;
  if (!scope) {
    throw new UsageError('give one of -s ID, --images, --all-images, --containers, --only-active');
  }
  return scope;
}
