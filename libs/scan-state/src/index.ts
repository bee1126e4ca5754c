export type {
  EvaluationRecord,
  ResolvedTarget,
  ScanMeta,
  ScanPhaseState,
  ScanRecord,
} from './scan-record.js';
export { ScanStateStore, isFinished, type ScanStateStoreOptions } from './scan-state-store.js';
export { toScanStatus } from './to-scan-status.js';
