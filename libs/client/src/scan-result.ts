import type { ScanStatus, TargetStatus } from '@image-scanner/contracts';

/**
 * What a client scan call returns: the targets of every scan the client ran for it (a call
 * is split into scans of at most `parallelScans` targets), in the order they were asked for.
 */
export interface ScanResult {
  dockerHost: string;
  startedAt: string;
  finishedAt: string;
  /** The API's scans, one per group of at most `parallelScans` targets. */
  scans: ScanStatus[];
  targets: TargetStatus[];
}
