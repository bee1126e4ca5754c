// The image-scanner CLI's parts, for tests and for embedding its commands elsewhere.
export { readClientProfiles, type ClientProfile } from './client-profiles.js';
export { DirectoryReportSink } from './embedded/directory-report-sink.js';
export { runEmbeddedScan, type EmbeddedScan } from './embedded/embedded-scanner.js';
export { EXIT_CODES, type ExitCode } from './exit-codes.js';
export { parseFailOn, reachesThreshold } from './fail-on.js';
export { formatSummaryBlock } from './output/summary-block.js';
export { formatHostsTable, formatRemoteHost } from './output/remote-report.js';
export { exitCodeOf } from './scan-outcome.js';
export { scanScopeOf } from './scan-scope.js';
export type { TargetSummary } from './target-summary.js';
