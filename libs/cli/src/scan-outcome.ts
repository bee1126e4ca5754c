import type { NormalizedSeverity } from '@image-scanner/contracts';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import { reachesThreshold } from './fail-on.js';
import type { TargetSummary } from './target-summary.js';

/**
 * The exit code of a finished scan: a target that could not be scanned wins (nothing
 * vouches for it), then a finding at or above `--fail-on`, else success.
 */
export function exitCodeOf(
  targets: readonly TargetSummary[],
  failOn: NormalizedSeverity | undefined,
): ExitCode {
  if (targets.some((t) => t.outcome === 'error' || t.outcome === 'unsupported')) {
    return EXIT_CODES.notScanned;
  }
  if (failOn && targets.some((t) => t.counts && reachesThreshold(t.counts, failOn))) {
    return EXIT_CODES.findings;
  }
  return EXIT_CODES.ok;
}
