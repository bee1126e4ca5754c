import {
  NORMALIZED_SEVERITIES,
  type NormalizedSeverity,
  type SeverityCounts,
} from '@image-scanner/contracts';

/** Red Hat's words and the normalized scale both work; Red Hat's map to the scale. */
const THRESHOLDS: Readonly<Record<string, NormalizedSeverity>> = {
  critical: 'critical',
  important: 'high',
  high: 'high',
  moderate: 'medium',
  medium: 'medium',
  low: 'low',
  any: 'unknown',
};

/** `any` reaches down to findings without a severity (`negligible`, `unknown`). */
const ORDER = NORMALIZED_SEVERITIES;

/** The normalized severity a `--fail-on` word names, or undefined when it names none. */
export function parseFailOn(word: string): NormalizedSeverity | undefined {
  return THRESHOLDS[word.toLowerCase()];
}

/** True when the counts have a finding at or above the threshold. */
export function reachesThreshold(counts: SeverityCounts, threshold: NormalizedSeverity): boolean {
  const last = ORDER.indexOf(threshold);
  return ORDER.slice(0, last + 1).some((severity) => counts[severity] > 0);
}
