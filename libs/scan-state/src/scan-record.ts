import type {
  DetectedOs,
  ErrorBody,
  ReportLinks,
  ScanRequest,
  SeverityCounts,
  TargetKind,
  TargetOutcome,
} from '@image-scanner/contracts';

/** Lifecycle of the scan as a whole; per-target progress lives in its evaluations. */
export type ScanPhaseState = 'resolving' | 'resolved' | 'failed' | 'cancelled';

export interface ScanMeta {
  id: string;
  request: ScanRequest;
  host: string;
  createdAt: string;
  state: ScanPhaseState;
  error?: ErrorBody;
  /** When the last evaluation finished, or the scan failed or was cancelled. */
  finishedAt?: string;
}

/** A target the user asked for, as the worker resolved it on the Docker host. */
export interface ResolvedTarget {
  requested: string;
  kind?: TargetKind;
  id?: string;
  names: string[];
  imageId?: string;
  /** Absent when the target could not be resolved; `error` then says why. */
  evaluationKey?: string;
  error?: ErrorBody;
}

/** One evaluation: one image, or one container whose own layer changed its package database. */
export interface EvaluationRecord {
  key: string;
  kind: TargetKind;
  id: string;
  imageId: string;
  names: string[];
  /** Containers whose result is this evaluation's. */
  containers: string[];
  state: 'queued' | 'running' | 'done';
  startedAt?: string;
  finishedAt?: string;
  os?: DetectedOs;
  outcome?: TargetOutcome;
  counts?: SeverityCounts;
  error?: ErrorBody;
  reports?: ReportLinks;
}

export interface ScanRecord {
  meta: ScanMeta;
  targets: ResolvedTarget[];
  evaluations: Map<string, EvaluationRecord>;
}
