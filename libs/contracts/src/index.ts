export { CodedError, isCodedError, type ErrorBody, type ErrorDetails } from './coded-error.js';
export { ERROR_CODES, isErrorCode, type ErrorCode, type ErrorCodeEntry } from './error-codes.js';
export {
  EVALUATION_KEY_PATTERN,
  REPORT_FILES,
  SCAN_ID_PATTERN,
  isEvaluationKey,
  isReportFile,
  isScanId,
  type ReportFile,
} from './ids.js';
export {
  EVALUATE_JOB_NAME,
  RESOLVE_JOB_NAME,
  scanQueueName,
  type EvaluateJobData,
  type ResolveJobData,
} from './queue-contract.js';
export {
  DOCKER_QUERY_JOB_NAME,
  type DockerObject,
  type DockerQuery,
  type DockerQueryJobData,
  type DockerQueryResult,
} from './docker-query.js';
export { parseIni, type IniSections } from './parse-ini.js';
export { parseScanRequest, scanRequestSchema, type ScanRequest } from './scan-request.js';
export type { ReportLinks, ScanState, ScanStatus, TargetStatus } from './scan-status.js';
export {
  NORMALIZED_SEVERITIES,
  emptySeverityCounts,
  type NormalizedSeverity,
  type SeverityCounts,
} from './severity.js';
export {
  SCAN_PHASES,
  type DetectedOs,
  type FeedProvenance,
  type Finding,
  type FindingPackage,
  type InstalledPackage,
  type ScanPhase,
  type TargetKind,
  type TargetOutcome,
  type TargetReport,
} from './target-report.js';
