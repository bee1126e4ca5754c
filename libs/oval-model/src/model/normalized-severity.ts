// One scale across vendors, shared with every report: the contracts library defines it, most
// severe first; vendor words are kept beside it in findings.
export { NORMALIZED_SEVERITIES, type NormalizedSeverity } from '@image-scanner/contracts';
