import type { ErrorBody } from './coded-error.js';
import type { NormalizedSeverity, SeverityCounts } from './severity.js';

export type TargetKind = 'image' | 'container';

/** What became of one target. `unsupported` and `error` are never "clean". */
export type TargetOutcome = 'vulnerable' | 'clean' | 'unsupported' | 'error';

export const SCAN_PHASES = ['acquire', 'detect', 'evaluate', 'parse', 'store'] as const;
export type ScanPhase = (typeof SCAN_PHASES)[number];

export interface DetectedOs {
  /** Normalized distro id: `rhel`, `debian`, `ubuntu`, `centos`, ... (os-release `ID`). */
  distro: string;
  /** Full version as the target states it, e.g. `7.9`, `12.8`, `22.04`. */
  version: string;
  /** Major release used to pick a feed, e.g. `7`, `12`, `22.04`. */
  release: string;
  codename?: string;
  prettyName?: string;
  /** The files the detection read, in the order they were consulted. */
  evidence: string[];
}

export interface FeedProvenance {
  /** Where the feed came from: its file name in the feed directory, or its vendor URL. */
  source: string;
  /** sha256 of the feed file as evaluated. */
  digest: string;
  generatedAt?: string;
  definitionCount: number;
}

export interface InstalledPackage {
  kind: 'rpm' | 'dpkg';
  name: string;
  /** epoch:version-release (rpm) or the dpkg version string with its epoch. */
  version: string;
  arch?: string;
  /** dpkg: the source package the binary was built from, when it differs. */
  source?: string;
}

export interface FindingPackage {
  name: string;
  installedVersion?: string;
  fixedVersion?: string;
}

export interface Finding {
  advisoryId: string;
  definitionId: string;
  title: string;
  severity: { vendor?: string; normalized: NormalizedSeverity };
  cveIds: string[];
  references: { source: string; id: string; url?: string }[];
  packages: FindingPackage[];
  fixState: 'fixed' | 'unfixed' | 'unaffected' | 'unknown';
}

/** The per-target JSON report, as stored in the report store. */
export interface TargetReport {
  schemaVersion: 1;
  scannerVersion: string;
  scanId: string;
  evaluationKey: string;
  target: {
    kind: TargetKind;
    id: string;
    names: string[];
    imageId: string;
    /** Containers that share this evaluation (same image, package database unchanged). */
    containers: string[];
  };
  dockerHost: string;
  /**
   * How the target's files were read: straight from its overlay2 layer folders, or through
   * the Engine's archive API. Absent when the target could not be opened at all.
   */
  readThrough?: 'layers' | 'engine';
  os?: DetectedOs;
  feed?: FeedProvenance;
  startedAt: string;
  finishedAt: string;
  phaseDurationsMs: Partial<Record<ScanPhase, number>>;
  outcome: TargetOutcome;
  error?: ErrorBody;
  counts: SeverityCounts;
  findings: Finding[];
  packages: InstalledPackage[];
  oscap?: { version?: string; durationMs: number };
}
