import type { ScanState, ScanStatus, TargetStatus } from '@image-scanner/contracts';
import type { EvaluationRecord, ResolvedTarget, ScanRecord } from './scan-record.js';
import { isFinished } from './scan-state-store.js';

/** Builds the client-facing status of a scan from its stored record. */
export function toScanStatus(record: ScanRecord, selfUrl: string): ScanStatus {
  const targets = record.targets.map((t) => toTargetStatus(t, record.evaluations));
  const evaluations = [...record.evaluations.values()];
  const done = evaluations.filter((e) => e.state === 'done').length;
  const status: ScanStatus = {
    id: record.meta.id,
    status: scanState(record),
    createdAt: record.meta.createdAt,
    host: record.meta.host,
    progress: { done, total: evaluations.length },
    targets,
    links: { self: selfUrl, report: `${selfUrl}/report` },
  };
  if (record.meta.finishedAt) status.finishedAt = record.meta.finishedAt;
  if (record.meta.error) status.error = record.meta.error;
  return status;
}

function scanState(record: ScanRecord): ScanState {
  switch (record.meta.state) {
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
    case 'resolving':
      return 'queued';
    case 'resolved': {
      if (isFinished(record)) return 'completed';
      const started = [...record.evaluations.values()].some((e) => e.state !== 'queued');
      return started ? 'running' : 'queued';
    }
  }
}

function toTargetStatus(
  target: ResolvedTarget,
  evaluations: Map<string, EvaluationRecord>,
): TargetStatus {
  const evaluation = target.evaluationKey ? evaluations.get(target.evaluationKey) : undefined;
  const status: TargetStatus = {
    requested: target.requested,
    names: target.names,
    sharedEvaluation: evaluation !== undefined && evaluation.id !== target.id,
    state: evaluation ? evaluation.state : 'done',
  };
  if (target.kind) status.kind = target.kind;
  if (target.id) status.id = target.id;
  if (target.imageId) status.imageId = target.imageId;
  if (target.evaluationKey) status.evaluationKey = target.evaluationKey;
  if (target.error) {
    // A target that could not be resolved is an error, never missing or clean.
    status.outcome = 'error';
    status.error = target.error;
    return status;
  }
  if (!evaluation) return status;
  if (evaluation.os) status.os = evaluation.os;
  if (evaluation.outcome) status.outcome = evaluation.outcome;
  if (evaluation.counts) status.counts = evaluation.counts;
  if (evaluation.error) status.error = evaluation.error;
  if (evaluation.reports) status.reports = evaluation.reports;
  return status;
}
