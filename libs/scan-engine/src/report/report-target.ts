import type { TargetReport } from '@image-scanner/contracts';
import type { EvaluationRecord } from '@image-scanner/scan-state';

/** The `target` section of a report: what was evaluated and which containers share it. */
export function reportTargetOf(evaluation: EvaluationRecord): TargetReport['target'] {
  return {
    kind: evaluation.kind,
    id: evaluation.id,
    names: evaluation.names,
    imageId: evaluation.imageId,
    containers: evaluation.containers,
  };
}
