import type { NormalizedSeverity } from '../model/normalized-severity.js';

/**
 * Vendor words, lower-cased, to the common scale. Red Hat: Critical, Important, Moderate, Low.
 * Ubuntu priorities: critical, high, medium, low, negligible, untriaged. Debian's tracker
 * urgencies: high, medium, low, unimportant, "not yet assigned" (plus a trailing "*" or "**"
 * when the urgency was guessed).
 */
const SEVERITY_WORDS: Readonly<Record<string, NormalizedSeverity>> = {
  critical: 'critical',
  urgent: 'critical',
  important: 'high',
  high: 'high',
  moderate: 'medium',
  medium: 'medium',
  low: 'low',
  negligible: 'negligible',
  unimportant: 'negligible',
  untriaged: 'unknown',
  'not yet assigned': 'unknown',
  none: 'unknown',
};

/** Maps a vendor's severity word to the normalized scale; anything unrecognised is unknown. */
export function normalizeSeverity(vendorSeverity: string | undefined): NormalizedSeverity {
  if (vendorSeverity === undefined) return 'unknown';
  const word = vendorSeverity.trim().toLowerCase().replace(/\*+$/, '').trim();
  return SEVERITY_WORDS[word] ?? 'unknown';
}
