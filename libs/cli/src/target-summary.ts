import type {
  ErrorBody,
  SeverityCounts,
  TargetKind,
  TargetOutcome,
} from '@image-scanner/contracts';

/** One scanned target as the CLI prints it, whichever way it was scanned. */
export interface TargetSummary {
  requested: string;
  kind?: TargetKind;
  id?: string;
  names: string[];
  imageId?: string;
  /** The OS's pretty name, as the target states it. */
  os?: string;
  /** Containers that share this target's result (short ids). */
  containers: string[];
  outcome: TargetOutcome;
  counts?: SeverityCounts;
  error?: ErrorBody;
  /** The folder the XML, HTML and JSON reports were written to. */
  reportDir?: string;
}
