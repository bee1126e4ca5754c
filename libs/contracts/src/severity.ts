/** The one normalized scale every vendor's severity word maps to, most severe first. */
export const NORMALIZED_SEVERITIES = [
  'critical',
  'high',
  'medium',
  'low',
  'negligible',
  'unknown',
] as const;

export type NormalizedSeverity = (typeof NORMALIZED_SEVERITIES)[number];

export type SeverityCounts = Record<NormalizedSeverity, number>;

export function emptySeverityCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, negligible: 0, unknown: 0 };
}
