import type { ErrorBody } from './coded-error.js';
import type { SeverityCounts } from './severity.js';
import type { DetectedOs, TargetKind, TargetOutcome } from './target-report.js';

export type ScanState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

/**
 * Links to the stored reports of one evaluated target. The JSON report is always stored;
 * the XML and HTML exist only when oscap ran.
 */
export interface ReportLinks {
  xml?: string;
  html?: string;
  json: string;
}

/** One target of a scan as `GET /scans/:id` shows it. */
export interface TargetStatus {
  /** What the user asked for (a name or prefix), or the id when the scan listed all. */
  requested: string;
  kind?: TargetKind;
  id?: string;
  names: string[];
  imageId?: string;
  /** The evaluation this target's result comes from; containers share their image's. */
  evaluationKey?: string;
  sharedEvaluation: boolean;
  state: 'queued' | 'running' | 'done';
  os?: DetectedOs;
  outcome?: TargetOutcome;
  counts?: SeverityCounts;
  error?: ErrorBody;
  reports?: ReportLinks;
}

export interface ScanStatus {
  id: string;
  status: ScanState;
  createdAt: string;
  finishedAt?: string;
  host: string;
  progress: { done: number; total: number };
  error?: ErrorBody;
  targets: TargetStatus[];
  links: { self: string; report: string };
}
