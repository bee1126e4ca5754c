/** One scale across vendors; vendor words are kept beside it. */
export type NormalizedSeverity = 'critical' | 'high' | 'medium' | 'low' | 'negligible' | 'unknown';

/** Highest first, the order reports list them in. */
export const NORMALIZED_SEVERITIES: readonly NormalizedSeverity[] = [
  'critical',
  'high',
  'medium',
  'low',
  'negligible',
  'unknown',
];
