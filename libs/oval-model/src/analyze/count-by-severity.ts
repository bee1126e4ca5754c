import type { Finding } from '../model/finding.js';
import type { NormalizedSeverity } from '../model/normalized-severity.js';

/** Findings per normalized severity; every severity is present, zero when none. */
export function countBySeverity(findings: readonly Finding[]): Record<NormalizedSeverity, number> {
  const counts: Record<NormalizedSeverity, number> = {
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
    negligible: 0,
    unknown: 0,
  };
  for (const finding of findings) counts[finding.severity.normalized] += 1;
  return counts;
}
